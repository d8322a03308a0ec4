"""`fieldwork history ID`: every version of a record, who wrote it, when, and what changed."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork.cli.common import add_json, command, emit_json, say, workspace


def register(subparsers: Any) -> None:
    p = command(subparsers, "history", "every version of a record: who, when and what changed", run)
    p.add_argument("id", metavar="ID", help="a record id (or an unambiguous prefix of 6+ characters)")
    add_json(p)


def run(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        entries = ws.history(args.id)
        record = ws.resolve_id(args.id)
        data = {
            "id": record.id,
            "kind": record.kind,
            "conflicted": record.conflicted,
            "deleted": record.deleted,
            "heads": list(record.heads),
            "versions": [
                {
                    "version": e.version,
                    "parents": list(e.parents),
                    "author": e.author_name or e.author,
                    "author_id": e.author,
                    "device": e.device,
                    "when": e.when,
                    "op": e.op,
                    "changes": e.changes,
                }
                for e in entries
            ],
        }
    if args.json:
        emit_json(data)
        return 0
    say(f"{data['kind']} {data['id']} — {len(entries)} version(s){' — CONFLICT' if data['conflicted'] else ''}")
    if data["deleted"]:
        say(f"  Deleted: 'fieldwork undelete {data['id']}' restores it as it was before.")
    for v in data["versions"]:
        what = "deleted" if v["op"] == "delete" else ", ".join(v["changes"]) or "no change"
        say(f"  {v['when']}  {v['author']:<12} {v['version'][:10]}  {what}")
    return 0
