"""Consent, "spoken with" and the joint evaluations: the rules, and `fieldwork child consent|spoken|
voice` and `fieldwork evaluation record|list` on a real store (notified Tuesday 10 November 2026:
day 7 is Thursday 19 November, day 8 Friday 20 November)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from fieldwork import authority, evaluations, voice
from fieldwork.errors import ValidationError

TODAY = date(2026, 11, 24)
DAY8 = date(2026, 11, 20)


def test_consent_is_kept_for_child_and_carer_separately() -> None:
    first = voice.consent_payload({"child": "cr-104233", "child_consent": "given"}, today=TODAY)
    assert first["child"] == "CR-104233" and first["carer_consent"] == "unknown"
    with pytest.raises(ValidationError, match="record the agency's reason"):
        voice.consent_payload({"carer_consent": "not-possible"}, base=first, today=TODAY)
    later = voice.consent_payload({"carer_consent": "not-possible", "reason": "Parent in hospital this week",
                                   "confirmed_on": "2026-11-20"}, base=first, today=TODAY)
    assert later["child_consent"] == "given" and later["carer_consent"] == "not-possible"
    assert voice.consent_warnings(later, day8=DAY8, today=TODAY) == []
    assert voice.consent_warnings(first, day8=DAY8, today=TODAY) == [
        "Consent from the child and from the parent or carer not both known yet (para 50).",
        "The agency has not confirmed consent in writing; it was due by day 8 (2026-11-20).",
    ]
    late = {**later, "confirmed_on": "2026-11-23"}
    assert voice.consent_warnings(late, day8=DAY8, today=TODAY) == ["Confirmed in writing after day 8 (2026-11-20)."]
    with pytest.raises(ValidationError, match="in the future"):
        voice.consent_payload({"child": "CR-1", "confirmed_on": "2026-11-25"}, today=TODAY)


def test_spoken_with_holds_no_words() -> None:
    p = voice.spoken_payload({"child": "CR-104233", "on": "2026-11-23", "how": "in-person"}, by="i-ab", today=TODAY)
    assert p == {"child": "CR-104233", "on": "2026-11-23", "how": "in-person", "feedback_to_agency": False, "by": "i-ab"}
    with pytest.raises(ValidationError, match="Say how"):
        voice.spoken_payload({"child": "CR-104233"}, by="i-ab", today=TODAY)


def test_an_evaluation_needs_its_day_and_sea_before_a_view() -> None:
    args = {"known_sea": {"s1"}, "by": "i-ab", "today": TODAY}
    with pytest.raises(ValidationError, match="Record the day the evaluation was received"):
        evaluations.evaluation_payload({"child": "CR-1", "quality": "Thorough."}, **args)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Link the view"):
        evaluations.evaluation_payload({"child": "CR-1", "received_on": "2026-11-19", "quality": "Thorough."}, **args)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="No SEA entry"):
        evaluations.evaluation_payload({"child": "CR-1", "sea": ["s9"]}, **args)  # type: ignore[arg-type]
    p = evaluations.evaluation_payload({"child": "CR-1", "received_on": "2026-11-19", "quality": "Thorough.", "sea": ["s1"]}, **args)  # type: ignore[arg-type]
    due = date(2026, 11, 19)
    assert evaluations.on_time(p, due) is True and evaluations.evaluation_warnings(p, due=due, today=TODAY) == []
    assert evaluations.evaluation_warnings({}, due=due, today=TODAY) == ["No joint evaluation received; it was due by day 7 (2026-11-19)."]
    assert evaluations.on_time({"received_on": "2026-11-20"}, due) is False


def test_consent_spoken_and_evaluation_cli(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("child", "add", "CR-104233", "--stage", "tracked").code == 0
    consent = cli("child", "consent", "CR-104233", "--child", "given", "--carer", "given", "--confirmed-on", "2026-11-20")
    assert consent.code == 0, consent.err
    # The child record's own consent field follows, in the same write.
    assert json.loads(cli("child", "list", "--json").out)[0]["consent"] == "given"
    refused = cli("child", "consent", "CR-104233", "--carer", "refused")
    assert refused.code == 1 and "record the agency's reason" in refused.err
    spoken = cli("child", "spoken", "CR-104233", "--on", "2026-11-23", "--how", "phone", "--feedback-to-agency")
    assert spoken.code == 0, spoken.err
    rows = json.loads(cli("child", "voice", "--json").out)
    assert rows[0]["carer_consent"] == "given"
    assert rows[0]["spoken"] == [{"id": spoken.last_line, "on": "2026-11-23", "how": "phone", "feedback_to_agency": True, "by": "AB"}]

    entry = cli("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "document", "--source-detail",
                "Joint evaluation", "--evidence-date", "2026-11-20", "--child", "CR-104233", "--text",
                "The joint evaluation identified the delay in the strategy discussion accurately and proposed effective actions.")
    assert entry.code == 0, entry.err
    recorded = cli("evaluation", "record", "CR-104233", "--received-on", "2026-11-19", "--quality",
                   "Thorough and self-aware: it found the delay inspectors also found.", "--sea", entry.last_line[:8],
                   "--matches", "yes", "--strengths", "yes", "--development", "yes")
    assert recorded.code == 0, recorded.err
    assert "received 2026-11-19, by day 7." in recorded.out
    listed = json.loads(cli("evaluation", "list", "--json").out)
    assert listed[0]["sea"] == [entry.last_line] and listed[0]["on_time"] is True and listed[0]["matches"] == "yes"
    assert cli("evaluation", "record", "CR-999999", "--received-on", "2026-11-19").code == 1


def test_members_write_these_records() -> None:
    for kind in ("consent", "spoken-with", "joint-evaluation"):
        assert authority.check(kind=kind, op="put", role="team", author="x", record="r", before=None, after={}) is None
