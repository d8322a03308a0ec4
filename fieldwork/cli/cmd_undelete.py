"""`fieldwork undelete RECORD_ID`: bring back a deleted record as it was before the deletion."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork.cli.common import add_json, command, emit_json, say, workspace


def register(subparsers: Any) -> None:
    p = command(
        subparsers,
        "undelete",
        "restore a deleted record as it was before the deletion (a new version after the tombstone); prints the new version id",
        run,
    )
    p.add_argument("record", metavar="RECORD_ID", help="the record's id (or an unambiguous prefix of 6+ characters); 'fieldwork history' shows it")
    add_json(p)


def run(args: argparse.Namespace) -> int:
    from store.undelete import undelete

    with workspace(args) as ws:
        version = undelete(ws, args.record)
        record = ws.require(version.record)
        data = {"record": record.id, "kind": record.kind, "version": version.id, "parents": list(version.parents)}
    if args.json:
        emit_json(data)
    else:
        say(f"Restored {data['kind']} {data['record']} as it was before it was deleted.")
        say(version.id)
    return 0
