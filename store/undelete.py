"""Undoing a deletion: a record's tombstone stays in its history, so the record can come back.

The restoring version is an ordinary edit through `Workspace.write`: its parent is the tombstone
(with any other head the record has), its payload the last one the record had before the
deletion, and the trust chain and the rule table judge it like any other write, so a member can
undelete only what they could have edited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldwork.errors import FieldworkError, NotFound

if TYPE_CHECKING:
    from store.versions import Version
    from store.workspace import Workspace


def undelete(ws: "Workspace", record_id: str) -> "Version":
    from store.workspace import Change

    record = ws.resolve_id(record_id)
    if record is None:
        raise NotFound(f"No record with id '{record_id}'.")
    if not record.deleted:
        raise FieldworkError(f"{record.kind} {record.id} is not deleted: there is nothing to restore.")
    history = {entry.version: entry for entry in ws.history(record.id)}
    tombstones = [history[h] for h in record.heads if h in history and history[h].op == "delete"]
    # The version each tombstone deleted; the latest of them if a conflict left several.
    before = [history[p] for t in tombstones for p in t.parents if p in history and history[p].op == "put"]
    if not before:
        raise FieldworkError(f"{record.kind} {record.id} has no earlier version to restore.")
    last = max(before, key=lambda entry: (entry.clock, entry.version))
    return ws.write([Change(record.kind, dict(last.payload), record=record.id)])[0]
