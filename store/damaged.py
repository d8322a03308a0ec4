"""Records this store holds but cannot show: listed as damaged, with their ids, never a crash.

Every version is checked against its kind's schema before it is applied (fieldwork/schemas.py),
but a store may hold records from before those checks, and an added criterion can be valid on
its own yet fit no framework of this inspection (a strand its packs do not declare, a code a
teammate also used). Readers skip or mark what is listed here; `status --json` counts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, TypeVar

from fieldwork import authority, schemas
from fieldwork.errors import ValidationError

if TYPE_CHECKING:
    from store.record import Record
    from store.workspace import Workspace

R = TypeVar("R", bound="Record")


@dataclass(frozen=True)
class Damaged:
    id: str
    kind: str
    why: str


# A version's payload never changes, so its verdict is kept by version id (bounded: a store's
# winning versions number in the tens of thousands at most).
_VERDICTS: dict[str, str | None] = {}
_KEEP = 200_000


def problem(record: "Record") -> str | None:
    """Why this record cannot be shown, or None. A deleted record shows nothing, so it is fine."""
    if record.deleted:
        return None
    if record.version in _VERDICTS:
        return _VERDICTS[record.version]
    why = schemas.problem(record.kind, "put", record.payload)
    if len(_VERDICTS) >= _KEEP:
        _VERDICTS.clear()
    _VERDICTS[record.version] = why
    return why


def usable(records: Iterable[R]) -> list[R]:
    """The records that can be shown, in the order given."""
    return [r for r in records if problem(r) is None]


def _unfit_criteria(ws: "Workspace") -> list[Damaged]:
    """Added criteria that no framework of this inspection can hold (fieldwork/frameworks.py
    refuses them as a set, so each is tried on its own and against the ones before it)."""
    from fieldwork.frameworks import Criterion, Framework, load_pack

    try:
        packs = [load_pack(p) for p in ws.inspection.get("packs", [])]
        Framework(packs)
    except (ValidationError, TypeError):
        return []  # the inspection's own packs are the problem: the inspection record says so
    out: list[Damaged] = []
    fitted: list[Criterion] = []
    for r in usable(ws.records("criterion")):
        p = r.payload
        candidate = Criterion(code=p["code"], strand=p["strand"], label=p["label"], prompt=p.get("prompt"), pack="custom")
        try:
            Framework(packs, [*fitted, candidate])
        except ValidationError as err:
            out.append(Damaged(r.id, r.kind, str(err)))
            continue
        fitted.append(candidate)
    return out


def damaged(ws: "Workspace") -> list[Damaged]:
    """Every record held that cannot be shown, with why, ordered by kind and id."""
    out: list[Damaged] = []
    for kind in sorted(authority.RULES):
        for r in ws.records(kind):
            why = problem(r)
            if why:
                out.append(Damaged(r.id, r.kind, why))
    out.extend(_unfit_criteria(ws))
    return sorted(out, key=lambda d: (d.kind, d.id))


def damaged_json(ws: "Workspace") -> list[dict[str, str]]:
    return [{"id": d.id, "kind": d.kind, "why": d.why} for d in damaged(ws)]
