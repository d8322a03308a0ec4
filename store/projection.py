"""The in-memory SQLite projection every screen and report queries, built at unlock.

It holds the current (winning) payload of every live record: typed tables for the kinds screens
filter at speed (other modules register theirs with `register`), and a generic `records` table
for every other kind. A kind with a typed table is not also kept in `records`: at 10,000 SEA
entries that copy alone cost megabytes and nothing read it. It lives only in memory and is
dropped on lock.
"""

from __future__ import annotations

import json
import operator
from typing import Any, Callable, Iterable

from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Session, SQLModel, create_engine

from store.record import Record  # noqa: F401 - re-exported for older imports


class RecordRow(SQLModel, table=True):
    __tablename__ = "records"
    id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    payload: str
    author: str
    created: str
    updated: str
    updated_by: str
    conflicted: bool = False


class InspectorRow(SQLModel, table=True):
    __tablename__ = "inspectors"
    id: str = Field(primary_key=True)
    name: str
    inspectorate: str
    role: str


class ChildRow(SQLModel, table=True):
    __tablename__ = "children"
    id: str = Field(primary_key=True)
    case_ref: str = Field(index=True)
    stage: str = Field(index=True)
    age_band: str = ""
    gender: str = ""
    disability: str = ""
    ethnicity: str = ""
    involvement: str = ""
    probation: bool = False
    consent: str = ""
    allocated: str = ""
    agencies: str = "[]"
    conflicted: bool = False


class SeaRow(SQLModel, table=True):
    __tablename__ = "sea"
    id: str = Field(primary_key=True)
    criteria: str  # JSON list of codes, e.g. ["ESN 07"]
    judgement: str = Field(index=True)
    strand: str
    source_type: str
    source_detail: str
    evidence_at: str
    recorded_at: str
    children: str  # JSON list of case references
    agencies: str  # JSON list
    agreed_by: str  # JSON list of inspector ids
    text: str
    author: str = Field(index=True)
    conflicted: bool = False
    # Lower-cased text, codes, refs and agencies: one LIKE per keystroke filters 10,000 entries.
    haystack: str = ""


RowBuilder = Callable[[Record], dict[str, Any]]
_TYPED: dict[str, tuple[type[SQLModel], RowBuilder]] = {}


def register(kind: str, table: type[SQLModel], builder: RowBuilder) -> None:
    """Give a record kind its own typed table (the generic `records` row is kept as well)."""
    _TYPED[kind] = (table, builder)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder, not one per call


_QUOTE = json.encoder.encode_basestring  # what _ENCODE writes for each string of a list


def _j(value: Any) -> str:
    # A list of strings as _ENCODE writes it ("[", ", " between, "]"), without its machinery.
    return "[" + ", ".join(map(_QUOTE, _strs(value))) + "]"


# Payloads arrive from other laptops, perhaps from a newer or a faulty Fieldwork: a field of an
# unexpected type must never stop a store from opening, so typed rows coerce rather than trust.
def _s(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strs(value: Any) -> list[str]:
    if type(value) is list:
        try:
            "".join(value)  # in C: raises unless every item is text, as every valid payload's are
            return value  # type: ignore[no-any-return]
        except TypeError:
            pass
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _inspector_row(record: Record) -> dict[str, Any]:
    p = record.payload
    return {"id": record.id, "name": _s(p.get("name")), "inspectorate": _s(p.get("inspectorate")), "role": _s(p.get("role"))}


def _child_row(record: Record) -> dict[str, Any]:
    p = record.payload
    return {
        "id": record.id,
        "case_ref": _s(p.get("case_ref")),
        "stage": _s(p.get("stage")),
        "age_band": _s(p.get("age_band")),
        "gender": _s(p.get("gender")),
        "disability": _s(p.get("disability")),
        "ethnicity": _s(p.get("ethnicity")),
        "involvement": _s(p.get("involvement")),
        "probation": p.get("probation") is True,
        "consent": _s(p.get("consent")),
        "allocated": _s(p.get("allocated")),
        "agencies": _j(p.get("agencies")),
        "conflicted": record.conflicted,
    }


def _sea_row(record: Record) -> dict[str, Any]:
    p = record.payload
    criteria = _strs(p.get("criteria"))
    children = _strs(p.get("children"))
    agencies = _strs(p.get("agencies"))
    haystack = " ".join([_s(p.get("text")), " ".join(criteria), " ".join(children), " ".join(agencies), _s(p.get("source_detail"))])
    return {
        "id": record.id,
        "criteria": _j(criteria),
        "judgement": _s(p.get("judgement")),
        "strand": _s(p.get("strand")),
        "source_type": _s(p.get("source_type")),
        "source_detail": _s(p.get("source_detail")),
        "evidence_at": _s(p.get("evidence_at")),
        "recorded_at": _s(p.get("recorded_at")),
        "children": _j(children),
        "agencies": _j(agencies),
        "agreed_by": _j(p.get("agreed_by")),
        "text": _s(p.get("text")),
        "author": record.author,
        "conflicted": record.conflicted,
        "haystack": haystack.lower(),
    }


register("inspector", InspectorRow, _inspector_row)
register("child", ChildRow, _child_row)
register("sea", SeaRow, _sea_row)


def _record_row(record: Record, texts: dict[str, str] | None = None) -> dict[str, Any]:
    text = texts.get(record.id) if texts else None
    return {
        "id": record.id,
        "kind": record.kind,
        "payload": text if text is not None else _ENCODE(record.payload),
        "author": record.author,
        "created": record.created,
        "updated": record.updated,
        "updated_by": record.updated_by,
        "conflicted": record.conflicted,
    }


def _rows(builder: RowBuilder, records: list[Record]) -> list[dict[str, Any]]:
    """Typed rows; a record whose payload no builder can read stays in `records` only."""
    out = []
    for record in records:
        try:
            out.append(builder(record))
        except Exception:  # noqa: BLE001 - one unreadable record must not stop the store opening
            continue
    return out


def _bulk_insert(conn: Any, table: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    # Straight to the driver's executemany: SQLAlchemy's per-row parameter processing was a
    # third of unlock time at 2,000 entries, and these rows are already plain values.
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table.__tablename__} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # type: ignore[attr-defined]
    conn.exec_driver_sql(sql, list(map(operator.itemgetter(*columns), rows)) if len(columns) > 1 else [(row[columns[0]],) for row in rows])


class Projection:
    def __init__(self) -> None:
        self.engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        self._created: set[str] = set()
        SQLModel.metadata.create_all(self.engine, tables=[RecordRow.__table__])  # type: ignore[attr-defined]
        self._ensure_tables()

    def _ensure_tables(self) -> None:
        # A module may register its typed table after a workspace has opened (screens import
        # lazily): create it then, rather than fail every later write with "no such table".
        missing = [kind for kind in _TYPED if kind not in self._created]
        if missing:
            SQLModel.metadata.create_all(self.engine, tables=[_TYPED[k][0].__table__ for k in missing])  # type: ignore[attr-defined]
            self._created.update(missing)

    def session(self) -> Session:
        return Session(self.engine)

    def load(self, records: Iterable[Record], texts: dict[str, str] | None = None) -> None:
        """Fill the empty projection; `texts` are payloads' JSON text as decrypted, to save re-encoding."""
        self._ensure_tables()
        live = [r for r in records if not r.deleted]
        with self.engine.begin() as conn:
            self._insert(conn, live, texts)

    def _insert(self, conn: Any, live: list[Record], texts: dict[str, str] | None) -> None:
        _bulk_insert(conn, RecordRow, [_record_row(r, texts) for r in live if r.kind not in _TYPED])
        for kind, (table, builder) in _TYPED.items():
            _bulk_insert(conn, table, _rows(builder, [r for r in live if r.kind == kind]))

    def update(self, records: Iterable[Record], texts: dict[str, str] | None = None, *, new: Iterable[str] = ()) -> None:
        """Replace the rows of these records with their current state (or remove the deleted).

        `new`: ids of records known to have no rows yet (a merge brings thousands), whose rows
        need no deleting first."""
        batch = list(records)
        if not batch:
            return
        self._ensure_tables()
        skip = set(new)
        ids = [(r.id,) for r in batch if r.id not in skip]
        with self.engine.begin() as conn:
            if ids:
                for table in [RecordRow, *(t for t, _ in _TYPED.values())]:
                    conn.exec_driver_sql(f"DELETE FROM {table.__tablename__} WHERE id = ?", ids)  # type: ignore[attr-defined]
            self._insert(conn, [r for r in batch if not r.deleted], texts)

    def dispose(self) -> None:
        self.engine.dispose()
