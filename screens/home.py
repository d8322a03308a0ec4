"""Home: today as a day of the inspection, what is due, my own counts, and the way to every section.

The counting lives in `fieldwork.due` and `fieldwork.timeline`; this screen gathers the records
and lays the answers out. Every line of "what is due" says what it counts, because the store can
only approximate "evidence not yet written up" (see fieldwork/due.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from fieldwork import due
from fieldwork import records as rec
from fieldwork.timeline import day_of_inspection, milestones, phase

if TYPE_CHECKING:
    from screens.app import FieldworkApp
    from store.workspace import Workspace


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


def _local_day(iso: str) -> date:
    """The local calendar day of a stored UTC time."""
    return datetime.fromisoformat(iso).astimezone().date()


def allocated_since(ws: "Workspace", record_id: str) -> date | None:
    """The day the child's current allocation was made: the first version of the latest run of
    versions that all name today's allocated inspector."""
    record = ws.get(record_id)
    current = record.payload.get("allocated") if record else None
    if not current:
        return None
    since: str | None = None
    for entry in ws.history(record_id):
        if entry.op == "put" and entry.payload.get("allocated") == current:
            since = since or entry.when
        else:
            since = None
    return _local_day(since) if since else None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summarise(ws: "Workspace", today: date) -> HomeSummary:
    from store.sea import calendar

    me = ws.me
    who = " · ".join(
        x for x in (me.get("name", ""), rec.INSPECTORATES.get(me.get("inspectorate", ""), ""), rec.ROLES.get(me.get("role", ""), "")) if x
    )
    if not ws.has_inspection:
        return HomeSummary(
            title="Inspection details not received yet",
            me=who,
            today=today.strftime("%A %-d %B %Y"),
            next_step="Sync with the lead's bundle to receive the inspection's details and records.",
        )
    inspection = ws.inspection
    words = ws.framework.vocabulary
    cal = calendar(ws)
    notified = date.fromisoformat(inspection["notified"])
    day = day_of_inspection(notified, today, cal)
    when = f"{today.strftime('%A %-d %B %Y')} — day {day} of the {words['inspection']}: {phase(day)}"
    if not cal.is_working_day(today):
        when += " (not a working day)"
    upcoming = [m for m in milestones(notified, cal) if m.date > today]
    next_step = ""
    if upcoming:
        m = upcoming[0]
        next_step = f"Next: day {m.day}, {m.date.strftime('%a %-d %b')} — {m.activity}"

    entries = ws.records("sea")
    payloads = [r.payload for r in entries]
    mine_entries = [r for r in entries if r.author == ws.me_id]
    lines: list[DueLine] = []
    late = due.late_entries(payloads, cal)
    if late:
        late_mine = due.late_entries([r.payload for r in mine_entries], cal)
        lines.append(DueLine(
            f"{_plural(late, words['entry'] + ' was', words['entries'] + ' were')} recorded more than "
            f"{due.ALLOWANCE} working days after the evidence (para 78); {late_mine} of them mine",
            "sea",
        ))
    kids = ws.records("child")
    tracked = [
        due.TrackedChild(r.payload.get("case_ref", ""), allocated_since(ws, r.id))
        for r in kids
        if r.payload.get("stage") == "tracked"
    ]
    named = {ref for p in payloads for ref in p.get("children", [])}
    quiet = due.unrecorded_tracked(tracked, named, today, cal)
    if quiet:
        lines.append(DueLine(
            f"{_plural(len(quiet), 'tracked child', 'tracked children')} allocated over {due.ALLOWANCE} working "
            f"days ago with no {words['entry']} yet: {', '.join(quiet)}",
            "children",
            urgent=True,
        ))
    concerns = due.concerns_due([r.payload for r in ws.records("concern")], today)
    if concerns.awaiting:
        text = f"{_plural(concerns.awaiting, 'concern awaits', 'concerns await')} a written response (para 74)"
        if concerns.overdue:
            text += f"; {concerns.overdue} overdue"
        lines.append(DueLine(text, "concerns", urgent=bool(concerns.overdue)))
    conflicts = ws.conflict_count()
    if conflicts:
        lines.append(DueLine(
            f"{_plural(conflicts, 'record was', 'records were')} edited differently on two laptops: choose what to keep",
            "conflicts",
            urgent=True,
        ))
    allocated = [r for r in kids if r.payload.get("allocated") == ws.me_id]
    tracked_mine = sum(1 for r in allocated if r.payload.get("stage") == "tracked")
    mine = (
        f"I wrote {_plural(len(mine_entries), words['entry'], words['entries'])} · "
        f"{_plural(len(allocated), words['child'] + ' is', words['children'] + ' are')} allocated to me"
        f" ({tracked_mine} tracked)"
    )
    return HomeSummary(
        title=f"{inspection.get('area', '')} · {inspection.get('theme', '')}",
        me=who,
        today=when,
        next_step=next_step,
        due=lines,
        mine=mine,
    )


class HomeScreen(Screen[None]):
    """Today, what is due, and every section one key away."""

    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#home-menu"
    HELP = (
        "Today's working day of the inspection (para 9), what is due, and the sections. "
        "Up and down choose a line, Enter opens it; each section also has its own key."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "app.open('children')", "Children"),
        Binding("s", "app.open('sea')", "SEA"),
        Binding("o", "app.open('concerns')", "Concerns"),
        Binding("g", "app.open('gaps')", "Gaps", show=False),
        Binding("f", "app.open('findings')", "Findings", show=False),
        Binding("t", "app.open('timeline')", "Timeline", show=False),
        Binding("x", "app.open('conflicts')", "Conflicts", show=False),
        Binding("y", "app.open('sync')", "Sync", show=False),
        Binding("a", "app.open('audit')", "Case audit", show=False),
        Binding("n", "app.new_sea_entry", "New entry", show=False),
        Binding("l", "app.lock", "Lock"),
        Binding("ctrl+q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, workspace: "Workspace") -> None:
        super().__init__()
        self.workspace = workspace
        self._summarised: tuple[int, date] | None = None  # (versions held, today) when last summarised

    def compose(self) -> ComposeResult:
        yield Static("", id="home-title")
        yield Static("", id="home-today")
        yield Static("", id="home-next")
        yield OptionList(id="home-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_summary()

    def on_screen_resume(self) -> None:
        # Back from a section: entries, children or conflicts may have changed. Every change is a
        # new version, so an unchanged count (and day) means an unchanged summary: the first
        # resume, right after mounting, then costs nothing.
        if self.is_mounted and self.workspace.ring is not None and self._summarised != self._summary_key():
            self.refresh_summary()

    def _summary_key(self) -> tuple[int, date]:
        app: FieldworkApp = self.app  # type: ignore[assignment]
        return (self.workspace.version_count(), app.today())

    def refresh_summary(self) -> None:
        from screens.app import sections_for

        app: FieldworkApp = self.app  # type: ignore[assignment]
        self._summarised = self._summary_key()
        summary = summarise(self.workspace, app.today())
        title = Text()
        title.append(summary.title, style="bold")
        if summary.me:
            title.append(f"   {summary.me}", style="dim")
        self.query_one("#home-title", Static).update(title)
        self.query_one("#home-today", Static).update(summary.today)
        self.query_one("#home-next", Static).update(summary.next_step)
        menu = self.query_one("#home-menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_option(Option(Content.from_markup("[b]What is due[/]"), disabled=True))
        if summary.due:
            for n, line in enumerate(summary.due):
                # Said with a mark as well as colour, for screens and eyes without red.
                mark = "[b $error]![/]" if line.urgent else "[b $warning]•[/]"
                menu.add_option(Option(Content.from_markup(f"{mark} $text", text=line.text), id=f"due-{n}:{line.target}"))
        else:
            menu.add_option(Option(Content.from_markup("[dim]  Nothing due that the store can see.[/]"), disabled=True))
        menu.add_option(Option(Content.from_markup("[i]$text[/]", text=summary.mine), disabled=True))
        menu.add_option(None)
        sections = sections_for(self.workspace)
        for name, section in sections.items():
            prompt = Content.from_markup(
                "[b reverse] $key [/] $label [dim]— $why[/]", key=section.key, label=section.label, why=section.why
            )
            menu.add_option(Option(prompt, id=f"go:{name}"))
        if highlighted is not None and highlighted < menu.option_count:
            menu.highlighted = highlighted
        else:
            menu.highlighted = 1 if summary.due else menu.option_count - len(sections)

    @on(OptionList.OptionSelected, "#home-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        target = option_id.rsplit(":", 1)[-1]
        app: FieldworkApp = self.app  # type: ignore[assignment]
        app.go(target)
