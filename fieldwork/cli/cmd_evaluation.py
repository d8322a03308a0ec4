"""`fieldwork evaluation record|list`: the partnership's joint evaluations of the tracked children
(paras 22-24, 53): received by day 7, and the inspectors' view of their quality as SEA-linked
evidence."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import evaluations as ev
from fieldwork.cli.checked_rows import created, listing
from fieldwork.cli.common import add_confirm_no_names, add_json, command, group, workspace


def register(subparsers: Any) -> None:
    sub = group(subparsers, "evaluation", "the partnership's joint evaluations of the tracked children")
    p = command(sub, "record", "record a child's joint evaluation and its quality; prints its id", run_record)
    p.add_argument("case_ref", metavar="CHILD")
    p.add_argument("--received-on", metavar="YYYY-MM-DD", help="the day it arrived (due by day 7)")
    p.add_argument("--quality", metavar="TEXT", help="the inspectors' view of its quality (para 23)")
    p.add_argument("--sea", action="append", metavar="ID", help="an SEA entry holding the evidence (repeatable)")
    p.add_argument("--strengths", choices=["yes", "no"], help="it found the strengths of the practice")
    p.add_argument("--development", choices=["yes", "no"], help="it found the areas for development")
    p.add_argument("--matches", choices=[m for m in ev.MATCHES if m], help="it matches inspectors' own findings")
    add_confirm_no_names(p)
    p = command(sub, "list", "each tracked child's evaluation: received, on time, the view", run_list)
    add_json(p)


def run_record(args: argparse.Namespace) -> int:
    from store import evaluations as store

    fields = {"received_on": args.received_on, "quality": args.quality, "sea": args.sea,
              "strengths_found": args.strengths, "development_found": args.development, "matches": args.matches}
    with workspace(args) as ws:
        record = store.record(ws, args.case_ref, {k: v for k, v in fields.items() if v is not None},
                              confirm_no_names=args.confirm_no_names)
        row = next(r for r in store.rows(ws) if r["id"] == record.id)
    when = f"received {row['received_on']}" if row["received_on"] else "not received yet"
    timely = "" if row["on_time"] is None else (", by day 7." if row["on_time"] else ", after day 7.")
    return created(f"Joint evaluation of {row['child']}: {when}{timely}", row["warnings"], record.id)


def run_list(args: argparse.Namespace) -> int:
    from store import evaluations as store

    with workspace(args) as ws:
        rows = store.rows(ws)
    return listing(
        rows,
        lambda r: f"{r['child']:<12} {r['received_on'] or 'not received':<12} {ev.MATCHES[r['matches']]:<28} "
        f"{len(r['sea'])} SEA entr{'ies' if len(r['sea']) != 1 else 'y'}",
        as_json=args.json,
    )
