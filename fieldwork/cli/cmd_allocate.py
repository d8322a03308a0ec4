"""`fieldwork allocate CHILD --inspector INITIALS [...]` and `fieldwork allocations`: tracked
children to inspectors from each relevant inspectorate, sampled groups to an inspector, and
redeployment with a reason (paras 26, 30-32, 55-58)."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork.cli.checked_rows import created, listing
from fieldwork.cli.common import add_confirm_no_names, add_json, command, workspace


def register(subparsers: Any) -> None:
    p = command(subparsers, "allocate", "allocate a child or a sampled group to inspectors, or redeploy (lead); prints its id", run_allocate)
    p.add_argument("child", nargs="?", metavar="CHILD", help="the child's case reference (or give --group)")
    p.add_argument("--group", metavar="TEXT", help="a sampled group instead of a child, e.g. 'Front door: police referrals'")
    p.add_argument("--inspector", action="append", required=True, metavar="INITIALS", help="an inspector allocated (repeatable)")
    p.add_argument("--reason", metavar="TEXT", help="why (needed when the inspectors change: para 26)")
    add_confirm_no_names(p)

    p = command(subparsers, "allocations", "who is allocated to each tracked child and each sampled group, with warnings", run_list)
    add_json(p)


def run_allocate(args: argparse.Namespace) -> int:
    from store import allocation

    with workspace(args) as ws:
        record = allocation.allocate(ws, child=args.child, group=args.group, inspectors=args.inspector,
                                     reason=args.reason or "", confirm_no_names=args.confirm_no_names)
        row = next(r for r in allocation.rows(ws) if r["id"] == record.id)
    return created(f"Allocated {row['child'] or row['group']} to {', '.join(row['inspectors'])}.", row["warnings"], record.id)


def run_list(args: argparse.Namespace) -> int:
    from store import allocation

    with workspace(args) as ws:
        rows = allocation.rows(ws)
    return listing(rows, lambda r: f"{r['child'] or r['group']:<30} {r['stage']:<14} {', '.join(r['inspectors']) or '-'}",
                   as_json=args.json, total=f"{len(rows)} allocation{'s' if len(rows) != 1 else ''}.")
