"""Meetings: the week's team, keep-in-touch, findings and feedback meetings, each with what was on
its table, its attendance check and its actions; and a read-only meeting view for the projector.

Meetings are recorded with `fieldwork meeting add` (its agenda is drawn from the records on the
day); this screen reads them. `v` opens the meeting view: one meeting in large, calm text with no
chrome, made to fit a projector at 120x40; the feedback meeting's view is its prioritised, themed
summary of evidence (para 42), which names no child.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from fieldwork import feedback, meeting_note, meetings
from fieldwork.findings import FINDING_TYPES, scope_label
from screens.concerns import ConcernForm, FormField
from screens.state_style import state_style
from store import meetings as store
from store.workspace import Workspace


class MeetingsScreen(Screen[None]):
    """Every meeting, the highlighted one in full beside its open actions."""

    CSS_PATH = "meetings.tcss"
    TITLE = "Meetings"
    HELP = (
        "The week's meetings (paras 33-44). Up and down choose a meeting; v or Enter opens the read-only "
        "meeting view for the projector; d marks one of its actions done. Record meetings with "
        "'fieldwork meeting add'."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "view", "Meeting view"),
        Binding("enter", "view", "Meeting view", show=False),
        Binding("d", "done", "Action done"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self._today = today
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="meetings-title")
        yield DataTable(id="meetings-table", cursor_type="row")
        with VerticalScroll(id="meetings-detail"):
            yield Static("", id="meetings-detail-text")
        yield Footer()

    def on_mount(self) -> None:
        self.names = store.names(self.workspace)
        table = self.query_one(DataTable)
        table.add_column("Day", key="on", width=11)
        table.add_column("Meeting", key="type", width=22)
        table.add_column("Present", key="who", width=16)
        table.add_column("Actions", key="actions", width=8)
        table.add_column("Check", key="check")
        self._fill()
        table.focus()

    def _fill(self) -> None:
        ws = self.workspace
        mine = store.open_actions(ws)
        title = Text("Meetings", style="bold")
        title.append(f" · my open actions: {len(mine)}" if mine else " · no open actions for me")
        self.query_one("#meetings-title", Static).update(title)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for record in store.records(ws):
            p = record.payload
            warned = store.attendance(ws, p)
            open_ = sum(1 for a in p.get("actions") or [] if not a.get("done"))
            table.add_row(
                f"{p.get('on', '')}",
                meetings.TYPES.get(str(p.get("type")), str(p.get("type", ""))),
                Text(" ".join(self.names.get(i, i[:8]) for i in p.get("attendees") or []), no_wrap=True, overflow="ellipsis"),
                f"{open_} open" if open_ else "-",
                Text(f"! {len(warned)}", style=state_style(self.app, "check")) if warned else Text("ok", style="dim"),
                key=record.id,
            )
        if not table.row_count:
            self.query_one("#meetings-detail-text", Static).update(
                Text("No meetings recorded yet: 'fieldwork meeting add --type team --on DATE --attendee AB ...'."))
        elif row:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        record = self.workspace.get(str(event.row_key.value))
        if record is None:
            return
        text = Text(meetings.summary_line(record.payload, self.names), style="bold")
        for heading, lines in meeting_note.sections(record.payload, self.names, findings=store.finding_lines(self.workspace),
                                                    attendance=store.attendance(self.workspace, record.payload)):
            text.append(f"\n{heading}: ", style="bold")
            text.append("; ".join(lines))
        self.query_one("#meetings-detail-text", Static).update(text)

    def action_view(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.app.push_screen(MeetingViewScreen(self.workspace, str(key)))

    def action_done(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        meeting_id = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        record = self.workspace.require(meeting_id, store.KIND)
        open_ = [a for a in record.payload.get("actions") or [] if not a.get("done")]
        if not open_:
            self.notify("This meeting has no open actions.")
            return
        options = tuple((str(a["n"]), f"{self.names.get(a['for'], '')}: {a['what']} by {a['due']}") for a in open_)
        fields = [FormField("n", "Action", kind="choice", value=options[0][0], options=options)]

        def submit(values: dict[str, Any]) -> None:
            store.done(self.workspace, meeting_id, int(values["n"] or 0), today=self._today)

        def closed(saved: bool | None) -> None:
            if saved:
                self._fill()

        self.app.push_screen(ConcernForm("Mark an action done", fields, submit, names_check=False), closed)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


class MeetingViewScreen(Screen[None]):
    """One meeting, read-only, for the room: large headings, wide margins, nothing to edit."""

    CSS_PATH = "meetings.tcss"
    TITLE = "Meeting view"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, workspace: Workspace, meeting_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.meeting_id = meeting_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="meeting-view"):
            with Center():
                yield Static("", id="meeting-view-text")
        yield Footer()

    def on_mount(self) -> None:
        ws = self.workspace
        record = ws.require(self.meeting_id, store.KIND)
        p = record.payload
        names = store.names(ws)
        text = Text()
        text.append(meetings.summary_line({**p, "attendees": []}, names).upper(), style="bold")
        text.append(f"\n{ws.inspection.get('area', '')} · {meetings.PARAS.get(str(p.get('type')), '')}\n", style="dim")
        if p.get("type") == "feedback":
            self._feedback(text, p, names)
        else:
            for heading, lines in meeting_note.sections(p, names, findings=store.finding_lines(ws)):
                text.append(f"\n{heading}\n", style="bold")
                for line in lines:
                    text.append(f"  {line}\n")
        self.query_one("#meeting-view-text", Static).update(text)
        self.query_one("#meeting-view", VerticalScroll).focus()

    def _feedback(self, text: Text, p: dict[str, object], names: dict[str, str]) -> None:
        present = p.get("present") or []
        if present:
            text.append("\nWith: ", style="bold")
            text.append("; ".join(str(x) for x in present) + "\n")  # type: ignore[union-attr]
        summary = store.feedback_summary(self.workspace)
        if not summary:
            text.append("\nNo findings have been agreed yet.\n", style="italic")
        for theme in summary:
            text.append(f"\n{theme.label.upper()}\n", style="bold")
            for point in theme.points:
                kind = FINDING_TYPES.get(point.type, point.type)
                if point.scope != "partnership":
                    kind += f" ({scope_label(point.scope)})"
                text.append(f"\n  {kind}\n", style="bold")
                text.append(f"  {point.text}\n")
                text.append(f"  {feedback.evidence_line(point)}\n", style="dim")
        offers = p.get("agency_offers") or []
        if offers:
            text.append("\nSeparate meetings offered (para 44): ", style="bold")
            text.append(", ".join(str(x) for x in offers) + "\n")  # type: ignore[union-attr]

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
