"""`fieldwork finding`: the findings meeting (paras 39-45) and the letter draft (paras 82-92)."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import records as rec
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, warn, workspace
from fieldwork.findings import FINDING_TYPES, PARTNERSHIP


def _fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--type", choices=list(FINDING_TYPES), required=required,
                   help="strength, development (area for development) or priority (area for priority action, para 88)")
    p.add_argument("--scope", metavar=f"{{{PARTNERSHIP},AGENCY}}", required=required,
                   help="'partnership', or the agency the finding is about (para 83)")
    p.add_argument("--strand", help="the strand to file it under (default: the first criterion's, else its evidence's)")
    p.add_argument("--text", required=required, help="the statement, as it would read in the letter")
    p.add_argument("--sea", action="append", metavar="ID", required=required,
                   help="a supporting SEA entry: id or a prefix of 6+ characters (repeatable; at least one)")
    p.add_argument("--esn", action="append", metavar="CODE", help="a criterion the finding is aligned to (repeatable)")
    p.add_argument("--innovative", choices=["yes", "no"],
                   help="a strength that is innovative and effective practice, shown as such in the letter (para 6, 86)")
    add_confirm_no_names(p)


def register(subparsers: Any) -> None:
    sub = group(subparsers, "finding", "findings: add, edit, agree, list, show; export the letter draft")
    p = command(sub, "add", "record a finding traced to SEA entries; prints its id on the last line", run_add)
    _fields(p, required=True)
    p = command(sub, "edit", "change a finding (an agreed finding whose substance changes goes back to draft)", run_edit)
    p.add_argument("id", metavar="ID")
    _fields(p, required=False)
    p.add_argument("--sea-replace", action="store_true",
                   help="with --sea: replace the supporting entries (default: add to them)")
    p = command(sub, "agree", "mark a finding agreed by the team (draft -> agreed)", run_agree)
    p.add_argument("id", metavar="ID")
    p = command(sub, "delete", "delete a finding (a tombstone: history keeps every version)", run_delete)
    p.add_argument("id", metavar="ID")
    p = command(sub, "list", "list findings by strand and type, with the judgement mix of their evidence", run_list)
    p.add_argument("--agreed", action="store_true", help="only agreed findings")
    add_json(p)
    p = command(sub, "show", "one finding in full, with its supporting entries", run_show)
    p.add_argument("id", metavar="ID")
    add_json(p)
    p = command(sub, "summary", "show or set the lead's summary of findings for the letter (para 84)", run_summary)
    p.add_argument("--text", help="the summary (paragraphs separated by a blank line); '' clears it")
    add_confirm_no_names(p)
    p = command(sub, "export",
                "write the letter draft: summary, strengths, areas for development and for priority action, "
                "messages for agencies, and an evidence appendix (agreed findings only unless --include-drafts)",
                run_export)
    p.add_argument("out", metavar="OUT", help="the file to write (replaced atomically)")
    p.add_argument("--format", choices=["docx", "md"], help="docx (Word) or md (Markdown); default: from OUT's suffix")
    p.add_argument("--include-drafts", action="store_true", help="include findings not yet agreed, marked (draft)")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="the date printed as prepared on")


def _collect(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "type": args.type,
        "scope": args.scope,
        "strand": args.strand,
        "text": args.text,
        "sea": args.sea,
        "criteria": args.esn,
        "innovative": args.innovative,
    }


def _warn_balance(data: dict[str, Any]) -> None:
    for note in data["balance"]["notes"]:
        warn(note)


def run_add(args: argparse.Namespace) -> int:
    from store import findings, gaps

    with workspace(args) as ws:
        record = findings.add(ws, _collect(args), confirm_no_names=args.confirm_no_names)
        _warn_balance(findings.to_json(ws, record, gaps.entries_by_id(ws)))
        say(record.id)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from store import findings, gaps

    with workspace(args) as ws:
        current = ws.require(args.id, findings.KIND)
        fields = _collect(args)
        if args.sea and not args.sea_replace:
            fields["sea"] = [*current.payload.get("sea", []), *args.sea]
        record = findings.edit(ws, current.id, fields, confirm_no_names=args.confirm_no_names)
        _warn_balance(findings.to_json(ws, record, gaps.entries_by_id(ws)))
        if current.payload.get("state") == "agreed" and record.payload.get("state") != "agreed":
            warn("The agreed finding changed, so it is a draft again: agree it with 'fieldwork finding agree'.")
        say(record.id)
    return 0


def run_agree(args: argparse.Namespace) -> int:
    from store import findings

    with workspace(args) as ws:
        record = findings.agree(ws, args.id)
    say(f"Finding {record.id[:8]} is agreed.")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from store import findings

    with workspace(args) as ws:
        record = ws.require(args.id, findings.KIND)
        ws.delete(record.id)
    say(f"Deleted finding {record.id}; its history is kept.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from store import findings

    with workspace(args) as ws:
        rows = findings.list_json(ws)
    if args.agreed:
        rows = [r for r in rows if r["state"] == "agreed"]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        mix = r["balance"]
        flag = " POINTS THE OTHER WAY" if mix["contrary"] else ""
        say(
            f"{r['id'][:8]} {r['strand_label'][:14]:<14} {r['type']:<11} {r['state']:<7} "
            f"{r['scope'][:16]:<16} +{mix['supporting']}/-{mix['opposing']}{flag}  {r['text'][:60]}"
        )
    say(f"{len(rows)} finding{'s' if len(rows) != 1 else ''}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from store import findings, gaps

    with workspace(args) as ws:
        record = ws.require(args.id, findings.KIND)
        entries = gaps.entries_by_id(ws)
        data = findings.to_json(ws, record, entries)
        evidence = [
            (i, entries.get(i)) for i in data["sea"]
        ]
        labels = {ws.framework.shown(c): ws.framework.full(c) for c in data["criteria_with_evidence"]}
    if args.json:
        emit_json(data)
        return 0
    say(f"Finding {data['id']} ({data['state']})")
    say(f"  {data['type_label']} · {data['scope']} · {data['strand_label']}")
    for code, label in labels.items():
        say(f"  {code}: {label}")
    say("")
    say(data["text"])
    say("")
    say("Supporting SEA entries:")
    for entry_id, e in evidence:
        if e is None:
            say(f"  {entry_id[:8]}  (deleted since it was cited)")
        else:
            say(f"  {entry_id[:8]}  {rec.JUDGEMENTS.get(e.judgement, e.judgement):<42} {','.join(e.criteria):<16} {e.evidence_at[:10]}")
    for note in data["balance"]["notes"]:
        say(f"Check: {note}")
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from store import findings

    with workspace(args) as ws:
        if args.text is not None:
            findings.set_summary(ws, args.text, confirm_no_names=args.confirm_no_names)
        text = findings.summary(ws)
    say(text or "(no summary yet: set one with 'fieldwork finding summary --text TEXT')")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from store import findings

    fmt = args.format or ("md" if str(args.out).lower().endswith(".md") else "docx")
    today = rec.parse_date(args.today, "--today") if args.today else None
    with workspace(args) as ws:
        path = findings.export_letter(ws, fmt, args.out, include_drafts=args.include_drafts, today=today)
        draft = findings.letter(ws, include_drafts=args.include_drafts, today=today)
    counts = draft.counts()
    say(
        f"Wrote the letter draft ({fmt}) to {path}: {counts['strength']} strengths, {counts['development']} areas for "
        f"development, {counts['priority']} areas for priority action"
        + (f"; {draft.drafts_left_out} draft finding(s) left out." if draft.drafts_left_out else ".")
    )
    return 0
