"""Home: today as a day of the inspection, what is due, my own counts, and the way to every section.

The counting lives in `fieldwork.due` and `fieldwork.timeline`; this screen gathers the records
and lays the answers out. Every line of "what is due" says what it counts, because the store can
only approximate "evidence not yet written up" (see fieldwork/due.py).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldwork.home import HomeSummary, summary_from
from screens.widgets.footer import KeysFooter
from screens.meeting_actions import OpenActions
from store.home_facts import facts_of, keep_facts, kept_facts, kept_mode

if TYPE_CHECKING:
    from screens.app import FieldworkApp, Section
    from store.workspace import Workspace


def summarise(ws: "Workspace", today: date) -> HomeSummary:
    """Home's summary straight from the records (loads the store if need be)."""
    return summary_from(facts_of(ws), today)


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
        Binding("p", "app.open('plan')", "Plan", show=False),
        Binding("m", "app.open('meetings')", "Meetings", show=False),
        Binding("r", "app.open('retention')", "Retention", show=False),
        Binding("n", "app.new_sea_entry", "New entry", show=False),
        Binding("l", "app.lock", "Lock"),
        Binding("ctrl+q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, workspace: "Workspace") -> None:
        super().__init__()
        self.workspace = workspace
        self._summarised: tuple[object, date] | None = None  # (the log's mark, today) when last summarised
        self.counting = False  # drawn before its facts (see _counting_first), until they are counted

    def compose(self) -> ComposeResult:
        yield Static("", id="home-title")
        yield Static("", id="home-today")
        yield Static("", id="home-next")
        # Every section's key in one or two lines that never scroll away: the menu below lists
        # what is due first, and at 60x20 its section lines were out of sight.
        yield Static("", id="home-sections")
        yield OpenActions(self.workspace)
        yield OptionList(id="home-menu")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self._counting_first():
            self.refresh_summary()

    def _counting_first(self) -> bool:
        """Straight after unlocking a store that changed since Home's facts were kept (a sync from
        the command line, say): draw Home's frame first, saying it is counting, and none of the
        old counts. Only the inspection's Home, whose facts say which sections it has."""
        from screens.app import sections_for_mode

        ws = self.workspace
        if ws.loaded or kept_facts(ws) is not None or kept_mode(ws) != "inspection":
            return False
        today = self.app.today()  # type: ignore[attr-defined]
        self.query_one("#home-title", Static).update(Text("Fieldwork", style="bold"))
        self.query_one("#home-today", Static).update(f"{today:%A} {today.day} {today:%B %Y}")
        self.query_one("#home-next", Static).update("")
        menu = self.query_one("#home-menu", OptionList)
        menu.clear_options()
        menu.add_option(Option(Content.from_markup("[b]What is due[/]"), disabled=True))
        menu.add_option(Option(Content.from_markup("[dim]  Counting what is due: the store has changed since Fieldwork last ran…[/]"), disabled=True))
        menu.add_option(None)
        sections = sections_for_mode("inspection")
        self._show_sections(sections, menu)
        menu.highlighted = menu.option_count - len(sections)
        self.counting = True
        return True

    def on_screen_resume(self) -> None:
        if self.counting:
            # Counted (the records decrypted) just after the frame that says so. Asked here, not
            # on mounting: only once Home is the app's screen does "after refresh" mean its frame.
            self.call_after_refresh(self.refresh_summary)
            return
        # Back from a section: entries, children or conflicts may have changed. Every change is a
        # new version, so an unchanged count (and day) means an unchanged summary: the first
        # resume, right after mounting, then costs nothing.
        if self.is_mounted and self.workspace.ring is not None and self._summarised != self._summary_key():
            self.refresh_summary()

    def _summary_key(self) -> tuple[object, date]:
        app: FieldworkApp = self.app  # type: ignore[assignment]
        return (self.workspace.log_mark(), app.today())

    def refresh_summary(self) -> None:
        from screens.app import sections_for_mode

        app: FieldworkApp = self.app  # type: ignore[assignment]
        ws = self.workspace
        self._summarised = self._summary_key()
        # Straight after unlocking the records are not decrypted yet: the facts kept at the last
        # run serve if the store has not changed since, and the app decrypts after this frame.
        facts = None if ws.loaded else kept_facts(ws)
        if facts is None:
            facts = facts_of(ws)
            # Only when the store changed since they were kept; a write and an fsync, after the frame.
            self.call_after_refresh(keep_facts, ws, facts)
        today = app.today()
        # An unsent category 1 concern says how long it has waited, against the real clock only.
        summary = summary_from(facts, today, datetime.now().astimezone() if today == date.today() else None)
        title = Text()
        title.append(summary.title, style="bold")
        if summary.me:
            title.append(f"   {summary.me}", style="dim")
        self.query_one("#home-title", Static).update(title)
        self.query_one("#home-today", Static).update(summary.today)
        self.query_one("#home-next", Static).update(summary.next_step)
        self.query_one(OpenActions).refresh_actions()
        menu = self.query_one("#home-menu", OptionList)
        # Kept across a redraw, not from the counting frame: its lines were not these.
        highlighted = None if self.counting else menu.highlighted
        self.counting = False
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
        sections = sections_for_mode(facts.mode)
        self._show_sections(sections, menu)
        if highlighted is not None and highlighted < menu.option_count:
            menu.highlighted = highlighted
        else:
            menu.highlighted = 1 if summary.due else menu.option_count - len(sections)

    def _show_sections(self, sections: "dict[str, Section]", menu: OptionList) -> None:
        """Every section's key in the row under the day, and a line each at the end of the menu."""
        keys = Content(" ").join(Content.from_markup("[b reverse] $key [/] $label ", key=s.key, label=s.label)
                                 for s in sections.values())
        row = self.query_one("#home-sections", Static)
        row.update(keys)
        row.display = True  # hidden until filled: a Home drawn another way (audit mode) has none
        for name, section in sections.items():
            prompt = Content.from_markup(
                "[b reverse] $key [/] $label [dim]— $why[/]", key=section.key, label=section.label, why=section.why
            )
            menu.add_option(Option(prompt, id=f"go:{name}"))

    @on(OptionList.OptionSelected, "#home-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        target = option_id.rsplit(":", 1)[-1]
        app: FieldworkApp = self.app  # type: ignore[assignment]
        app.go(target)
