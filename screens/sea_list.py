"""The SEA list: every entry of the inspection, narrowed as the inspector types in the filter box.

The filter language is parsed in `fieldwork.sea_filter`; `SeaQuery` runs it against the in-memory
projection (`SeaRow`): its JSON columns for criteria, children and agencies in SQL, its lower-cased
`haystack` for free words, and lateness from the working-day calendar (see `SeaQuery` for the
figures behind that split). `fieldwork.sea_filter.matches` is the same rule in plain Python, and a
test checks the two agree on generated entries and filters.

The table is a line-API widget that draws only the rows on screen: a DataTable builds and measures
every cell it is given (about 240 ms for 10,000 rows here), which alone would break the 30 ms a
keystroke budget; this one costs the same at 10 rows or 10,000.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from sqlalchemy import ColumnElement, Integer, Select, func, literal_column, not_, or_, select
from sqlalchemy.engine import Connection
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
from textual.widgets import Footer, Input, Static

from fieldwork import sea_filter
from fieldwork.errors import FieldworkError
from fieldwork.records import when_date
from fieldwork.sea_filter import SeaFilter
from fieldwork.workdays import WorkingCalendar, is_late
from store.projection import InspectorRow, SeaRow

if TYPE_CHECKING:
    from store.workspace import Workspace


# --- the query (no Textual below this line until the widgets) -----------------------------------


class ListRow(NamedTuple):
    """One entry as the list shows it; JSON columns stay JSON until the row is drawn."""

    key: int  # the projection's rowid: what filters return, cheaper than the id
    id: str
    criteria: str  # JSON list
    judgement: str
    evidence_at: str
    recorded_at: str
    author: str  # inspector id
    children: str  # JSON list
    conflicted: bool
    text: str  # the first part of the text only


_KEY = literal_column("sea.rowid", Integer)
_COLUMNS = (_KEY, SeaRow.id, SeaRow.criteria, SeaRow.judgement, SeaRow.evidence_at, SeaRow.recorded_at,
            SeaRow.author, SeaRow.children, SeaRow.conflicted, func.substr(SeaRow.text, 1, 200))
_DAY = 10  # len("YYYY-MM-DD"): the day part of a stored evidence or recording time
_ALLOWANCE = 2  # para 78: "within two days of collecting the evidence"


def _rows(conn: Connection, query: Select[Any]) -> list[tuple[Any, ...]]:
    """Rows as the driver gives them: SQLAlchemy's result rows cost about 10 ms per 10,000, a
    third of the keystroke budget."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    positional = [params[name] for name in compiled.positiontup or ()]
    cursor = conn.connection.driver_connection.execute(str(compiled), positional)  # type: ignore[union-attr]
    return cursor.fetchall()  # type: ignore[no-any-return]


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class SeaQuery:
    """Runs filters against one workspace's projection, as it was when the query was built.

    Measured at 10,000 entries, and why it is built this way:
    - a filter yields row keys (rowids) only, put in list order against `order`, worked out once:
      sorting in SQL and building Python rows on every keystroke cost more than the 30 ms;
    - the structured tokens (criterion, judgement, child, agency, author, conflict) are one SQL
      query on the projection's columns;
    - free words are matched in Python against the projection's lower-cased `haystack`, read once
      with `order`: Python's substring search is 2-6 times faster than SQLite's LIKE on it (about
      3 ms against 14 ms for "information"), and words are most of what people type;
    - lateness needs the working-day calendar, so it is worked out once per entry here, per
      (evidence day, recorded day) pair, of which an inspection has few.
    The table fetches only the rows it draws (`fetch`). Build a new one whenever the store may
    have changed (the list does each time it comes back to the front); it also caches the
    calendar and the team, which change only on sync.
    """

    def __init__(self, workspace: Workspace) -> None:
        from store import sea

        self.workspace = workspace
        self.calendar: WorkingCalendar = sea.calendar(workspace)
        self._late_memo: dict[tuple[str, str], bool] = {}
        with workspace.projection.engine.connect() as conn:
            self.team: dict[str, str] = dict(conn.execute(select(InspectorRow.id, InspectorRow.name)).all())
            # Newest evidence first; the id breaks ties so the order never depends on rowids.
            rows = _rows(conn, select(_KEY, SeaRow.haystack, SeaRow.evidence_at, SeaRow.recorded_at)
                         .order_by(SeaRow.evidence_at.desc(), SeaRow.id))
        self.order: list[int] = [row[0] for row in rows]
        self._haystacks: list[str] = [row[1] for row in rows]
        self.late_keys: set[int] = {row[0] for row in rows if self._late(row[2], row[3])}

    def parse(self, text: str) -> SeaFilter:
        return sea_filter.parse(text, framework=self.workspace.framework, inspectors=self.team)

    # -- lateness ------------------------------------------------------------------------------

    def _late(self, evidence_at: str, recorded_at: str) -> bool:
        # store.sea.entry_late's rule, remembered per (evidence day, recorded day) pair.
        pair = (evidence_at[:_DAY], recorded_at[:_DAY])
        found = self._late_memo.get(pair)
        if found is None:
            found = bool(pair[0] and pair[1]) and is_late(when_date(pair[0]), when_date(pair[1]),
                                                          self.calendar, _ALLOWANCE)
            self._late_memo[pair] = found
        return found

    def late(self, row: ListRow) -> bool:
        return row.key in self.late_keys

    # -- querying ------------------------------------------------------------------------------

    @staticmethod
    def _clause(term: sea_filter.Term) -> ColumnElement[bool]:
        kind = term.kind
        if kind == sea_filter.CRITERION:
            # Codes are stored as a JSON list: '"ESN 07"' with its quotes matches that code only.
            return or_(*(SeaRow.criteria.like(_like(json.dumps(v)), escape="\\")
                         for v in term.values))
        if kind == sea_filter.CHILD:
            return or_(*(SeaRow.children.like(_like(v), escape="\\") for v in term.values))
        if kind == sea_filter.AGENCY:
            return or_(*(SeaRow.agencies.like(_like(v), escape="\\") for v in term.values))
        if kind == sea_filter.JUDGEMENT:
            return SeaRow.judgement.in_(term.values)
        if kind == sea_filter.AUTHOR:
            return SeaRow.author.in_(term.values)
        if kind == sea_filter.CONFLICT:
            return SeaRow.conflicted.is_(True)
        raise AssertionError(kind)

    def run(self, flt: SeaFilter) -> list[int]:
        """The keys of matching entries, newest evidence first."""
        if flt.impossible:
            return []
        pairs: Iterable[tuple[int, str]] = zip(self.order, self._haystacks)
        structured = [t for t in flt.terms if t.kind not in (sea_filter.TEXT, sea_filter.LATE)]
        if structured:
            clauses = [not_(self._clause(t)) if t.negate else self._clause(t) for t in structured]
            with self.workspace.projection.engine.connect() as conn:
                found = {key for (key,) in _rows(conn, select(_KEY).select_from(SeaRow).where(*clauses))}
            pairs = [(k, h) for k, h in pairs if k in found]
        for term in flt.of(sea_filter.LATE):
            late = self.late_keys
            pairs = [(k, h) for k, h in pairs if (k in late) != term.negate]
        # Each word narrows what the last left, so later words scan fewer entries.
        for term in flt.of(sea_filter.TEXT):
            word = term.values[0]
            if term.negate:
                pairs = [(k, h) for k, h in pairs if word not in h]
            else:
                pairs = [(k, h) for k, h in pairs if word in h]
        return [k for k, _ in pairs]

    def fetch(self, keys: Sequence[int]) -> dict[int, ListRow]:
        with self.workspace.projection.engine.connect() as conn:
            found = conn.execute(select(*_COLUMNS).where(_KEY.in_(list(keys)))).all()
        return {r[0]: ListRow(*r) for r in found}

    def key_of(self, entry_id: str) -> int | None:
        with self.workspace.projection.engine.connect() as conn:
            return conn.execute(select(_KEY).select_from(SeaRow).where(SeaRow.id == entry_id)
                                ).scalar_one_or_none()

    def total(self) -> int:
        return len(self.order)


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
            found = self._cell_text[row.key] = (
                _short_list(row.criteria),
                row.judgement,
                _day(row.evidence_at),
                self.team.get(row.author, row.author[:4]),
                _short_list(row.children),
                flags,
                row.text.split("\n", 1)[0],
            )
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
    AUTO_FOCUS = "#sea-filter"
    # Seconds of quiet before the filter runs: typing "esn:7 poor" costs one query, not ten.
    DEBOUNCE: ClassVar[float] = 0.08

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        # The filter box takes letters, so n/h/d act only in the list; ↓ or Enter gets there.
        Binding("down", "focus_table", "List", show=False),
        Binding("n", "new", "New"),
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
        yield Footer()

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
        self._edit(event.entry_id)

    def action_new(self) -> None:
        self._edit(None)

    def _edit(self, entry_id: str | None) -> None:
        from screens.sea_editor import SeaEditorScreen

        def done(saved: str | None) -> None:
            if saved:
                self.reload(keep=saved)
            self.query_one(SeaTable).focus()  # back where the inspector left, keys ready

        self.app.push_screen(SeaEditorScreen(self.workspace, entry_id, today=self.today), done)

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
        from screens.sea_editor import ConfirmScreen

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

        self.app.push_screen(ConfirmScreen(question, yes="Delete"), answer)
