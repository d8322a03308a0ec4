"""The SEA list: every entry of the inspection, narrowed as the inspector types in the filter box.

The filter language is parsed in `fieldwork.sea_filter` and run by `store.sea_query.SeaQuery`
against the in-memory projection; this module only draws what it returns.

The table is a line-API widget that draws only the rows on screen: a DataTable builds and measures
every cell it is given (about 240 ms for 10,000 rows here), which alone would break the 30 ms a
keystroke budget; this one costs the same at 10 rows or 10,000.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, Static

from screens.widgets.footer import KeysFooter
from fieldwork import sea_filter
from fieldwork.errors import FieldworkError
from fieldwork.records import when_date
from fieldwork.safe_text import shown
from fieldwork.sea_filter import SeaFilter
from store.sea_query import ListRow, SeaQuery

if TYPE_CHECKING:
    from store.workspace import Workspace


# --- the table --------------------------------------------------------------------------------


# (title, width); None is the text column, which takes what is left.
TABLE_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("Criteria", 10), ("Judgement", 11), ("Date", 6), ("By", 4), ("Children", 12), ("", 6),
    ("Text", None),
)


def _short_list(raw: str) -> str:
    items = json.loads(raw) if raw else []
    if not items:
        return ""
    return items[0] if len(items) == 1 else f"{items[0]} +{len(items) - 1}"


def _day(evidence_at: str) -> str:
    try:
        return when_date(evidence_at).strftime("%d %b")
    except ValueError:
        return evidence_at[:6]


class SeaTable(ScrollView, can_focus=True):
    """Rows of SEA entries, drawn only when on screen, with a row cursor and a fixed header."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sea-table--header", "sea-table--cursor", "sea-table--flag", "sea-table--concern",
        "sea-table--strength", "sea-table--development",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "open", "Open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, *, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[int] = []  # the keys of the entries shown, in order
        self.team: dict[str, str] = {}
        self.is_late: Callable[[ListRow], bool] = lambda row: False
        self.fetch: Callable[[Sequence[int]], dict[int, ListRow]] = lambda keys: {}
        self._fetched: dict[int, ListRow] = {}
        self._cell_text: dict[int, tuple[str, ...]] = {}
        self._styles: dict[tuple[str, bool], Style] = {}

    # -- data --------------------------------------------------------------------------------

    def show(self, keys: list[int], *, keep: int | None = None) -> None:
        """Show these entries, keeping the cursor on entry `keep` (or the current one) if present."""
        wanted = keep if keep is not None else self.current_key
        self.rows = keys
        self.virtual_size = Size(self.size.width, len(keys) + 1)
        self.cursor = keys.index(wanted) if wanted is not None and wanted in keys else 0
        self.refresh()

    def forget_rows(self) -> None:
        """The entries changed in the store: fetch them again when next drawn."""
        self._fetched.clear()
        self._cell_text.clear()
        self.refresh()

    def row(self, index: int) -> ListRow | None:
        key = self.rows[index]
        found = self._fetched.get(key)
        if found is None:
            # Fetch a screenful either side at once, not row by row.
            height = self.size.height
            window = [k for k in self.rows[max(index - height, 0):index + 2 * height]
                      if k not in self._fetched]
            self._fetched.update(self.fetch(window))
            found = self._fetched.get(key)
        return found

    @property
    def current_key(self) -> int | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def current_id(self) -> str | None:
        row = self.row(self.cursor) if 0 <= self.cursor < len(self.rows) else None
        return row.id if row is not None else None

    # -- movement ----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)  # the first line is the header
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(self.size.height - 2, 1)

    def action_jump(self, where: int) -> None:
        self.cursor = len(self.rows) - 1 if where < 0 else where

    def action_open(self) -> None:
        entry_id = self.current_id
        if entry_id is not None:
            self.post_message(self.Opened(entry_id))

    async def _on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor = round(self.scroll_y) + event.y - 1
            if event.chain == 2:
                self.action_open()

    # -- drawing -----------------------------------------------------------------------------

    def _widths(self, width: int) -> list[int]:
        fixed = sum(w for _, w in TABLE_COLUMNS if w) + len(TABLE_COLUMNS) - 1
        return [w if w else max(width - fixed, 8) for _, w in TABLE_COLUMNS]

    def _style(self, name: str, *, partial: bool = True) -> Style:
        # Looked up for every line drawn, so kept until the styles change (theme, focus).
        found = self._styles.get((name, partial))
        if found is None:
            found = self._styles[(name, partial)] = self.get_component_rich_style(name, partial=partial)
        return found

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    def on_focus(self) -> None:
        self._styles.clear()  # the cursor row is drawn differently with and without focus

    def on_blur(self) -> None:
        self._styles.clear()

    def _cells(self, row: ListRow) -> tuple[str, ...]:
        found = self._cell_text.get(row.key)
        if found is None:
            flags = " ".join(f for f, on_ in (("late", self.is_late(row)), ("!!", row.conflicted))
                             if on_)
            cells = (
                _short_list(row.criteria),
                row.judgement,
                _day(row.evidence_at),
                self.team.get(row.author, row.author[:4]),
                _short_list(row.children),
                flags,
                row.text.split("\n", 1)[0],
            )
            # Drawn as segments, past Textual's own text handling: escapes made visible here.
            found = self._cell_text[row.key] = tuple(shown(cell) for cell in cells)
        return found

    def _line(self, cells: Sequence[str], widths: Sequence[int], style: Style,
              styles: Sequence[Style | None] = ()) -> list[Segment]:
        segments: list[Segment] = []
        for i, (cell, width) in enumerate(zip(cells, widths)):
            if i:
                segments.append(Segment(" ", style))
            extra = styles[i] if i < len(styles) else None
            segments.append(Segment(set_cell_size(cell, width), style + extra if extra else style))
        return segments

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        widths = self._widths(width)
        # The widget's own style walks every ancestor's styles (~70 µs): once per style change,
        # not once for each of the forty lines every keystroke redraws.
        base = self._styles.get(("", False))
        if base is None:
            base = self._styles[("", False)] = self.rich_style
        if y == 0:
            header = base + self._style("sea-table--header", partial=False)
            titles = [title for title, _ in TABLE_COLUMNS]
            return Strip(self._line(titles, widths, header)).crop_extend(0, width, header)
        index = round(self.scroll_y) + y - 1
        row = self.row(index) if index < len(self.rows) else None
        if row is None:
            return Strip.blank(width, base)
        if index == self.cursor:
            # The cursor's colours win over the judgement's and the flags'.
            style = base + self._style("sea-table--cursor", partial=False)
            segments = self._line(self._cells(row), widths, style)
        else:
            style = base
            judgement = f"sea-table--{row.judgement}"
            colours = [None, self._style(judgement) if judgement in self.COMPONENT_CLASSES else None,
                       None, None, None, self._style("sea-table--flag"), None]
            segments = self._line(self._cells(row), widths, style, colours)
        return Strip(segments).crop_extend(0, width, style)


# --- the screen -------------------------------------------------------------------------------


class SeaListScreen(Screen[None]):
    """All SEA entries, filtered as you type; opens the editor, the history and deletion."""

    CSS_PATH = Path(__file__).with_name("sea_list.tcss")
    # The list, not the filter: its keys (n, e, h, d) work at once; / or typing-ready filter is one key away.
    AUTO_FOCUS = "#sea-table"
    # Seconds of quiet before the filter runs: typing "esn:7 poor" costs one query, not ten.
    DEBOUNCE: ClassVar[float] = 0.08

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: in the focused filter `/` is this key, never a typed slash.
        Binding("slash", "focus_filter", "Filter", key_display="/", priority=True),
        # The filter box takes letters, so n/e/h/d act only in the list; ↓ or Enter gets there.
        Binding("down", "focus_table", "List", show=False),
        Binding("n", "new", "New"),
        Binding("e", "edit", "Edit"),
        Binding("h", "history", "History"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None,
                 name: str | None = None, id: str | None = None) -> None:
        """`today` fixes the date new entries are recorded on (tests; the app passes its own)."""
        super().__init__(name=name, id=id)
        self.workspace = workspace
        self.today = today
        self.query_runner: SeaQuery  # built by reload() on mount, again whenever the store changed
        self._loaded_at = -1  # the store's version count when query_runner was built
        self._filter_timer: Timer | None = None
        self.filter: SeaFilter = SeaFilter()

    def compose(self) -> ComposeResult:
        entries = self.workspace.framework.vocabulary["entries"]
        # markup=False: these lines echo what was typed or stored, never Textual markup.
        yield Static(entries[0].upper() + entries[1:], id="sea-title", markup=False)
        yield Input(placeholder="Filter: words  esn:7  j:strength  child:CR-…  agency:…  by:AB  "
                                "late  conflict", id="sea-filter", compact=True)
        yield Static("", id="sea-status", markup=False)
        yield SeaTable(id="sea-table")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from the editor, a history view or a sync: the store may have changed under us.
        if self.is_mounted:
            self.reload()

    def reload(self, keep: str | None = None) -> None:
        """Read the store afresh (team, calendar, rows) if it changed, then filter."""
        stamp = self.workspace.version_count()  # any write or import adds versions
        if stamp != self._loaded_at:
            self._loaded_at = stamp
            self.query_runner = SeaQuery(self.workspace)
            table = self.query_one(SeaTable)
            table.team = self.query_runner.team
            table.is_late = self.query_runner.late
            table.fetch = self.query_runner.fetch
            table.forget_rows()
        self.refresh_rows(keep)

    # -- filtering ---------------------------------------------------------------------------

    @on(Input.Changed, "#sea-filter")
    def _typed(self, _: Input.Changed) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        if self.DEBOUNCE <= 0:
            self.refresh_rows()
        else:
            self._filter_timer = self.set_timer(self.DEBOUNCE, self.refresh_rows)

    @on(Input.Submitted, "#sea-filter")
    def _to_table(self, _: Input.Submitted) -> None:
        self.refresh_rows()
        self.query_one(SeaTable).focus()

    def refresh_rows(self, keep: str | None = None) -> None:
        self._filter_timer = None
        text = self.query_one("#sea-filter", Input).value
        self.filter = self.query_runner.parse(text)
        keys = self.query_runner.run(self.filter)
        wanted = self.query_runner.key_of(keep) if keep else None
        self.query_one(SeaTable).show(keys, keep=wanted)
        total = self.query_runner.total()
        noun = self.workspace.framework.vocabulary["entries"]
        status = f"{len(keys)} of {total} {noun}"
        if self.filter.problems:
            status += " · " + " ".join(self.filter.problems)
        self.query_one("#sea-status", Static).update(status, layout=False)  # one line, fixed
        self.query_one("#sea-status").set_class(bool(self.filter.problems), "-problem")

    # -- actions -----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#sea-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(SeaTable).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#sea-filter", Input).value = ""
        self.refresh_rows()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape clears a filter; with none to clear it falls through to the app's "back".
        if action == "clear_filter":
            return bool(self.query_one("#sea-filter", Input).value)
        return True

    def _current(self) -> str | None:
        entry = self.query_one(SeaTable).current_id
        if entry is None:
            self.notify("No entry is selected.", severity="warning")
        return entry

    @on(SeaTable.Opened)
    def _opened(self, event: SeaTable.Opened) -> None:
        # Enter reads the entry; editing is a second, deliberate step (e).
        from screens.record_detail import SeaDetailScreen

        self.app.push_screen(SeaDetailScreen(self.workspace, event.entry_id, today=self.today),
                             lambda _: self._back())

    def action_new(self) -> None:
        self._edit(None)

    def action_edit(self) -> None:
        entry = self._current()
        if entry is not None:
            self._edit(entry)

    def _edit(self, entry_id: str | None) -> None:
        from screens.record_detail import edit_entry

        def done(saved: str | None) -> None:
            if saved:
                self.reload(keep=saved)
            self._back()

        edit_entry(self.app, self.workspace, entry_id, self.today, done)

    def _back(self) -> None:
        self.query_one(SeaTable).focus()  # back where the inspector left, keys ready

    def action_history(self) -> None:
        entry = self._current()
        if entry is None:
            return
        try:
            from screens.history import HistoryScreen  # the shell's screen, shared by all records
        except ImportError:
            self.notify("History is not available in this build.", severity="warning")
            return
        self.app.push_screen(HistoryScreen(self.workspace, entry))

    def action_delete(self) -> None:
        entry = self._current()
        if entry is None:
            return
        from screens.dialogs import Confirm

        record = self.workspace.get(entry)
        codes = ", ".join(record.payload.get("criteria", [])) if record else ""
        question = (f"Delete this SEA entry ({codes})? Its history is kept, and the deletion "
                    f"reaches the team at the next sync.")

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.workspace.delete(entry)
            except FieldworkError as err:
                self.notify(str(err), severity="error")
                return
            self.notify("Entry deleted; its history is kept.")
            self.reload()

        self.app.push_screen(Confirm(question, yes="Delete"), answer)
