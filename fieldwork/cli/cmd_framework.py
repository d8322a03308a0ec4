"""`fieldwork framework list|show|add-criterion`: the criteria packs, and criteria the lead adds."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork.cli.cmd_audit import opened
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say

# Para 4, 7: the seeds give ESN 01-22 and no theme's criteria; a pack of our own says so.
UNOFFICIAL_PACK = "this project's working criteria, not published guidance"


def register(subparsers: Any) -> None:
    sub = group(subparsers, "framework", "framework packs: list them, show their criteria, add a criterion")
    p = command(sub, "list", "every shipped framework pack", run_list)
    add_json(p)
    p = command(sub, "show", "a pack's criteria; without PACK, this inspection's criteria (added ones too)", run_show)
    p.add_argument("pack", metavar="PACK", nargs="?", help="a pack id from 'fieldwork framework list'")
    add_json(p)
    p = command(sub, "add-criterion", "add a criterion for a local issue (lead only); prints its code last",
                run_add)
    p.add_argument("--label", required=True, help="the criterion, as a short evaluative statement")
    p.add_argument("--strand", required=True, help="the strand (or domain) it belongs to")
    p.add_argument("--prompt", help="a question that helps apply it")
    add_confirm_no_names(p)


def pack_json(pack: Any) -> dict[str, Any]:
    return {
        "id": pack.id,
        "title": pack.title,
        "version": pack.version,
        "kind": pack.kind,
        "official": pack.official,
        "source": pack.source,
        "code_prefix": pack.code_prefix,
        "criteria": len(pack.criteria),
        "strands": [{"id": s.id, "label": s.label} for s in pack.strands],
        "grading": [{"id": g.id, "label": g.label, "rank": g.rank} for g in pack.grading],
        "vocabulary": dict(pack.vocabulary),
    }


def run_list(args: argparse.Namespace) -> int:
    from fieldwork.frameworks import shipped_packs

    rows = [pack_json(p) for p in shipped_packs()]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        prefix = r["code_prefix"] or "-"
        say(f"{r['id']:<28} {r['kind']:<10} {prefix:<4} {r['criteria']:>3} criteria  {r['title']}")
        if not r["official"]:
            say(f"{'':<28} {UNOFFICIAL_PACK}")
        say(f"{'':<28} strands: {', '.join(s['id'] for s in r['strands'])}")
        if r["grading"]:
            say(f"{'':<28} grading: {', '.join(g['id'] for g in r['grading'])}")
    say(f"{len(rows)} packs. Use one with 'fieldwork init --framework PACK'.")
    return 0


def _show(title: str, strands: list[Any], criteria: list[Any], json_out: bool, extra: dict[str, Any]) -> None:
    from store.criteria import criterion_json

    if json_out:
        emit_json({**extra, "criteria": [criterion_json(c) for c in criteria]})
        return
    say(title)
    for strand in strands:
        mine = [c for c in criteria if c.strand == strand.id]
        if not mine:
            continue
        say("")
        say(f"{strand.label} ({strand.id})")
        for c in mine:
            say(f"  {c.code:<8} {c.label}{f' ({c.status})' if c.status else ''}")
    say("")
    say(f"{len(criteria)} criteria.")


def run_show(args: argparse.Namespace) -> int:
    if args.pack:
        from fieldwork.frameworks import load_pack

        pack = load_pack(args.pack)
        _show(f"{pack.title} ({pack.id}, version {pack.version})", list(pack.strands), list(pack.criteria),
              args.json, pack_json(pack))
        return 0
    with opened(args) as ws:
        fw = ws.framework
        noun = fw.vocabulary["inspection"]
        _show(f"This {noun}'s criteria, from {', '.join(p.id for p in fw.packs)}", list(fw.strands),
              list(fw.criteria), args.json,
              {"packs": [p.id for p in fw.packs],
               "strands": [{"id": s.id, "label": s.label} for s in fw.strands],
               "grading": [{"id": g.id, "label": g.label, "rank": g.rank} for g in fw.grading],
               "vocabulary": fw.vocabulary})
    return 0


def run_add(args: argparse.Namespace) -> int:
    from store import criteria

    with opened(args) as ws:
        record = criteria.add(ws, label=args.label, strand=args.strand, prompt=args.prompt,
                              confirm_no_names=args.confirm_no_names)
        code = record.payload["code"]
        say(f"Added {code} to the {ws.framework.strand_label(record.payload['strand'])} strand; "
            f"it reaches the team at the next sync.")
        say(code)
    return 0
