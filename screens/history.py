"""Every version of one record: who wrote it, when, and what changed (the contemporaneous record).

`HistoryScreen(workspace, record_id)` works for any kind of record; other screens push it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldwork.errors import FieldworkError
from screens.widgets.footer import KeysFooter
from screens.widgets.values import describe, label, local_time, show

if TYPE_CHECKING:
    from store.workspace import HistoryEntry, Workspace


class HistoryScreen(Screen[None]):
    TITLE = "History"
    HELP = "Every version of this record, oldest first. Move through the versions to see what each one changed."
    DEFAULT_CSS = """
    HistoryScreen #history-title { background: $primary 30%; padding: 0 1; height: auto; }
    HistoryScreen #history-table { height: auto; max-height: 45%; }
    HistoryScreen #history-detail { height: 1fr; padding: 0 1; border-top: solid $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.back", "Back")]

    def __init__(self, workspace: "Workspace", record_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.record_id = record_id
        self.entries: list[HistoryEntry] = []

    def reopen(self, workspace: "Workspace") -> "HistoryScreen":
        return HistoryScreen(workspace, self.record_id)

    def compose(self) -> ComposeResult:
        yield Static("", id="history-title")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="history-detail"):
            yield Static("", id="history-change")
        yield KeysFooter()

    def on_mount(self) -> None:
        ws = self.workspace
        table = self.query_one(DataTable)
        table.add_column("When", width=16)
        table.add_column("Who", width=5)
        table.add_column("Version", width=8)
        table.add_column("What changed", width=40)
        try:
            self.entries = ws.history(self.record_id)
            record = ws.resolve_id(self.record_id)
        except FieldworkError as err:
            self.query_one("#history-title", Static).update(str(err))
            return
        assert record is not None
        heads = set(record.heads)
        title = f"{describe(ws, record.id)} — {len(self.entries)} version{'s' if len(self.entries) != 1 else ''}"
        if record.conflicted:
            title += f" — in conflict: {len(heads)} versions are current (see Conflicts)"
        self.query_one("#history-title", Static).update(title)
        for entry in self.entries:
            if entry.op == "delete":
                what = "deleted"
            elif not entry.parents:
                what = "created"
            else:
                what = ", ".join(label(k) for k in entry.changes) or "no change"
            if entry.version in heads and record.conflicted:
                what = "★ " + what
            table.add_row(local_time(entry.when), entry.author_name or entry.author[:5], entry.version[:8], what, key=entry.version)
        if self.entries:
            table.move_cursor(row=len(self.entries) - 1)
            self._show(len(self.entries) - 1)
        table.focus()

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show(event.cursor_row)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        ws = self.workspace
        entry = self.entries[row]
        who = entry.author_name or entry.author[:8]
        parts = [
            Content.from_markup(
                "[b]$when[/] · $who · version $version",
                when=local_time(entry.when),
                who=who,
                version=entry.version[:12],
            )
        ]
        if len(entry.parents) > 1:
            parts.append(Content.from_markup("[i]Settles a conflict between $n versions.[/]", n=str(len(entry.parents))))
        if entry.op == "delete":
            parts.append(Content("Deleted. The earlier versions stay in this history."))
        elif not entry.parents:
            parts.append(Content.from_markup("[i]Created with:[/]"))
            for key, value in entry.payload.items():
                parts.append(Content.from_markup("  [b]$field[/]: $value", field=label(key), value=show(ws, key, value)))
        elif not entry.changes:
            parts.append(Content("No field changed."))
        for key, change in (entry.changes.items() if entry.parents else []):
            parts.append(
                Content.from_markup(
                    "  [b]$field[/]: [$error]$before[/] → [$success]$after[/]",
                    field=label(key),
                    before=show(ws, key, change.get("from")),
                    after=show(ws, key, change.get("to")),
                )
            )
        self.query_one("#history-change", Static).update(Content("\n").join(parts))
