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
from datetime import date, datetime
from typing import Any

from fieldwork import due
from fieldwork.sea_checks import COMPLETE_BY_DAY, CUTOFF_DAY
from fieldwork.timeline import day_of_inspection, day_off, milestones, phase
from fieldwork.workdays import WorkingCalendar

FACTS_FORMAT = 2


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
    # When each category 1 concern still not sent was raised (ISO times): a child at immediate risk.
    unsent_category1: tuple[str, ...] = ()
    after_meeting: int = 0  # entries recorded after 3.00pm on day 12 (para 78: post-meeting updates)
    after_cutoff: int = 0  # entries whose evidence is dated after that cut-off (para 9)
    incomplete: int = 0  # entries without a judgement or a criterion
    drafts: int = 0  # my SEA drafts kept on this laptop, not yet saved as entries

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
                    "unsent_category1": tuple(str(t) for t in facts.unsent_category1),
                }
            )
        except (TypeError, ValueError, AttributeError):
            return None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def calendar_of(facts: HomeFacts) -> WorkingCalendar:
    return WorkingCalendar(date.fromisoformat(d) for d in facts.closures)


def _hours_since(iso: str, now: datetime | None) -> str:
    if now is None:
        return ""
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if then.tzinfo is not None and now.tzinfo is None:
        now = now.astimezone()
    elif then.tzinfo is None and now.tzinfo is not None:
        then = then.astimezone()
    hours = max(0.0, (now - then).total_seconds() / 3600)
    return f", raised {hours:.0f} hour{'s' if round(hours) != 1 else ''} ago" if hours >= 1 else ", raised within the hour"


def summary_from(facts: HomeFacts, today: date, now: datetime | None = None) -> HomeSummary:
    """`now`, when given, lets an unsent category 1 concern say how long it has waited."""
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
    off = day_off(notified, today, cal)
    when = f"{day_text}: {off}" if off else f"{day_text} — day {day} of the {words['inspection']}: {phase(day)}"
    upcoming = [m for m in milestones(notified, cal) if m.date > today]
    next_step = ""
    if upcoming:
        m = upcoming[0]
        next_step = f"Next: day {m.day}, {m.date.strftime('%a %-d %b')} — {m.activity}"

    lines: list[DueLine] = []
    # Para 74: a category 1 concern is a child at immediate risk; unsent, it comes first.
    for raised_at in facts.unsent_category1:
        lines.append(DueLine(
            f"A category 1 concern (a child at immediate risk) is not yet sent to the agency{_hours_since(raised_at, now)}",
            "concerns",
            urgent=True,
        ))
    if day >= COMPLETE_BY_DAY:
        still_open = _open_items(facts, words)
        if still_open:
            lines.append(DueLine(
                f"Still open, and the SEA must be complete by the end of day {COMPLETE_BY_DAY} (para 78): {'; '.join(still_open)}",
                "sea",
                urgent=True,
            ))
    if facts.after_cutoff:
        lines.append(DueLine(
            f"{_plural(facts.after_cutoff, words['entry'] + ' has', words['entries'] + ' have')} evidence dated after "
            f"3.00pm on day {CUTOFF_DAY}, when evidence collection ceases (para 9)",
            "sea",
        ))
    if facts.after_meeting:
        lines.append(DueLine(
            f"{_plural(facts.after_meeting, words['entry'] + ' was', words['entries'] + ' were')} recorded after the "
            f"day {CUTOFF_DAY} findings meeting: post-meeting updates (para 78)",
            "sea",
        ))
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
    concerns = due.concerns_due([{"state": s, "response_due": d} for s, d in facts.concerns], today, cal)
    if concerns.awaiting:
        text = f"{_plural(concerns.awaiting, 'concern awaits', 'concerns await')} a written response (para 74)"
        if concerns.overdue:
            text += f"; {concerns.overdue} overdue by at least a working day"
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


def _open_items(facts: HomeFacts, words: dict[str, str]) -> list[str]:
    """What stands between the SEA and complete (para 78), each counted, nothing when none."""
    items = [
        (facts.drafts, "draft kept on this laptop", "drafts kept on this laptop"),
        (facts.incomplete, f"{words['entry']} without a judgement or a criterion", f"{words['entries']} without a judgement or a criterion"),
        (facts.conflicts, "unresolved conflict", "unresolved conflicts"),
        (facts.late, f"{words['entry']} flagged late", f"{words['entries']} flagged late"),
    ]
    return [_plural(n, one, many) for n, one, many in items if n]
