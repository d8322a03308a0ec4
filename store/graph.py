"""Heads, winners and conflicts, computed from version metadata alone (no keys needed).

A head is a version no other version of the same record names as a parent. Two or more heads is
a conflict: two laptops edited the same record offline, or an edit raced a deletion. Meanwhile a
deterministic winner is shown: the head with the longest history, then the highest version id,
as CouchDB does. The wall clock never decides, because half the laptops in the room are wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple


class Meta(NamedTuple):
    id: str
    record: str
    kind: str
    parents: tuple[str, ...]
    clock: str
    author: str
    op: str


@dataclass(frozen=True)
class RecordState:
    record: str
    kind: str
    heads: tuple[str, ...]  # sorted by the winner rule, winner first
    winner: str
    root: str  # the first version: who created the record, and when
    versions: int

    @property
    def conflicted(self) -> bool:
        return len(self.heads) > 1


def _depths(metas: dict[str, Meta]) -> dict[str, int]:
    """Longest chain of ancestors (including the version itself), iteratively to spare the stack."""
    depth: dict[str, int] = {}
    for start in metas:
        if start in depth:
            continue
        stack = [start]
        while stack:
            vid = stack[-1]
            pending = [p for p in metas[vid].parents if p in metas and p not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            depth[vid] = 1 + max((depth[p] for p in metas[vid].parents if p in metas), default=0)
    return depth


def record_state(record: str, versions: Iterable[Meta]) -> RecordState:
    metas = {m.id: m for m in versions}
    if not metas:
        raise ValueError(f"record {record} has no versions")
    if len(metas) == 1:  # most records: written once
        (only,) = metas.values()
        return RecordState(record=record, kind=only.kind, heads=(only.id,), winner=only.id, root=only.id, versions=1)
    referenced = {p for m in metas.values() for p in m.parents}
    heads = [vid for vid in metas if vid not in referenced]
    if len(heads) > 1:  # history lengths only matter to order the heads of a conflict
        depth = _depths(metas)
        heads.sort(key=lambda v: (depth[v], v), reverse=True)
    roots = [m for m in metas.values() if not m.parents]
    return RecordState(
        record=record,
        kind=metas[heads[0]].kind,
        heads=tuple(heads),
        winner=heads[0],
        root=min(roots, key=lambda m: (m.clock, m.id)).id if roots else heads[-1],
        versions=len(metas),
    )


def states(metas: Iterable[Meta]) -> dict[str, RecordState]:
    by_record: dict[str, list[Meta]] = {}
    for meta in metas:
        by_record.setdefault(meta.record, []).append(meta)
    return {record: record_state(record, versions) for record, versions in by_record.items()}
