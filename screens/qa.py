"""A partnership's quality assurance in the app: its Home, the activities, the action list and the
calendar. Every rule runs in store.activities and fieldwork.partnership, exactly as the
`activity`, `action` and `calendar` verbs run them; these screens lay the answers out."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option

from fieldwork.errors import FieldworkError

from fieldwork.qa_home import QaLine, qa_home
from screens.audit import ChoiceScreen, ExportForm
from screens.home import HomeScreen
from screens.state_style import state_style
from store import activities as store

if TYPE_CHECKING:
    from store.workspace import Workspace

CSS = "qa.tcss"

# Home's sections in audit mode, in order: no children's stages, timeline or letter here.
AUDIT_SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("activities", "v", "Activities", "audits, MAPEs, insight visits, Section 11, surveys, reviews"),
    ("actions", "p", "Action plans", "owners, due dates, evidence, the evaluation group's review"),
    ("calendar", "k", "QA calendar", "the year by month, with each item's status"),
    ("trend", "t", "Across quarters", "each priority's grades, findings and actions by quarter"),
    ("audit", "a", "Case audit", "grades and domain notes per case"),
    ("sea", "s", "Audit entries", "the evidence, filtered as you type"),
    ("conflicts", "x", "Conflicts", "records two laptops edited differently"),
    ("sync", "y", "Sync", "exchange bundles with the partnership's auditors"),
)


def _today(screen: Screen[Any]) -> date:
    today = getattr(screen.app, "today", None)
    return today() if callable(today) else date.today()


class QaHomeScreen(HomeScreen, inherit_bindings=False):  # none of the inspection's section keys here
    """Audit Home: this quarter's calendar, activities in progress, actions due, reports due."""

    CSS_PATH = ["home.tcss", CSS]
    HELP = ("This quarter of the partnership's year: its calendar, activities in progress, actions due and "
            "reports due to each group. Up and down choose a line, Enter opens it; each section has its own key.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "app.open('activities')", "Activities"),
        Binding("p", "app.open('actions')", "Actions"),
        Binding("k", "app.open('calendar')", "Calendar"),
        Binding("t", "app.open('trend')", "Quarters", show=False),
        Binding("e", "export_report", "Report"),
        Binding("a", "app.open('audit')", "Case audit"),
        Binding("s", "app.open('sea')", "Entries", show=False),
        Binding("x", "app.open('conflicts')", "Conflicts", show=False),
        Binding("y", "app.open('sync')", "Sync", show=False),
        Binding("l", "app.lock", "Lock"),
        Binding("ctrl+q", "app.quit", "Quit", show=False),
        Binding("tab", "app.focus_next", "Focus next", show=False),
        Binding("shift+tab", "app.focus_previous", "Focus previous", show=False),
    ]

    def refresh_summary(self) -> None:
        ws = self.workspace
        self._summarised = self._summary_key()
        summary = qa_home(store.setup(ws), area=str(ws.inspection.get("area", "")),
                          activities=[(r.id, r.payload) for r in store.activities(ws)],
                          actions=[r.payload for r in store.actions(ws)], today=_today(self))
        title = Text()
        title.append(summary.title, style="bold")
        title.append(f"   {ws.me.get('name', '')}", style="dim")
        self.query_one("#home-title", Static).update(title)
        self.query_one("#home-today", Static).update(summary.today)
        self.query_one("#home-next", Static).update("")
        menu = self.query_one("#home-menu", OptionList)
        menu.clear_options()
        groups: list[tuple[str, list[QaLine], str]] = [
            ("This quarter's calendar", summary.calendar, "Nothing on the calendar this quarter."),
            ("Activities in progress", summary.in_progress, "None in progress."),
            ("Actions due", summary.actions_due, "No action due in the next 30 days."),
            ("Reports due", summary.reports_due, "No group meets again this quarter."),
        ]
        n = 0
        for heading, lines, empty in groups:
            menu.add_option(Option(Content.from_markup("[b]$h[/]", h=heading), disabled=True))
            for line in lines[:4]:
                mark = "[b $error]![/]" if line.urgent else "[b $warning]•[/]"
                menu.add_option(Option(Content.from_markup(f"{mark} $text", text=line.text), id=f"due-{n}:{line.target}"))
                n += 1
            if len(lines) > 4:
                menu.add_option(Option(Content.from_markup("[dim]  and $k more[/]", k=str(len(lines) - 4)), disabled=True))
            if not lines:
                menu.add_option(Option(Content.from_markup("[dim]  $e[/]", e=empty), disabled=True))
        menu.add_option(None)
        for name, key, label, why in AUDIT_SECTIONS:
            menu.add_option(Option(Content.from_markup("[b reverse] $key [/] $label [dim]— $why[/]",
                                                       key=key, label=label, why=why), id=f"go:{name}"))
        # The first line of the quarter, so the screen opens at its top.
        menu.highlighted = next((i for i in range(menu.option_count) if not menu.get_option_at_index(i).disabled),
                                menu.option_count - len(AUDIT_SECTIONS))


    def action_export_report(self) -> None:
        """A report along the reporting route: choose the group, then where to write it."""
        from pathlib import Path

        ws = self.workspace
        qa = store.setup(ws)
        options = [(g, qa.group(g).label) for g in ("qa", "audit", "qp", "executive", "annual")]

        def chosen(audience: str | None) -> None:
            if audience is None:
                return
            default = Path.cwd() / f"report-{audience}-{_today(self).isoformat()}.docx"

            def write(path: Path) -> Path:
                return store.export_report(ws, audience, path, None, _today(self))

            self.app.push_screen(ExportForm(f"Write the report for the {qa.group(audience).label}", default, write),
                                 lambda written: written and self.notify(f"Wrote {written}"))

        self.app.push_screen(ChoiceScreen("Report to which group?", options), chosen)


class _TableScreen(Screen[None]):
    """A title, a table of rows and the chosen row in full below it."""

    CSS_PATH = CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.open('home')", "Home")]
    TITLE_ID = "qa-title"

    def __init__(self, workspace: "Workspace") -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Static("", id="qa-title")
        yield DataTable(id="qa-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="qa-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._mark: object = None
        self._reload()

    def on_screen_resume(self) -> None:
        # Every change is a new version: an unchanged log means nothing to redraw, and a redraw
        # would move the cursor back to the top under a person's keys.
        if self.workspace.log_mark() != self._mark:
            self._reload()

    def _reload(self) -> None:
        self._mark = self.workspace.log_mark()
        table = self.query_one(DataTable)
        keep = None
        if table.row_count and table.cursor_row is not None:
            keep = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
        self.reload()
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))  # the same record stays chosen

    def choose(self, record_id: str) -> None:
        """The row of a record just written, chosen (the screen redraws first if the log moved)."""
        if self.workspace.log_mark() != self._mark:
            self._reload()
        table = self.query_one(DataTable)
        if record_id in table.rows:
            table.move_cursor(row=table.get_row_index(record_id))

    def reload(self) -> None:
        raise NotImplementedError

    @on(DataTable.RowHighlighted, "#qa-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.query_one("#qa-detail", Static).update(self.detail(event.row_key.value))

    def detail(self, key: str) -> str:
        return ""


class ActivitiesScreen(_TableScreen):
    """Every activity by month: type, status, theme; the chosen one in full with its actions."""

    HELP = ("The partnership's activities by month. Up and down choose one; its detail shows below. "
            "n adds an activity, a raises an action from the chosen one.")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "new", "New"), Binding("a", "new_action", "Action")]

    def action_new(self) -> None:
        from screens.qa_forms import new_activity

        new_activity(self.app, self.workspace, self.choose)

    def action_new_action(self) -> None:
        from screens.qa_forms import new_action

        table = self.query_one(DataTable)
        if self.rows and table.cursor_row is not None:
            new_action(self.app, self.workspace, str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value))

    def reload(self) -> None:
        ws = self.workspace
        today = _today(self)
        self.rows = {r.id: store.activity_json(ws, r, today) for r in store.activities(ws)}
        self.query_one("#qa-title", Static).update(Text(f"Activities · {len(self.rows)}", style="bold"))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Month", "Activity", "Status", "Theme")
        for rid, r in self.rows.items():
            status = Text(r["status"] + (" LATE" if r["late"] else ""), style=state_style(self.app, "overdue") if r["late"] else "")
            table.add_row(r["month"] or "-", r["type_label"][:24], status, r["theme"][:30], key=rid)
        if not self.rows:
            self.query_one("#qa-detail", Static).update("No activities yet: n adds one.")

    def detail(self, key: str) -> str:
        from fieldwork.cli.cmd_activity import describe

        return "\n".join(describe(self.rows[key]))


class ActionsScreen(_TableScreen):
    """Every action by due date, overdue ones marked with a word as well as colour."""

    HELP = ("Action plans by due date. Overdue actions are marked OVERDUE; done ones await the Action Plan "
            "Evaluation group's review of their impact. d records an action done with its evidence, r its review.")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done"),
        Binding("r", "review", "Review impact"),
        Binding("n", "new", "New"),
    ]

    def action_new(self) -> None:
        from screens.qa_forms import new_action

        new_action(self.app, self.workspace, None, self.choose)

    def _chosen(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        return str(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)

    def action_done(self) -> None:
        action_id = self._chosen()
        if action_id is None:
            return

        from screens.qa_forms import action_done

        action_done(self.app, self.workspace, action_id, self._reload)

    def action_review(self) -> None:
        from fieldwork.activities import IMPACTS

        action_id = self._chosen()
        if action_id is None:
            return

        def chosen(impact: str | None) -> None:
            if impact is None:
                return
            try:
                store.action_review(self.workspace, action_id, impact, _today(self))
            except FieldworkError as err:
                self.notify(str(err), severity="warning")
                return
            self._reload()

        self.app.push_screen(ChoiceScreen("The action's impact", list(IMPACTS.items())), chosen)

    def reload(self) -> None:
        ws = self.workspace
        today = _today(self)
        self.rows = {r.id: store.action_json(ws, r, today) for r in store.actions(ws)}
        late = sum(r["overdue"] for r in self.rows.values())
        self.query_one("#qa-title", Static).update(Text(f"Action plans · {len(self.rows)} · {late} overdue", style="bold"))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_columns("Due", "State", "Owner", "Action")
        for rid, r in self.rows.items():
            state = Text("OVERDUE", style=state_style(self.app, "overdue")) if r["overdue"] else Text(
                r["state"] + (f" ({r['impact']})" if r["impact"] else ""))
            table.add_row(r["due"], state, f"{r['owner_title']}, {r['owner_agency']}"[:26], r["text"][:30], key=rid)
        if not self.rows:
            self.query_one("#qa-detail", Static).update("No actions yet: n raises one from an activity.")

    def detail(self, key: str) -> str:
        r = self.rows[key]
        lines = [r["text"], f"Owner: {r['owner_title']}, {r['owner_agency']} · priority {r['priority']} · due {r['due']}",
                 f"From: {r['activity_theme']}"]
        if r["evidence"]:
            lines.append(f"Done {r['done_on']}: {r['evidence']}")
        if r["impact"]:
            lines.append(f"Reviewed {r['reviewed_on']}: impact {r['impact']}")
        return "\n".join(lines)


class CalendarScreen(_TableScreen):
    """The quality assurance calendar (section 7) as a year view, each item with its status."""

    HELP = "The partnership's year, month by month, as its framework's calendar sets it out."

    def reload(self) -> None:
        from fieldwork.cli.cmd_activity import calendar_json

        data = calendar_json(self.workspace, None, _today(self))
        self.query_one("#qa-title", Static).update(Text(f"Quality assurance calendar {data['label']}", style="bold"))
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Month", width=5)
        table.add_column("Item", width=52)
        table.add_column("Status", width=12)
        for month in data["months"]:
            for n, item in enumerate(month["items"]):
                status = Text(item["status"], style=state_style(self.app, "overdue") if item["status"] == "missed" else "")
                table.add_row(month["name"][:3] if n == 0 else "", item["label"][:52], status,
                              key=f"{month['year']}-{month['month']}-{n}")


class TrendScreen(Screen[None]):
    """Each priority across quarters: a bar of the cases graded in the scale's top half, and the
    findings and actions beside it (the `trend` verb's plot)."""

    CSS_PATH = CSS
    HELP = "How each of the partnership's priorities moved quarter by quarter: grades, findings and actions."
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.open('home')", "Home")]

    def __init__(self, workspace: "Workspace") -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Static(Text("Across quarters", style="bold"), id="qa-title")
        yield Static("", id="qa-trend")
        yield Footer()

    def on_mount(self) -> None:
        from fieldwork.qa_report import plot, top_grades
        from store import audit

        ws = self.workspace
        grading = audit.grading(ws)
        top = top_grades(grading)[-1].label.lower() if grading else "graded"
        text = Text()
        for strand in ws.framework.strands:
            text.append(f"{strand.label}\n", style="bold")
            lines = plot(store.trend(ws, strand.id, _today(self)), top, width=12)
            for line in lines or ["  no activity recorded for this priority yet"]:
                text.append(f"{line}\n")
            text.append("\n")
        self.query_one("#qa-trend", Static).update(text)
