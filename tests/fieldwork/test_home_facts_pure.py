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
    # The response due on the closure day (Friday 20th) is not overdue over the weekend (para 72: in
    # working days), and is on Monday 23rd.
    weekend = summary_from(facts(), date(2026, 11, 22))
    assert "2 concerns await a written response (para 74)" in [line.text for line in weekend.due]
    later = summary_from(facts(), date(2026, 11, 23))
    assert "2 concerns await a written response (para 74); 1 overdue by at least a working day" in [line.text for line in later.due]


def test_a_store_without_the_inspection_yet_says_to_sync() -> None:
    summary = summary_from(HomeFacts(who="CD", has_inspection=False), date(2026, 11, 19))
    assert summary.title == "Inspection details not received yet" and "Sync" in summary.next_step


def test_para_74_an_unsent_category_1_concern_comes_first_on_home() -> None:
    from datetime import datetime, timezone

    summary = summary_from(facts(unsent_category1=("2026-11-19T08:00:00+00:00",)), date(2026, 11, 19),
                           now=datetime(2026, 11, 19, 11, 0, tzinfo=timezone.utc))
    first = summary.due[0]
    assert first.text == "A category 1 concern (a child at immediate risk) is not yet sent to the agency, raised 3 hours ago"
    assert first.urgent and first.target == "concerns"


def test_para_78_home_counts_post_meeting_entries_and_evidence_after_the_cutoff() -> None:
    lines = [line.text for line in summary_from(facts(after_meeting=2, after_cutoff=1), date(2026, 11, 26)).due]
    assert "2 SEA entries were recorded after the day 12 findings meeting: post-meeting updates (para 78)" in lines
    assert "1 SEA entry has evidence dated after 3.00pm on day 12, when evidence collection ceases (para 9)" in lines


def test_para_78_from_day_13_home_lists_what_is_still_open() -> None:
    busy = facts(drafts=1, incomplete=2)
    # Notified Tuesday 10 November with a closure on Friday 20th: day 12 is Friday 27th, day 13 Monday 30th.
    before = [line.text for line in summary_from(busy, date(2026, 11, 27)).due]
    assert not any(text.startswith("Still open") for text in before)
    (line,) = [line for line in summary_from(busy, date(2026, 11, 30)).due if line.text.startswith("Still open")]
    assert line.urgent and line.text == (
        "Still open, and the SEA must be complete by the end of day 13 (para 78): 1 draft kept on this laptop; "
        "2 SEA entries without a judgement or a criterion; 1 unresolved conflict; 3 SEA entries flagged late"
    )
    assert not any(t.text.startswith("Still open") for t in summary_from(facts(late=0, conflicts=0), date(2026, 11, 30)).due)
