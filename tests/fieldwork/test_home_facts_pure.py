"""Home's summary from its facts: the facts keep as JSON, and damaged ones are refused, not trusted."""

from __future__ import annotations

from datetime import date

from fieldwork.home import HomeFacts, summary_from

VOCABULARY = {"inspection": "inspection", "entry": "SEA entry", "entries": "SEA entries", "child": "child", "children": "children"}


def facts(**changes: object) -> HomeFacts:
    base = HomeFacts(
        who="AB · Ofsted · Lead inspector",
        has_inspection=True,
        area="Testshire",
        theme="Neglect",
        vocabulary=VOCABULARY,
        notified="2026-11-10",
        closures=("2026-11-20",),
        late=3,
        late_mine=1,
        unrecorded=(("CR-100001", "2026-11-16"), ("CR-100002", None)),
        concerns=(("raised", "2026-11-20"), ("sent", ""), ("closed", "2026-11-01")),
        conflicts=1,
        entries_mine=4,
        allocated_mine=2,
        tracked_mine=1,
    )
    return HomeFacts(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_facts_keep_as_json_exactly() -> None:
    import json

    original = facts()
    assert HomeFacts.from_json(json.loads(json.dumps(original.to_json()))) == original


def test_damaged_or_foreign_facts_are_refused() -> None:
    good = facts().to_json()
    assert HomeFacts.from_json({**good, "format": 99}) is None
    assert HomeFacts.from_json({**good, "surprise": 1}) is None
    assert HomeFacts.from_json({**good, "unrecorded": [["CR-1"]]}) is None
    assert HomeFacts.from_json("not facts") is None


def test_the_summary_applies_todays_date_to_the_facts() -> None:
    # Thursday 19 November 2026: the allocation on Monday 16th is three working days old.
    summary = summary_from(facts(), date(2026, 11, 19))
    lines = [line.text for line in summary.due]
    assert summary.today.startswith("Thursday 19 November 2026 — day 7 of the inspection")
    assert lines[0].startswith("3 SEA entries were recorded more than 2 working days after the evidence") and lines[0].endswith("1 of them mine")
    assert lines[1].endswith("with no SEA entry yet: CR-100001")  # CR-100002 is not allocated
    assert lines[2] == "2 concerns await a written response (para 74)"  # none overdue yet
    assert lines[3].startswith("1 record was edited differently")
    assert summary.mine == "I wrote 4 SEA entries · 2 children are allocated to me (1 tracked)"
    # A day later the closure (Friday 20th) is not a working day, and the raised concern's response is overdue.
    later = summary_from(facts(), date(2026, 11, 21))
    assert "2 concerns await a written response (para 74); 1 overdue" in [line.text for line in later.due]


def test_a_store_without_the_inspection_yet_says_to_sync() -> None:
    summary = summary_from(HomeFacts(who="CD", has_inspection=False), date(2026, 11, 19))
    assert summary.title == "Inspection details not received yet" and "Sync" in summary.next_step
