"""What the screens work out from one record at a time, kept while the store is open.

A version's payload never changes, so whatever is derived from a record alone (the gap analysis's
view of an SEA entry, say) holds for as long as that record's winning version does. Keeping it by
version id means nothing has to be told about writes or imports: an edited, merged or resolved
record has a new winning version and is worked out again, every other one is reused. Opening Gaps
or Findings a second time then costs a dictionary look-up per entry instead of reading 2,000
payloads again. Whatever is derived from many records at once (the gap report) is kept with the
version log's mark instead, and worked out again once any version has been added.

What is kept is decrypted data, so it lives no longer than the open workspace: it is held against
the Workspace object (weakly: it goes with it), nothing is kept for a closed one, and `forget`
drops it when the app locks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Hashable, Iterable, TypeVar
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from store.record import Record
    from store.workspace import Workspace

T = TypeVar("T")

# workspace -> what (a name per kind of derivation) -> winning version id -> derived value
_KEPT: "WeakKeyDictionary[Workspace, dict[str, dict[str, object]]]" = WeakKeyDictionary()


def per_version(ws: "Workspace", what: str, records: Iterable["Record"], make: Callable[["Record"], T]) -> list[T]:
    """`make(record)` for each record, in order, reusing what was made for the same version.
    `records`: every record this derivation covers, each time (what no longer wins is dropped)."""
    records = list(records)
    if ws.ring is None:  # closed (locked): keep nothing decrypted beyond it
        forget(ws)
        return [make(r) for r in records]
    table = _KEPT.setdefault(ws, {}).setdefault(what, {})
    out: list[T] = []
    for record in records:
        value = table.get(record.version)
        if value is None:
            value = table[record.version] = make(record)
        out.append(value)  # type: ignore[arg-type]
    if len(table) > 2 * len(out) + 64:
        # Versions that no longer win (edited or deleted since) are dropped now and then.
        current = {r.version for r in records}
        for version in [v for v in table if v not in current]:
            del table[version]
    return out


def per_state(ws: "Workspace", what: str, key: Hashable, make: Callable[[], T]) -> T:
    """`make()` once for each state of the store: kept until a version is written, imported or
    left waiting (the version log's mark, which needs no decryption, then moves) or `key` changes."""
    if ws.ring is None:
        forget(ws)
        return make()
    state = (ws.log_mark(), key)
    kept = _KEPT.setdefault(ws, {}).setdefault("per state", {})
    held = kept.get(what)
    if held is not None and held[0] == state:
        return held[1]  # type: ignore[no-any-return]
    value = make()
    kept[what] = (state, value)
    return value


def forget(ws: "Workspace") -> None:
    """Drop everything kept for this workspace (the app calls it as it locks)."""
    _KEPT.pop(ws, None)
