"""Home's summary: today as a day of the inspection, what is due, and my own counts.

Split in two so the app can draw Home before it has decrypted the whole store:

- `HomeFacts`: everything Home needs from the records, none of it depending on today's date
  (gathered by store/home_facts.py, which keeps the last facts encrypted beside the store);
- `summary_from(facts, today)`: the lines Home shows, worked out from the facts and the date.

Pure: no I/O, no Textual. The counting rules themselves are in `fieldwork.due` and
`fieldwork.timeline`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from fieldwork import due
from fieldwork.timeline import day_of_inspection, milestones, phase
from fieldwork.workdays import WorkingCalendar

FACTS_FORMAT = 1


@dataclass
class DueLine:
    text: str
    target: str  # a section name, opened on Enter
    urgent: bool = False


@dataclass
class HomeSummary:
    title: str
    me: str
    today: str
    next_step: str
    due: list[DueLine] = field(default_factory=list)
    mine: str = ""


@dataclass(frozen=True)
class HomeFacts:
    """What Home reads from the records. Dates are ISO strings so the facts keep as JSON."""

    who: str  # my initials, inspectorate and role, as shown
    has_inspection: bool
    area: str = ""
    theme: str = ""
    mode: str = "inspection"
    vocabulary: dict[str, str] = field(default_factory=dict)
    notified: str = ""
    closures: tuple[str, ...] = ()
    late: int = 0  # entries recorded more than the allowance after their evidence
    late_mine: int = 0
    # Tracked children no entry names yet: (case reference, day the current allocation was made).
    unrecorded: tuple[tuple[str, str | None], ...] = ()
    # Concerns, as much of each as `due.concerns_due` reads.
    concerns: tuple[tuple[str, str], ...] = ()  # (state, response_due)
    conflicts: int = 0
    entries_mine: int = 0
    allocated_mine: int = 0
    tracked_mine: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"format": FACTS_FORMAT, **asdict(self)}

    @classmethod
    def from_json(cls, data: Any) -> "HomeFacts | None":
        """The facts kept earlier, or None if they are from another format or damaged."""
        if not isinstance(data, dict) or data.get("format") != FACTS_FORMAT:
            return None
        try:
            body = {k: v for k, v in data.items() if k != "format"}
            facts = cls(**body)
            return cls(
                **{
                    **body,
                    "vocabulary": {str(k): str(v) for k, v in facts.vocabulary.items()},
                    "closures": tuple(str(d) for d in facts.closures),
                    "unrecorded": tuple((str(r), None if s is None else str(s)) for r, s in facts.unrecorded),
                    "concerns": tuple((str(s), str(d)) for s, d in facts.concerns),
                }
            )
        except (TypeError, ValueError, AttributeError):
            return None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def calendar_of(facts: HomeFacts) -> WorkingCalendar:
    return WorkingCalendar(date.fromisoformat(d) for d in facts.closures)


def summary_from(facts: HomeFacts, today: date) -> HomeSummary:
    day_text = today.strftime("%A %-d %B %Y")
    if not facts.has_inspection:
        return HomeSummary(
            title="Inspection details not received yet",
            me=facts.who,
            today=day_text,
            next_step="Sync with the lead's bundle to receive the inspection's details and records.",
        )
    words = facts.vocabulary
    cal = calendar_of(facts)
    notified = date.fromisoformat(facts.notified)
    day = day_of_inspection(notified, today, cal)
    when = f"{day_text} — day {day} of the {words['inspection']}: {phase(day)}"
    if not cal.is_working_day(today):
        when += " (not a working day)"
    upcoming = [m for m in milestones(notified, cal) if m.date > today]
    next_step = ""
    if upcoming:
        m = upcoming[0]
        next_step = f"Next: day {m.day}, {m.date.strftime('%a %-d %b')} — {m.activity}"

    lines: list[DueLine] = []
    if facts.late:
        lines.append(DueLine(
            f"{_plural(facts.late, words['entry'] + ' was', words['entries'] + ' were')} recorded more than "
            f"{due.ALLOWANCE} working days after the evidence (para 78); {facts.late_mine} of them mine",
            "sea",
        ))
    tracked = [
        due.TrackedChild(ref, date.fromisoformat(since) if since else None) for ref, since in facts.unrecorded
    ]
    quiet = due.unrecorded_tracked(tracked, (), today, cal)
    if quiet:
        lines.append(DueLine(
            f"{_plural(len(quiet), 'tracked child', 'tracked children')} allocated over {due.ALLOWANCE} working "
            f"days ago with no {words['entry']} yet: {', '.join(quiet)}",
            "children",
            urgent=True,
        ))
    concerns = due.concerns_due([{"state": s, "response_due": d} for s, d in facts.concerns], today)
    if concerns.awaiting:
        text = f"{_plural(concerns.awaiting, 'concern awaits', 'concerns await')} a written response (para 74)"
        if concerns.overdue:
            text += f"; {concerns.overdue} overdue"
        lines.append(DueLine(text, "concerns", urgent=bool(concerns.overdue)))
    if facts.conflicts:
        lines.append(DueLine(
            f"{_plural(facts.conflicts, 'record was', 'records were')} edited differently on two laptops: choose what to keep",
            "conflicts",
            urgent=True,
        ))
    mine = (
        f"I wrote {_plural(facts.entries_mine, words['entry'], words['entries'])} · "
        f"{_plural(facts.allocated_mine, words['child'] + ' is', words['children'] + ' are')} allocated to me"
        f" ({facts.tracked_mine} tracked)"
    )
    return HomeSummary(
        title=f"{facts.area} · {facts.theme}",
        me=facts.who,
        today=when,
        next_step=next_step,
        due=lines,
        mine=mine,
    )
