"""What is due today, from what the store can know (JTAI guidance paras 74 and 78).

Para 78 asks for an SEA entry within two working days of gathering the evidence. The store never
sees evidence that has not been written up, so "evidence gathered more than two working days ago
with no entry yet" can only be approximated. Two honest proxies, each saying what it counts:

- entries already recorded late: their evidence date is more than two working days before the
  day they were recorded (the same rule as the SEA lateness check);
- tracked children allocated to an inspector more than two working days ago who appear in no SEA
  entry at all: the end-to-end look at a tracked child (para 56) should have produced evidence by
  then.

Para 74: a concern goes to a senior officer, who responds in writing on the Annex C form. A
concern whose state is "raised" or "sent" is awaiting that response; it is overdue once its
`response_due` date has passed. The concerns module owns those fields, so they are read
defensively here: a missing or malformed field never breaks the Home screen.

Pure: payloads and dates in, counts out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Mapping

from fieldwork.records import when_date
from fieldwork.sea_checks import ALLOWANCE_WORKING_DAYS
from fieldwork.workdays import WorkingCalendar, is_late

__all__ = [
    "ALLOWANCE",
    "AWAITING_STATES",
    "ConcernsDue",
    "TrackedChild",
    "concerns_due",
    "late_entries",
    "unrecorded_tracked",
]

ALLOWANCE = ALLOWANCE_WORKING_DAYS  # para 78; why working days: fieldwork.sea_checks
AWAITING_STATES = ("raised", "sent")


def late_entries(payloads: Iterable[Mapping[str, Any]], calendar: WorkingCalendar) -> int:
    """SEA entries recorded more than two working days after their evidence was gathered."""
    count = 0
    for p in payloads:
        try:
            if is_late(when_date(p["evidence_at"]), when_date(p["recorded_at"]), calendar, ALLOWANCE):
                count += 1
        except (KeyError, TypeError, ValueError):
            continue  # an entry without both dates cannot be judged late
    return count


@dataclass(frozen=True)
class TrackedChild:
    case_ref: str
    allocated_on: date | None  # the day the current allocation was made; None if unallocated


def unrecorded_tracked(
    children: Iterable[TrackedChild],
    with_entries: Iterable[str],
    today: date,
    calendar: WorkingCalendar,
) -> list[str]:
    """Case references of tracked children allocated more than two working days before `today`
    that no SEA entry names yet, sorted."""
    seen = set(with_entries)
    out = [
        c.case_ref
        for c in children
        if c.allocated_on is not None
        and c.case_ref not in seen
        and calendar.working_days_between(c.allocated_on, today) > ALLOWANCE
    ]
    return sorted(out)


@dataclass(frozen=True)
class ConcernsDue:
    awaiting: int  # raised or sent, no response recorded yet
    overdue: int  # of those, past their response_due date


def _parse_day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def concerns_due(payloads: Iterable[Mapping[str, Any]], today: date, calendar: WorkingCalendar | None = None) -> ConcernsDue:
    """Overdue as fieldwork.concerns judges it: at least one working day past the day due."""
    cal = calendar or WorkingCalendar()
    awaiting = overdue = 0
    for p in payloads:
        if p.get("state") not in AWAITING_STATES:
            continue
        awaiting += 1
        due = _parse_day(p.get("response_due"))
        if due is not None and due < today and cal.working_days_between(due, today) > 0:
            overdue += 1
    return ConcernsDue(awaiting, overdue)
