"""Findings: validation, agreement, and the "points the other way" rule."""

from __future__ import annotations

import pytest

from fieldwork.errors import ValidationError
from fieldwork.findings import (
    PARTNERSHIP,
    Finding,
    FindingRules,
    agree_payload,
    balance,
    criteria_of,
    finding_payload,
    ordered,
)
from fieldwork.gaps import Entry

ENTRIES = {
    "s1": Entry("s1", "a", ("ESN 07",), "strength", "front-door", "case-file"),
    "s2": Entry("s2", "a", ("ESN 14", "ESN 17"), "development", "leadership", "interview"),
    "s3": Entry("s3", "a", ("ESN 17",), "concern", "leadership", "case-file"),
}
RULES = FindingRules(
    criteria={"ESN 07": "front-door", "ESN 14": "leadership", "ESN 17": "leadership", "ESN 22": "partnership"},
    strands=["front-door", "deep-dive", "leadership", "partnership"],
    entries=ENTRIES,
)
TEXT = "Supervision is infrequent and does not challenge drift in plans."


def make(**fields: object) -> dict:
    base = {"type": "development", "scope": "partnership", "text": TEXT, "sea": ["s2"]}
    base.update(fields)
    return finding_payload(base, RULES)


def test_a_valid_finding_is_a_draft_with_a_default_strand() -> None:
    p = make()
    assert p["state"] == "draft" and p["scope"] == PARTNERSHIP and p["criteria"] == []
    assert p["strand"] == "leadership"  # where its evidence sits
    assert make(criteria=["ESN 22"], sea=["s1"])["strand"] == "partnership"  # the first criterion's
    assert make(strand="front-door")["strand"] == "front-door"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sea": []}, "at least one supporting SEA entry"),
        ({"sea": ["nope"]}, "No SEA entry with id 'nope'"),
        ({"type": "weakness"}, "Unknown finding type"),
        ({"text": "   "}, "statement is empty"),
        ({"scope": ""}, "needs a scope"),
        ({"criteria": ["ESN 40"]}, "Unknown criterion 'ESN 40'"),
        ({"strand": "elsewhere"}, "Unknown strand"),
        ({"colour": "red"}, "Unknown finding field"),
    ],
)
def test_invalid_findings_are_refused(fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make(**fields)


def test_scope_is_partnership_or_a_named_agency() -> None:
    assert make(scope="  Partnership ")["scope"] == PARTNERSHIP
    assert make(scope="  Police   force ")["scope"] == "Police force"


def test_agreeing_and_editing_an_agreed_finding() -> None:
    agreed = agree_payload(make(), RULES, by="lead-id", at="2026-11-26T15:30")
    assert (agreed["state"], agreed["agreed_by"]) == ("agreed", "lead-id")
    # Adding evidence or rewording reopens it: the team agreed the old version.
    reopened = finding_payload({"text": TEXT + " Managers rarely record it."}, RULES, base=agreed)
    assert reopened["state"] == "draft" and "agreed_by" not in reopened
    assert finding_payload({"sea": ["s2", "s3"]}, RULES, base=agreed)["state"] == "draft"
    # Restating the same values changes nothing.
    assert finding_payload({"text": TEXT, "type": "development"}, RULES, base=agreed)["state"] == "agreed"


def test_agreeing_refuses_a_finding_whose_evidence_has_gone() -> None:
    payload = make(sea=["s2", "s3"])
    rules = FindingRules(RULES.criteria, RULES.strands, {"s2": ENTRIES["s2"]})
    with pytest.raises(ValidationError, match="no longer exists"):
        agree_payload(payload, rules, by="x", at="y")


def test_unknown_keys_from_a_newer_version_survive_an_edit() -> None:
    base = {**make(), "future_field": 1}
    assert finding_payload({"text": "Plans drift."}, RULES, base=base)["future_field"] == 1


@pytest.mark.parametrize(
    ("finding_type", "judgements", "contrary", "mixed"),
    [
        ("strength", ["strength", "strength", "development"], False, True),
        ("strength", ["development", "concern", "strength"], True, False),
        ("strength", ["strength", "development"], False, True),  # exactly half: mixed, not flagged
        ("strength", ["concern", "context", "context", "context"], True, False),  # context does not dilute
        ("development", ["strength", "strength", "development"], True, False),
        ("development", ["concern", "development"], False, False),
        ("priority", ["strength", "concern"], False, True),
        ("priority", ["strength", "strength", "concern"], True, False),
    ],
)
def test_points_the_other_way(finding_type: str, judgements: list[str], contrary: bool, mixed: bool) -> None:
    b = balance(finding_type, judgements)
    assert b.contrary is contrary
    assert any(n.startswith("Mixed") for n in b.notes) is mixed


def test_balance_notes_for_context_only_and_priority_without_concern() -> None:
    assert balance("strength", ["context"]).notes == ("None of its supporting entries is evaluative (all context).",)
    b = balance("priority", ["development", "development"])
    assert not b.contrary and b.supporting == 2
    assert "No supporting entry records a serious concern (para 88)." in b.notes
    assert balance("priority", ["concern"]).notes == ()


def test_criteria_default_to_the_evidence_and_ordering() -> None:
    f = Finding.from_payload("f1", make(sea=["s2", "s3"]))
    assert criteria_of(f, ENTRIES) == ("ESN 14", "ESN 17")
    g = Finding.from_payload("f2", make(criteria=["ESN 07"], type="strength", sea=["s1"]), created="2")
    h = Finding.from_payload("f3", make(type="priority", sea=["s3"]), created="1")
    assert [x.id for x in ordered([h, f, g], RULES.strands)] == ["f2", "f1", "f3"]
