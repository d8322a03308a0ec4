"""`fieldwork sea add|edit|delete|list|show`: the summary of evidence and analysis (paras 75-81).

Deadlines (para 9, 78; the rules are in fieldwork.sea_checks): an entry is late when recorded more
than two WORKING days after its evidence, as the guidance counts all its days in working days;
evidence after 3.00pm on day 12 is flagged; an entry recorded after then is a post-meeting update."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import records as rec
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, warn, workspace
from store.damaged import usable

SOURCE_CHOICES = list(rec.SOURCE_TYPES)
JUDGEMENT_CHOICES = list(rec.JUDGEMENTS)


def _fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--esn", action="append", metavar="CODE", required=required, help="a criterion: 7, 07 or 'ESN 07' (repeatable)")
    p.add_argument("--judgement", choices=JUDGEMENT_CHOICES, required=required)
    p.add_argument("--strand", help="front-door, deep-dive, leadership or partnership (default: the first criterion's)")
    p.add_argument("--source", choices=SOURCE_CHOICES, required=required, help="source type")
    p.add_argument("--source-detail", metavar="TEXT", help="job title or document name (para 75)")
    p.add_argument("--evidence-date", metavar="YYYY-MM-DD[THH:MM]", required=required, help="when the evidence was gathered")
    p.add_argument("--child", action="append", metavar="CASE_REF", help="a child the entry concerns (repeatable)")
    p.add_argument("--agency", action="append", metavar="AGENCY", help="an agency concerned (repeatable)")
    p.add_argument("--agreed-by", action="append", metavar="INSPECTOR", help="a co-author who agreed the entry (para 78)")
    p.add_argument("--text", required=required, help="the evaluative text")
    add_confirm_no_names(p)


def register(subparsers: Any) -> None:
    sub = group(
        subparsers,
        "sea",
        "SEA entries: add, edit, delete, list and show; each due within two working days of its evidence (para 78)",
    )
    p = command(
        sub,
        "add",
        "record an SEA entry; prints its id on the last line. Para 78's 'within two days' is two working days, as "
        "the guidance counts all its days; evidence after 3.00pm on day 12 is flagged (para 9), and an entry recorded "
        "after then is marked as a post-meeting update",
        run_add,
    )
    _fields(p, required=True)
    p = command(sub, "edit", "change an SEA entry (its earlier version is kept in history)", run_edit)
    p.add_argument("id", metavar="ID")
    _fields(p, required=False)
    p = command(sub, "delete", "delete an SEA entry (a tombstone: history keeps every version)", run_delete)
    p.add_argument("id", metavar="ID")
    p = command(sub, "list", "list SEA entries, optionally filtered", run_list)
    p.add_argument("--esn", metavar="CODE", help="only entries with this criterion")
    p.add_argument("--judgement", choices=JUDGEMENT_CHOICES)
    p.add_argument("--child", metavar="CASE_REF")
    p.add_argument("--author", metavar="INSPECTOR")
    p.add_argument("--late", action="store_true", help="only entries recorded more than two working days after the evidence (para 78)")
    p.add_argument("--after-meeting", action="store_true", help="only entries recorded after 3.00pm on day 12, the findings meeting (para 78)")
    add_json(p)
    p = command(sub, "show", "one SEA entry in full", run_show)
    p.add_argument("id", metavar="ID")
    add_json(p)


def _collect(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "criteria": args.esn,
        "judgement": args.judgement,
        "strand": args.strand,
        "source_type": args.source,
        "source_detail": args.source_detail,
        "evidence_at": args.evidence_date,
        "children": args.child,
        "agencies": args.agency,
        "agreed_by": args.agreed_by,
        "text": args.text,
    }


def _warn(flags: list[Any]) -> None:
    for flag in flags:
        warn(flag.message)


def run_add(args: argparse.Namespace) -> int:
    from store import sea

    with workspace(args) as ws:
        record, flags = sea.add(ws, _collect(args), confirm_no_names=args.confirm_no_names)
        _warn(flags)
        say(record.id)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from store import sea

    with workspace(args) as ws:
        record, flags = sea.edit(ws, args.id, _collect(args), confirm_no_names=args.confirm_no_names)
        _warn(flags)
        say(record.id)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        record = ws.require(args.id, "sea")
        ws.delete(record.id)
        say(f"Deleted SEA entry {record.id}; its history is kept.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from store import sea

    with workspace(args) as ws:
        cal = sea.calendar(ws)
        cut = sea.cutoff_of(ws, cal)
        code = ws.framework.resolve(args.esn).code if args.esn else None
        author = sea.resolve_inspector(ws, args.author) if args.author else None
        child = args.child.strip().upper() if args.child else None
        rows = []
        for record in usable(ws.records("sea")):
            p = record.payload
            if code and code not in p.get("criteria", []):
                continue
            if args.judgement and p.get("judgement") != args.judgement:
                continue
            if child and child not in p.get("children", []):
                continue
            if author and record.author != author:
                continue
            row = sea.to_json(ws, record, cal, cut)
            if args.late and not row["late"]:
                continue
            if args.after_meeting and not row["after_findings_meeting"]:
                continue
            rows.append(row)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        flag = (" LATE" if r["late"] else "") + (" AFTER-CUTOFF" if r["after_evidence_cutoff"] else "") + (
            " POST-MEETING" if r["after_findings_meeting"] else "")
        say(f"{r['id'][:8]} {','.join(r['criteria']):<16} {r['judgement']:<11} {r['evidence_at']:<16} {r['author']:<10}{flag}  {r['text'][:60]}")
    say(f"{len(rows)} entr{'ies' if len(rows) != 1 else 'y'}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from store import sea

    with workspace(args) as ws:
        data = sea.to_json(ws, ws.require(args.id, "sea"))
        labels = {c: (ws.framework.shown(c), ws.framework.full(c)) for c in data["criteria"]}
    if args.json:
        emit_json(data)
        return 0
    say(f"SEA entry {data['id']}")
    for c in data["criteria"]:
        say(f"  {labels[c][0]}: {labels[c][1]}")
    say(f"  {rec.JUDGEMENTS.get(data['judgement'], data['judgement'])} · strand {data['strand']} · {rec.SOURCE_TYPES.get(data['source_type'], data['source_type'])}: {data['source_detail']}")
    notes = [n for n, on in (("late", data["late"]), ("evidence after the day 12 cut-off", data["after_evidence_cutoff"]),
                             ("post-meeting update", data["after_findings_meeting"])) if on]
    say(f"  Evidence {data['evidence_at']} · recorded {data['recorded_at']}{' (' + '; '.join(notes) + ')' if notes else ''} · by {data['author']}")
    if data["children"]:
        say(f"  Children: {', '.join(data['children'])}")
    if data["agencies"]:
        say(f"  Agencies: {', '.join(data['agencies'])}")
    say("")
    say(data["text"])
    return 0
