"""Querying the SEA entries for the list and the pickers: the filter language
(`fieldwork.sea_filter`) run against the in-memory projection, with no Textual.

`SeaQuery` runs a parsed filter as SQL on the projection's columns plus Python on its lower-cased
`haystack`; `fieldwork.sea_filter.matches` is the same rule in plain Python, and a test checks the
two agree. Lateness is `store.sea.entry_late`, the one rule the CLI and the checks use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import ColumnElement, Integer, Select, func, literal_column, not_, or_, select
from sqlalchemy.engine import Connection

from fieldwork import sea_filter
from fieldwork.sea_filter import SeaFilter
from fieldwork.workdays import WorkingCalendar
from store.damaged import usable
from store.projection import InspectorRow, SeaRow
from store.sea import calendar, entry_late

if TYPE_CHECKING:
    from store.workspace import Workspace


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
        self.workspace = workspace
        self.calendar: WorkingCalendar = calendar(workspace)
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
        # store.sea.entry_late, remembered per (evidence day, recorded day) pair: an inspection
        # has few such pairs and thousands of entries.
        pair = (evidence_at[:_DAY], recorded_at[:_DAY])
        found = self._late_memo.get(pair)
        if found is None:
            found = bool(pair[0] and pair[1]) and entry_late(
                self.workspace, {"evidence_at": pair[0], "recorded_at": pair[1]}, self.calendar)
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


class EvidenceIndex:
    """Every SEA entry as the filter language sees it, matched in plain Python by
    `fieldwork.sea_filter.matches`: for pickers (a finding's evidence) that show a hundred matches
    at most and must answer on the first keystroke, before the projection is built. The same
    language and the same facts as `SeaQuery`, so a filter typed in the list works here too."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        cal = calendar(workspace)
        self.team = {r.id: str(r.payload.get("name", "")) for r in workspace.records("inspector")}
        late_memo: dict[tuple[str, str], bool] = {}
        self.entries: dict[str, sea_filter.Entry] = {}
        for record in usable(workspace.records("sea")):
            p = record.payload
            criteria = [str(c) for c in p.get("criteria") or ()]
            children = [str(c) for c in p.get("children") or ()]
            agencies = [str(a) for a in p.get("agencies") or ()]
            pair = (str(p.get("evidence_at") or "")[:_DAY], str(p.get("recorded_at") or "")[:_DAY])
            if pair not in late_memo:
                late_memo[pair] = bool(pair[0] and pair[1]) and entry_late(
                    workspace, {"evidence_at": pair[0], "recorded_at": pair[1]}, cal)
            haystack = " ".join([str(p.get("text") or ""), *criteria, *children, *agencies,
                                 str(p.get("source_detail") or "")])
            self.entries[record.id] = sea_filter.Entry(
                criteria=criteria, judgement=str(p.get("judgement") or ""), children=children,
                agencies=agencies, author=record.author, late=late_memo[pair],
                conflicted=record.conflicted, haystack=haystack.lower())

    def parse(self, text: str) -> SeaFilter:
        return sea_filter.parse(text, framework=self.workspace.framework, inspectors=self.team)

    def run(self, flt: SeaFilter, ids: Iterable[str]) -> list[str]:
        """Those of `ids` (in their order) that the filter matches."""
        return [i for i in ids if i in self.entries and sea_filter.matches(flt, self.entries[i])]
