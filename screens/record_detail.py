"""A record read, not edited: the whole text, who wrote it and when, its criteria, children and
history, on one screen. Reading is the first step; editing is a deliberate second one (`e`), and
editing another inspector's entry says first that the new version will be recorded as yours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from fieldwork.errors import FieldworkError
from screens.widgets.footer import KeysFooter
from screens.widgets.values import label, local_time, person, show

if TYPE_CHECKING:
    from store.workspace import Workspace

# Fields shown above the text, in this order; the rest follow it.
_HEAD = ("criteria", "judgement", "strand", "source_type", "source_detail", "evidence_at", "recorded_at",
         "children", "agencies", "agreed_by")
_QUIET = {"text", "confirmed_no_names"}


def detail_content(ws: "Workspace", record_id: str) -> Content:
    """The record as a person reads it, with its history in one line a version."""
    record = ws.require(record_id)
    p = record.payload
    lines = [Content.from_markup("[b]Written by $who[/] · [dim]$n version(s)[/]", who=person(ws, record.author) or "?",
                                 n=str(len(ws.history(record.id))))]
    for key in (*_HEAD, *sorted(k for k in p if k not in _HEAD and k not in _QUIET)):
        if key in p:
            lines.append(Content.from_markup("[dim]$k[/] $v", k=f"{label(key):<14}", v=show(ws, key, p.get(key))))
    if "text" in p:
        lines += [Content(""), Content(str(p.get("text", "")))]
    lines += [Content(""), Content.from_markup("[b]History[/]")]
    for entry in ws.history(record.id):
        if entry.op == "delete":
            changed = "deleted"
        elif not entry.parents:
            changed = "created"
        else:
            changed = "changed " + (", ".join(label(k) for k in entry.changes) or "nothing")
        lines.append(Content.from_markup("[dim]$when[/] $who $what", when=local_time(entry.when),
                                         who=entry.author_name or entry.author[:5], what=changed))
    return Content("\n").join(lines)


def edit_entry(app: Any, ws: "Workspace", entry_id: str | None, today: Any,
               done: Callable[[str | None], None]) -> None:
    """Open the SEA editor on an entry (None: a new one). Another inspector's entry is edited
    only after saying that the new version will be recorded as the editor's, not theirs."""
    from screens.dialogs import Confirm
    from screens.sea_editor import SeaEditorScreen

    def edit(yes: bool | None = True) -> None:
        if yes:
            app.push_screen(SeaEditorScreen(ws, entry_id, today=today), done)

    record = ws.get(entry_id) if entry_id else None
    if record is None or record.author == ws.me_id:
        edit()
        return
    who = person(ws, record.author)
    app.push_screen(Confirm(f"This entry is {who}'s. Your edit will be recorded as yours, as a new version "
                            f"after {who}'s, which stays in the history.", yes="Edit it"), edit)


class SeaDetailScreen(Screen[str | None]):
    """One SEA entry, read only. `e` edits (dismissing with the id saved), `h` its history."""

    TITLE = "SEA entry"
    DEFAULT_CSS = """
    SeaDetailScreen #detail-body { height: 1fr; padding: 0 1; }
    SeaDetailScreen #detail-note { height: auto; padding: 0 1; color: $text-warning; }
    """
    AUTO_FOCUS = "#detail-body"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("h", "history", "History"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, workspace: "Workspace", entry_id: str, *, today: Any = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.entry_id = entry_id
        self.today = today

    def reopen(self, workspace: "Workspace") -> "SeaDetailScreen":
        return SeaDetailScreen(workspace, self.entry_id, today=self.today)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-body"):
            yield Static(id="detail-text")
        yield Static("", id="detail-note")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show()

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.workspace.ring is not None:
            self.show()

    def show(self) -> None:
        try:
            self.query_one("#detail-text", Static).update(detail_content(self.workspace, self.entry_id))
        except FieldworkError as err:
            self.query_one("#detail-text", Static).update(Content(str(err)))
        record = self.workspace.get(self.entry_id)
        mine = record is None or record.author == self.workspace.me_id
        self.query_one("#detail-note", Static).update(
            "" if mine else f"Written by {person(self.workspace, record.author)}: an edit is recorded as yours (e).")

    def action_edit(self) -> None:
        edit_entry(self.app, self.workspace, self.entry_id, self.today, self._edited)

    def _edited(self, saved: str | None) -> None:
        if saved:
            self.show()

    async def action_history(self) -> None:
        from screens.history import HistoryScreen

        await self.app.push_screen(HistoryScreen(self.workspace, self.entry_id))
