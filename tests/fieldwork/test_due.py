"""What Home counts as due: late entries, tracked children with no entry, concerns awaiting a response."""

from __future__ import annotations

from datetime import date

from fieldwork.due import TrackedChild, concerns_due, late_entries, unrecorded_tracked
from fieldwork.workdays import WorkingCalendar

CAL = WorkingCalendar()


def test_late_entries_uses_working_days_and_skips_undated() -> None:
    payloads = [
        {"evidence_at": "2026-11-16", "recorded_at": "2026-11-18T17:00"},  # Mon -> Wed: 2 days, on time
        {"evidence_at": "2026-11-16T10:00", "recorded_at": "2026-11-19T09:00"},  # Mon -> Thu: late
        {"evidence_at": "2026-11-13", "recorded_at": "2026-11-17"},  # Fri -> Tue over a weekend: on time
        {"evidence_at": "2026-11-16"},  # no recording time
        {"evidence_at": "garbage", "recorded_at": "2026-11-19"},
    ]
    assert late_entries(payloads, CAL) == 1


def test_tracked_children_allocated_more_than_two_working_days_ago_without_an_entry() -> None:
    children = [
        TrackedChild("CR-100003", date(2026, 11, 12)),  # Thu; today Tue 17th: 3 working days
        TrackedChild("CR-100001", date(2026, 11, 13)),  # Fri: 2 working days, not yet
        TrackedChild("CR-100002", date(2026, 11, 10)),  # has an entry
        TrackedChild("CR-100004", None),  # not allocated
    ]
    assert unrecorded_tracked(children, {"CR-100002"}, date(2026, 11, 17), CAL) == ["CR-100003"]


def test_concerns_awaiting_and_overdue_read_defensively() -> None:
    payloads = [
        {"state": "raised", "response_due": "2026-11-16"},
        {"state": "sent", "response_due": "2026-11-20"},
        {"state": "sent"},
        {"state": "sent", "response_due": 42},
        {"state": "responded", "response_due": "2026-11-01"},
        {},
    ]
    due = concerns_due(payloads, date(2026, 11, 18))
    assert (due.awaiting, due.overdue) == (4, 1)
