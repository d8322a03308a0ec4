"""The SEA's deadlines as the guidance sets them (para 9, 78): two working days, the 3.00pm day 12
cut-off, post-meeting updates, and the one place the rule is kept."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from fieldwork import due, sea_checks
from fieldwork.frameworks import Framework, load_pack
from fieldwork.gaps import Entry, analyse, to_json
from fieldwork.workdays import WorkingCalendar

CAL = WorkingCalendar()
NOTIFIED = date(2026, 11, 10)  # a Tuesday: day 12 is Thursday 26 November 2026


def test_para_9_the_cutoff_is_3pm_on_day_12() -> None:
    assert sea_checks.cutoff(NOTIFIED, CAL) == datetime(2026, 11, 26, 15, 0)


def test_para_9_evidence_after_3pm_on_day_12_is_flagged() -> None:
    cut = sea_checks.cutoff(NOTIFIED, CAL)
    assert not sea_checks.after_cutoff("2026-11-26T14:59", cut)
    assert not sea_checks.after_cutoff("2026-11-26", cut)  # a bare date may be the morning's
    assert sea_checks.after_cutoff("2026-11-26T15:01", cut)
    assert sea_checks.after_cutoff("2026-11-27", cut)
    assert not sea_checks.after_cutoff("not a date", cut)
    payload = {"text": "Practice was timely.", "evidence_at": "2026-11-26T16:00", "recorded_at": "2026-11-26T16:30",
               "source_type": "interview", "source_detail": "Team manager"}
    flags = sea_checks.check_sea(payload, calendar=CAL, notified=NOTIFIED)
    assert [f.message for f in flags if f.kind == "after-cutoff"] == [
        "Evidence dated after 3.00pm on day 12, when evidence collection ceases (para 9)."
    ]
    assert not [f for f in sea_checks.check_sea({**payload, "evidence_at": "2026-11-26T10:00"}, calendar=CAL, notified=NOTIFIED)
                if f.kind == "after-cutoff"]


def test_para_78_entries_recorded_after_the_findings_meeting_are_post_meeting_updates() -> None:
    cut = sea_checks.cutoff(NOTIFIED, CAL)
    assert not sea_checks.after_findings_meeting("2026-11-26T14:00", cut)
    assert sea_checks.after_findings_meeting("2026-11-26T17:30", cut)
    assert sea_checks.after_findings_meeting("2026-11-27T09:00", cut)


def test_para_78_two_days_means_two_working_days_kept_in_one_place() -> None:
    assert due.ALLOWANCE == sea_checks.ALLOWANCE_WORKING_DAYS == 2
    friday = {"evidence_at": "2026-11-20T10:00", "source_type": "interview", "source_detail": "Team manager"}
    on_time = sea_checks.check_sea({**friday, "recorded_at": "2026-11-24T09:00"}, calendar=CAL)  # Tuesday: 2 working days
    late = sea_checks.check_sea({**friday, "recorded_at": "2026-11-25T09:00"}, calendar=CAL)  # Wednesday: 3
    assert not [f for f in on_time if f.kind == "late"] and [f for f in late if f.kind == "late"]
    assert "working days" in (sea_checks.__doc__ or "") and "para 12" in (sea_checks.__doc__ or "")


def test_para_78_a_judgement_and_a_criterion_make_an_entry_complete() -> None:
    assert sea_checks.incomplete({"judgement": "", "criteria": ["ESN 07"]})
    assert sea_checks.incomplete({"judgement": "strength", "criteria": []})
    assert not sea_checks.incomplete({"judgement": "strength", "criteria": ["ESN 07"]})


def test_para_78_gaps_count_post_meeting_entries_and_late_evidence() -> None:
    framework = Framework([load_pack("jtai-2016-front-door")])
    entries = [
        Entry(id="a", author="x", criteria=("ESN 07",), judgement="strength", strand="front-door", source_type="interview",
              evidence_at="2026-11-25T10:00", recorded_at="2026-11-25T12:00"),
        Entry(id="b", author="x", criteria=("ESN 07",), judgement="strength", strand="front-door", source_type="interview",
              evidence_at="2026-11-26T10:00", recorded_at="2026-11-26T18:00"),
        Entry(id="c", author="x", criteria=("ESN 07",), judgement="strength", strand="front-door", source_type="interview",
              evidence_at="2026-11-26T16:00", recorded_at="2026-11-27T09:00"),
    ]
    report = analyse(framework, entries, [], calendar=CAL, notified=NOTIFIED, today=date(2026, 11, 27))
    assert report.after_meeting == ("b", "c") and report.after_cutoff == ("c",)
    timeliness = to_json(report)["timeliness"]
    assert (timeliness["after_findings_meeting"], timeliness["after_evidence_cutoff"]) == (2, 1)


def test_para_78_sea_list_json_marks_after_findings_meeting(cli, inspection: Path) -> None:  # type: ignore[no-untyped-def]
    # The inspection in conftest was notified on 10 November 2026: the meeting was on the 26th, so
    # an entry recorded now is a post-meeting update.
    result = cli("sea", "add", "--esn", "7", "--judgement", "strength", "--source", "interview",
                 "--source-detail", "MASH team manager", "--evidence-date", "2026-11-26T16:00",
                 "--text", "Information sharing between police and children's social care was timely.")
    assert result.code == 0, result.err
    assert "3.00pm on day 12" in result.err
    (row,) = json.loads(cli("sea", "list", "--json").out)
    assert row["after_findings_meeting"] is (datetime.now() > datetime(2026, 11, 26, 15, 0))
    assert row["after_evidence_cutoff"] is True
    help_text = cli("sea", "add", "--help").out
    assert "two working days" in help_text
