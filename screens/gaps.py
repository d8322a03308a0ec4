"""Gaps: the lead's view of thin evidence (paras 33, 72, 79), as a heatmap that opens up.

Every figure comes from fieldwork.gaps through store.gaps, exactly as `fieldwork gaps` prints it.
Every cell of every table drills down: select it to list the SEA entries behind the number, then
open one. `s` sets or clears the team's "sufficient evidence agreed" mark on a criterion.

The entry list and the entry view defined here are shared with the findings screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from fieldwork import gaps
from fieldwork import records as rec
from fieldwork.errors import FieldworkError
from fieldwork.frameworks import UNOFFICIAL
from screens.widgets.fixed_table import FixedWidthTable
from screens.widgets.footer import KeysFooter
from screens.judgement_style import judgement_colours
from screens.state_style import state_style
from screens.base import SectionScreen
from store import gaps as store_gaps
from store import sea
from store.record import Record
from store.workspace import Workspace

CSS = "gaps.tcss"

# Heat ramps, dark to bright, one per judgement; four steps are as many as a terminal shows apart.
_RAMPS: dict[str, tuple[str, ...]] = {
    "strength": ("#1f3d24", "#2b5e33", "#3a8044", "#4fa35a"),
    "development": ("#4a3a12", "#6e5515", "#946f17", "#bb8c1a"),
    "concern": ("#4a1c1c", "#6e2222", "#942a2a", "#bb3333"),
    "context": ("#2a2f3a", "#3a4150", "#4b5466", "#5d687e"),
}
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("strength", "Str"),
    ("development", "Dev"),
    ("concern", "Con"),
    ("context", "Ctx"),
)


def heat(count: int, judgement: str, top: int) -> Text:
    """A count drawn as a heat cell: brighter as it nears the column's highest count."""
    if count == 0:
        return Text("  ·", style="dim")
    ramp = _RAMPS[judgement]
    step = min(len(ramp) - 1, (count * len(ramp) - 1) // max(top, 1))
    return Text(f"{count:>3}", style=f"bold white on {ramp[step]}")


@dataclass(frozen=True)
class Drill:
    """What selecting a cell opens: a title and the entries behind it."""

    title: str
    ids: tuple[str, ...]


# --- the entry list and the entry view (shared with the findings screen) -------------------------


def entry_summary(record: Record) -> str:
    return " ".join(str(record.payload.get("text", "")).split())


class EntryScreen(ModalScreen[None]):
    """One SEA entry in full, read-only."""

    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "close", "Back"), Binding("q", "close", "Back", show=False)]

    def __init__(self, workspace: Workspace, entry_id: str) -> None:
        super().__init__()
        self.workspace = workspace
        self.entry_id = entry_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="entry-view"):
            yield Static(self._content(), id="entry-text")
        yield KeysFooter()

    def _content(self) -> Text:
        ws = self.workspace
        record = ws.get(self.entry_id)
        if record is None or record.deleted:
            return Text(f"SEA entry {self.entry_id[:8]} has been deleted; its history is kept.", style="italic")
        p = record.payload
        framework = ws.framework
        out = Text()
        out.append(f"SEA entry {record.id[:8]}", style="bold")
        if record.conflicted:
            out.append("  (conflicting versions: resolve in Sync)", style=state_style(self.app, "conflict"))
        out.append("\n")
        for code in p.get("criteria", []):
            out.append(framework.shown(code), style="bold")  # with "working criterion" where it is one (para 4)
            out.append(f"  {framework.full(code)}\n")
        judgement = str(p.get("judgement", ""))
        out.append(rec.JUDGEMENTS.get(judgement, judgement), style=f"bold {judgement_colours(self.app).get(judgement, '')}")
        out.append(f" · {framework.strand_label(str(p.get('strand', '')))}\n")
        source = rec.SOURCE_TYPES.get(str(p.get("source_type", "")), str(p.get("source_type", "")))
        detail = str(p.get("source_detail", ""))
        out.append(f"Source: {source}{': ' + detail if detail else ''}\n")
        out.append(f"Evidence {p.get('evidence_at', '?')} · recorded {p.get('recorded_at', '?')}")
        if sea.entry_late(ws, p):
            out.append(" · late (para 78)", style=state_style(self.app, "late"))
        out.append(f" · by {ws.inspector_name(record.author) or record.author[:8]}\n")
        if p.get("children"):
            out.append(f"Children: {', '.join(p['children'])}\n")
        if p.get("agencies"):
            out.append(f"Agencies: {', '.join(p['agencies'])}\n")
        out.append("\n")
        out.append(str(p.get("text", "")))
        return out

    def action_close(self) -> None:
        self.dismiss(None)




class EntryListScreen(Screen[None]):
    """The SEA entries behind one figure; Enter opens one."""

    CSS_PATH = CSS
    BINDINGS = [Binding("escape", "app.back", "Back"), Binding("enter", "open", "Open", show=True)]

    def __init__(self, workspace: Workspace, title: str, ids: Sequence[str]) -> None:
        super().__init__()
        self.workspace = workspace
        self.list_title = title
        self.ids = tuple(ids)

    def reopen(self, workspace: Workspace) -> "EntryListScreen":
        return EntryListScreen(workspace, self.list_title, self.ids)

    def compose(self) -> ComposeResult:
        yield Static(Text(f"{self.list_title} · {len(self.ids)} entr{'y' if len(self.ids) == 1 else 'ies'}", style="bold"), id="entries-title")
        yield DataTable(id="entry-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Id", key="id", width=8)
        table.add_column("Date", key="date", width=10)
        table.add_column("Judg.", key="judgement", width=5)
        table.add_column("By", key="by", width=4)
        table.add_column("Entry", key="text")
        # Id, date, judgement and initials, their cell padding and the scrollbar take 39 columns.
        width = max(20, self.app.size.width - 40)
        colours = judgement_colours(self.app)
        for entry_id in self.ids:
            record = self.workspace.get(entry_id)
            if record is None or record.deleted:
                table.add_row(entry_id[:8], "", "", "", Text("deleted", style="italic"), key=entry_id)
                continue
            p = record.payload
            judgement = str(p.get("judgement", ""))
            table.add_row(
                record.id[:8],
                str(p.get("evidence_at", ""))[:10],
                Text(_SHORT.get(judgement, judgement[:3]), style=colours.get(judgement, "")),
                (self.workspace.inspector_name(record.author) or "?")[:4],
                Text(entry_summary(record)[:width], no_wrap=True, overflow="ellipsis"),
                key=record.id,
            )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            self._open(str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value))

    def _open(self, entry_id: str) -> None:
        self.app.push_screen(EntryScreen(self.workspace, entry_id))


_HINT = "Enter: the entries behind a figure · s: sufficient evidence agreed (para 33)"
_SHORT = {"strength": "Str", "development": "Dev", "concern": "Con", "context": "Ctx"}


# --- the gaps screen -------------------------------------------------------------------------------


_TABS: tuple[tuple[str, str], ...] = (
    ("criteria", "Criteria"),
    ("children", "Children"),
    ("strands", "Strands"),
    ("team", "Team"),
)


class GapsScreen(SectionScreen):
    """The lead's daily review of the SEA for gaps (para 79)."""

    CSS_PATH = CSS
    TITLE = "Evidence gaps"
    BINDINGS = [
        Binding("s", "toggle_sufficient", "Sufficient"),
        Binding("plus,equals_sign", "threshold(1)", "Threshold +", key_display="+"),
        Binding("minus", "threshold(-1)", "Threshold −", key_display="-"),
        Binding("r", "reload", "Reload", show=False),
        *(Binding(str(n), f"tab('{name}')", title, show=False) for n, (name, title) in enumerate(_TABS, 1)),
    ]

    def __init__(self, workspace: Workspace, *, today: date | None = None) -> None:
        super().__init__(workspace, today=today)
        self.threshold: int | None = None  # None: the inspection's own gap_threshold
        self.report: gaps.GapReport | None = None
        self._drills: dict[tuple[str, str, str], Drill] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="gaps-title")
        with TabbedContent(id="gaps-tabs"):
            for n, (name, title) in enumerate(_TABS, 1):
                with TabPane(f"{n} {title}", id=f"tab-{name}"):
                    yield FixedWidthTable(id=f"{name}-table", cursor_type="cell")
        yield Static("", id="gaps-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload(hidden_tabs_later=True)
        self.query_one("#criteria-table", DataTable).focus()

    # --- drawing ------------------------------------------------------------------------------

    def reload(self, *, hidden_tabs_later: bool = False) -> None:
        """Count again and redraw. `hidden_tabs_later`: fill the tabs behind the first one just
        after the next frame, so that opening Gaps shows its matrix without waiting for them."""
        self.report = store_gaps.report(self.workspace, threshold_override=self.threshold, today=self.today)
        self._drills.clear()
        self._title()
        self._criteria()
        if hidden_tabs_later:
            self.call_after_refresh(self._hidden_tabs, self.report)
        else:
            self._hidden_tabs(self.report)

    def _hidden_tabs(self, report: gaps.GapReport) -> None:
        if report is not self.report:
            return  # counted again meanwhile, and drawn with it
        self._children()
        self._strands()
        self._team()

    def _title(self) -> None:
        r = self.report
        assert r is not None
        if r.days_to_meeting > 0:
            when = f"{r.days_to_meeting} working day{'s' if r.days_to_meeting != 1 else ''} to the findings meeting"
        elif r.days_to_meeting == 0:
            when = "findings meeting today"
        else:
            when = "findings meeting held"
        text = Text()
        text.append(f"{len(r.gaps)} gaps", style=state_style(self.app, "gap") if r.gaps else state_style(self.app, "ok"))
        text.append(f" · {len(r.single_source)} from one source type · {len(r.late)} late · threshold {r.threshold}")
        if r.after_meeting:  # para 78: entries made after the day 12 findings meeting
            text.append(f" · {len(r.after_meeting)} post-meeting updates")
        if r.after_cutoff:  # para 9: evidence collection ceases at 3.00pm on day 12
            text.append(f" · {len(r.after_cutoff)} with evidence after the day 12 cut-off")
        text.append(f" · day {r.today_day}: {when} ({r.meeting_date.strftime('%a %d %b')})")
        if any(c.status for c in r.criteria):
            text.append(f" · * {UNOFFICIAL}", style="italic")
        self.query_one("#gaps-title", Static).update(text)
        self.query_one("#gaps-status", Static).update(_HINT)

    def _drill(self, table: str, row: str, column: str, title: str, ids: Iterable[str]) -> None:
        self._drills[(table, row, column)] = Drill(title, tuple(ids))

    def _criteria(self) -> None:
        r = self.report
        assert r is not None
        table = self.query_one("#criteria-table", DataTable)
        keep = table.cursor_coordinate if table.row_count else None
        table.clear(columns=True)
        code_width = max([len(c.code) + (1 if c.status else 0) for c in r.criteria] + [4])
        table.add_column("Code", key="code", width=code_width)
        for judgement, label in _COLUMNS:
            table.add_column(label, key=judgement, width=3)
        table.add_column("All", key="all", width=3)
        table.add_column("Src", key="sources", width=3)
        table.add_column("Mark", key="mark", width=4)
        # The label takes what is left of the width, so the matrix never scrolls sideways at 80.
        # Fixed columns, the cell padding (one each side of nine columns) and the vertical scrollbar.
        used = code_width + 3 * 6 + 4 + 2 * 9 + 2
        table.add_column("Criterion", key="label", width=max(16, self.app.size.width - used))
        tops = {j: max([c.count(j) for c in r.criteria] + [1]) for j, _ in _COLUMNS}
        for c in r.criteria:
            # "*": a working criterion, not published guidance (para 4), as the title line says.
            cells: list[Text | str] = [Text(c.code + ("*" if c.status else ""), style=state_style(self.app, "gap") if c.gap else "")]
            cells += [heat(c.count(j), j, tops[j]) for j, _ in _COLUMNS]
            total_style = state_style(self.app, "gap-cell") if c.gap else ""
            cells.append(Text(f"{c.total:>3}", style=total_style))
            cells.append(Text(f"{len(c.sources):>2}" + ("!" if c.single_source else " "), style=state_style(self.app, "caution") if c.single_source else ""))
            if c.sufficient:
                cells.append(Text("ok ✓", style=state_style(self.app, "ok")))
            elif c.gap:
                cells.append(Text("GAP", style=state_style(self.app, "gap")))
            else:
                cells.append(Text(""))
            cells.append(Text(c.label, no_wrap=True, overflow="ellipsis"))
            table.add_row(*cells, key=c.code)
            for j, label in _COLUMNS:
                self._drill("criteria", c.code, j, f"{c.code} · {rec.JUDGEMENTS[j]}", c.ids.get(j, ()))
            self._drill("criteria", c.code, "*", f"{c.code} · all entries", c.entries)
        if keep is not None:
            table.move_cursor(row=keep.row, column=keep.column, animate=False)

    def _children(self) -> None:
        r = self.report
        assert r is not None
        table = self.query_one("#children-table", DataTable)
        table.clear(columns=True)
        ref_width = max([len(c.case_ref) for c in r.children] + [9])
        table.add_column("Case ref", key="ref", width=ref_width)
        table.add_column("Stage", key="stage", width=14)
        table.add_column("SEA", key="entries", width=3)
        # What is left of the width, after the cell padding and the scrollbar.
        table.add_column("No entry yet about", key="missing", width=max(16, self.app.size.width - ref_width - 17 - 8 - 2))
        for c in r.children:
            style = state_style(self.app, "gap") if c.no_entries else ""
            missing = ", ".join(c.agencies_missing)
            table.add_row(
                Text(c.case_ref, style=style),
                rec.STAGES.get(c.stage, c.stage),
                Text(f"{len(c.entries):>3}", style=state_style(self.app, "gap-cell") if c.no_entries else ""),
                Text(missing or ("no entry at all" if c.no_entries else ""), style=state_style(self.app, "caution") if missing else style,
                     no_wrap=True, overflow="ellipsis"),
                key=c.case_ref,
            )
            self._drill("children", c.case_ref, "*", f"{c.case_ref} · entries about this child", c.entries)

    def _strands(self) -> None:
        r = self.report
        assert r is not None
        table = self.query_one("#strands-table", DataTable)
        table.clear(columns=True)
        table.add_column("Strand", key="strand", width=26)
        table.add_column("Criteria", key="criteria", width=8)
        table.add_column("Evidenced", key="evidenced", width=9)
        table.add_column("Gaps", key="gaps", width=4)
        table.add_column("SEA", key="entries", width=4)
        for s in r.strands:
            table.add_row(
                s.label,
                f"{s.criteria:>8}",
                f"{s.evidenced:>9}",
                Text(f"{len(s.gaps):>4}", style=state_style(self.app, "gap") if s.gaps else ""),
                f"{len(s.entries):>4}",
                key=s.id,
            )
            self._drill("strands", s.id, "*", f"{s.label} · entries filed under this strand", s.entries)

    def _team(self) -> None:
        r = self.report
        assert r is not None
        table = self.query_one("#team-table", DataTable)
        table.clear(columns=True)
        table.add_column("Who", key="who", width=18)
        table.add_column("Inspectorate", key="body", width=13)
        table.add_column("SEA", key="entries", width=4)
        table.add_column("Late", key="late", width=4)
        rows = [("inspector", t) for t in r.inspectors] + [("inspectorate", t) for t in r.inspectorates]
        for kind, t in rows:
            key = f"{kind}:{t.key}"
            name = t.name if kind == "inspector" else f"All {t.name}"
            table.add_row(
                Text(name, style="" if kind == "inspector" else "bold"),
                rec.INSPECTORATES.get(t.inspectorate, t.inspectorate),
                f"{len(t.entries):>4}",
                Text(f"{len(t.late):>4}", style=state_style(self.app, "caution") if t.late else ""),
                key=key,
            )
            self._drill("team", key, "*", f"{name} · entries written", t.entries)
            self._drill("team", key, "late", f"{name} · entries recorded late (para 78)", t.late)

    # --- actions ------------------------------------------------------------------------------

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        table = str(event.data_table.id or "").removesuffix("-table")
        row = str(event.cell_key.row_key.value)
        column = str(event.cell_key.column_key.value)
        drill = self._drills.get((table, row, column)) or self._drills.get((table, row, "*"))
        if drill is not None:
            self.app.push_screen(EntryListScreen(self.workspace, drill.title, drill.ids))

    def _current_code(self) -> str | None:
        table = self.query_one("#criteria-table", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_toggle_sufficient(self) -> None:
        """Para 33: the team agrees where the evidence against a criterion is sufficient."""
        code = self._current_code()
        if code is None or self.report is None:
            return
        now = not self.report.criterion(code).sufficient
        try:
            store_gaps.set_sufficient(self.workspace, code, now)
        except FieldworkError as err:
            self.notify(str(err), severity="error")
            return
        self.reload()
        verb = "marked as having sufficient evidence" if now else "no longer marked sufficient"
        self.query_one("#gaps-status", Static).update(f"{code} {verb}.")

    def action_threshold(self, step: int) -> None:
        assert self.report is not None
        self.threshold = max(1, self.report.threshold + step)
        self.reload()

    def action_tab(self, name: str) -> None:
        self.query_one("#gaps-tabs", TabbedContent).active = f"tab-{name}"
        self.query_one(f"#{name}-table", DataTable).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        # Clicking a tab puts the keyboard in its table, ready to drill down.
        name = str(event.pane.id or "").removeprefix("tab-")
        self.query_one(f"#{name}-table", DataTable).focus()

    def action_reload(self) -> None:
        self.reload()

