"""All the live checks on an SEA entry in one place, shared by the editor and `sea add`/`sea edit`.

- a possible personal name (para 80): blocking until the inspector confirms it is not a name;
- descriptive rather than evaluative (para 77);
- late: recorded more than two working days after the evidence was gathered (para 78);
- after the cut-off: evidence dated after 3.00pm on day 12, when collection ceases (para 9);
- missing source detail or evidence date (para 75).

And the SEA's deadlines, the one place they are kept:

- "within two days of collecting the evidence" (para 78) means two WORKING days. The guidance counts
  every day of its own in working days: the timeline's days 0-43 (para 9), "nine working days
  before fieldwork" (para 12), 70 working days for the statement of action (para 98); where it
  means clock time it says hours. So an entry for Friday's evidence made on Tuesday is on time.
- evidence collection ceases at 3.00pm on day 12 (para 9), and the team meets that afternoon to
  agree provisional findings; all entries must be made before that meeting (para 78). An entry
  recorded after 3.00pm on day 12 is a post-meeting update, which para 78 allows ("inspectors may
  review and update the SEA to reflect discussions at this meeting"), and is marked as such.
- all entries must be complete by the end of day 13 (para 78).
"""

from __future__ import annotations

from dataclasses import replace

from datetime import date, datetime, time
from typing import Any, Iterable, Mapping

from fieldwork.checks import Flag, check_evaluative
from fieldwork.free_text import names_in
from fieldwork.records import when_date
from fieldwork.workdays import WorkingCalendar, is_late


#: Para 78: entries within two working days of the evidence (see the module docstring).
ALLOWANCE_WORKING_DAYS = 2
#: Para 9: evidence collection ceases at 3.00pm on day 12; the findings meeting follows that afternoon.
CUTOFF_DAY = 12
CUTOFF_TIME = time(15, 0)
#: Para 78: every entry complete by the end of day 13.
COMPLETE_BY_DAY = 13


def cutoff(notified: date, calendar: WorkingCalendar) -> datetime:
    """3.00pm on day 12: evidence after it is flagged, entries after it are post-meeting updates."""
    return datetime.combine(calendar.add_working_days(notified, CUTOFF_DAY), CUTOFF_TIME)


def _moment(value: Any, *, day_end: bool) -> datetime | None:
    """A stored "YYYY-MM-DD[THH:MM]" as a local time; a bare date is its start or its end."""
    text = str(value or "")
    try:
        if len(text) <= 10:
            return datetime.combine(date.fromisoformat(text[:10]), time.max if day_end else time.min)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=None)


def after_cutoff(evidence_at: Any, cut: datetime) -> bool:
    """Evidence dated after the 3.00pm day 12 cut-off (para 9). A bare date of day 12 is not:
    it may be the morning's."""
    moment = _moment(evidence_at, day_end=False)
    return moment is not None and moment > cut


def after_findings_meeting(recorded_at: Any, cut: datetime) -> bool:
    """An entry first recorded after 3.00pm on day 12: a post-meeting update (para 78)."""
    moment = _moment(recorded_at, day_end=False)
    return moment is not None and moment > cut


def incomplete(payload: Mapping[str, Any]) -> bool:
    """An entry without a judgement or a criterion: not complete as day 13 requires (para 78)."""
    return not payload.get("judgement") or not payload.get("criteria")


def check_sea(
    payload: Mapping[str, Any],
    *,
    calendar: WorkingCalendar,
    allow: Iterable[str] = (),
    notified: date | None = None,
) -> list[Flag]:
    text = str(payload.get("text") or "")
    names = names_in("sea", payload, allow=allow)
    flags: list[Flag] = [n.flag for n in names if n.field == "text"]
    if text:
        flags.extend(check_evaluative(text))
    # Every stored free-text field, not only the entry's text (para 80; fieldwork.free_text says
    # which). Their flags carry no span, which belongs to the text alone.
    for n in names:
        if n.field != "text":
            flags.append(replace(n.flag, start=None, end=None, message=f"In the {n.label}: {n.flag.message}"))
    evidence_at = payload.get("evidence_at")
    recorded_at = payload.get("recorded_at")
    if not evidence_at:
        flags.append(
            Flag(kind="missing-date", message="No evidence date: record when the evidence was gathered (para 75).", start=None, end=None, word=None, blocking=False)
        )
    elif recorded_at and is_late(when_date(evidence_at), when_date(recorded_at), calendar, ALLOWANCE_WORKING_DAYS):
        flags.append(
            Flag(
                kind="late",
                message="Recorded more than two working days after the evidence was gathered (para 78).",
                start=None,
                end=None,
                word=None,
                blocking=False,
            )
        )
    if evidence_at and notified is not None and after_cutoff(evidence_at, cutoff(notified, calendar)):
        flags.append(
            Flag(
                kind="after-cutoff",
                message="Evidence dated after 3.00pm on day 12, when evidence collection ceases (para 9).",
                start=None,
                end=None,
                word=None,
                blocking=False,
            )
        )
    if not payload.get("source_type") or not str(payload.get("source_detail") or "").strip():
        flags.append(
            Flag(
                kind="missing-source",
                message="No source detail: name the job title or document the evidence came from (para 75).",
                start=None,
                end=None,
                word=None,
                blocking=False,
            )
        )
    return flags


def blocking_names(flags: Iterable[Flag]) -> list[str]:
    return [f.word or "" for f in flags if f.kind == "name"]
