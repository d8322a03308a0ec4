"""`fieldwork meeting add|list|show|export|done|actions`: team, keep-in-touch, findings and
feedback meetings (paras 33-44), each kept as a record with what was on its table and its actions."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import meetings
from fieldwork.cli.checked_rows import created, listing
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, workspace


def register(subparsers: Any) -> None:
    sub = group(subparsers, "meeting", "the week's meetings: team, keep-in-touch, findings and feedback")

    p = command(sub, "add", "record a meeting; its agenda is drawn from the records (prints its id)", run_add)
    p.add_argument("--type", required=True, choices=list(meetings.TYPES))
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD", help="the day of the meeting")
    p.add_argument("--at", metavar="HH:MM", help="the time")
    p.add_argument("--attendee", action="append", metavar="INITIALS", help="an inspector present (repeatable)")
    p.add_argument("--present", action="append", metavar="JOB_TITLE", help="a senior leader present, by job title (kit, feedback)")
    p.add_argument("--sufficient", action="append", metavar="CRITERION", help="a criterion agreed sufficient (team, findings)")
    p.add_argument("--action", action="append", nargs=3, metavar=("INITIALS", "WHAT", "BY"),
                   help="an action: who, what to gather, by which day (repeatable)")
    p.add_argument("--challenge", action="append", metavar="TEXT", help="a leaders' challenge (kit)")
    p.add_argument("--further-evidence", action="append", metavar="TEXT", help="further evidence the lead agreed to seek (kit)")
    p.add_argument("--redeployment", action="append", metavar="TEXT", help="a redeployment told to the partnership, beyond allocations (kit)")
    p.add_argument("--offer-agency", action="append", metavar="AGENCY", help="an agency offered a separate meeting (feedback, para 44)")
    p.add_argument("--note", metavar="TEXT")
    add_confirm_no_names(p)

    p = command(sub, "agenda", "what a team or KIT meeting finds on the table, drawn from the records now", run_agenda)
    p.add_argument("--type", required=True, choices=["team", "kit"])
    p.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--attendee", action="append", metavar="INITIALS", help="only these inspectors' headlines (team)")
    add_json(p)

    p = command(sub, "list", "the meetings, with attendance warnings", run_list)
    p.add_argument("--type", choices=list(meetings.TYPES))
    add_json(p)

    p = command(sub, "show", "one meeting in full (the feedback meeting with its summary of evidence)", run_show)
    p.add_argument("id", metavar="ID")
    add_json(p)

    p = command(sub, "export", "write a meeting's record as Word (.docx) or Markdown", run_export)
    p.add_argument("id", metavar="ID")
    p.add_argument("out", metavar="OUT", help="the file (or folder) to write")
    p.add_argument("--format", choices=["docx", "md"], help="default: from OUT's extension")

    p = command(sub, "done", "mark a meeting's action done", run_done)
    p.add_argument("id", metavar="ID")
    p.add_argument("n", type=int, metavar="N", help="the action's number")

    p = command(sub, "actions", "open actions for me (or another inspector)", run_actions)
    p.add_argument("--inspector", metavar="INITIALS")
    add_json(p)


def run_add(args: argparse.Namespace) -> int:
    from store import meetings as store

    fields = {
        "type": args.type,
        "on": args.on,
        "at": args.at,
        "attendees": args.attendee,
        "present": args.present,
        "sufficient": args.sufficient,
        "actions": [{"for": who, "what": what, "due": due} for who, what, due in args.action or []],
        "challenges": args.challenge,
        "further_evidence": args.further_evidence,
        "redeployments": args.redeployment,
        "agency_offers": args.offer_agency,
        "note": args.note,
    }
    with workspace(args) as ws:
        record = store.add(ws, {k: v for k, v in fields.items() if v not in (None, [])}, confirm_no_names=args.confirm_no_names)
        row = store.to_json(ws, record)
    return created(f"Recorded the {meetings.TYPES[row['type']].lower()} on {row['on']}.", row["warnings"], record.id)


def run_agenda(args: argparse.Namespace) -> int:
    from store import meetings as store

    with workspace(args) as ws:
        data = store.agenda(ws, args.type, args.on, args.attendee)
        found = store.finding_lines(ws)
    if args.json:
        emit_json(data)
        return 0
    say(f"{meetings.TYPES[data['type']]} on {data['on']}: on the table")
    if data["type"] == "team":
        for h in data["headlines"]:
            say(f"  {h['by']}: {h['text']}")
        for a in data["open_actions"]:
            say(f"  open action: {a['what']} (due {a['due']})")
    else:
        for f in data["findings_shared"]:
            say(f"  finding: {found.get(f, f[:8])}")
        for c in data["concerns"]:
            say(f"  concern: {', '.join(c['case_refs'])}, {c['service']}: {c['state']}")
        if data["children_told"]:
            say(f"  children spoken with, to tell their agencies: {', '.join(data['children_told'])}")
        for r in data["redeployments"]:
            say(f"  redeployment: {r}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from store import meetings as store

    with workspace(args) as ws:
        rows = [store.to_json(ws, r) for r in store.records(ws) if not args.type or r.payload.get("type") == args.type]
    return listing(
        rows,
        lambda r: f"{r['on']} {r['at'] or '':<5} {meetings.TYPES.get(r['type'], r['type']):<22} {', '.join(r['attendees']):<20} "
        f"{sum(not a['done'] for a in r['actions'])} open action(s)  {r['id'][:8]}",
        as_json=args.json,
        total=f"{len(rows)} meeting{'s' if len(rows) != 1 else ''}.",
    )


def run_show(args: argparse.Namespace) -> int:
    from fieldwork import feedback
    from fieldwork.render import letter_md
    from store import meetings as store

    with workspace(args) as ws:
        record = ws.require(args.id, store.KIND)
        data = store.to_json(ws, record)
        if record.payload.get("type") == "feedback":
            data["summary"] = [
                {"theme": t.label, "points": [{"finding": p.finding, "type": p.type, "scope": p.scope, "text": p.text,
                                               "entries": p.entries, "by_source": dict(p.by_source), "by_agency": dict(p.by_agency),
                                               "evidence": feedback.evidence_line(p)} for p in t.points]}
                for t in store.feedback_summary(ws)
            ]
        text = letter_md.render_blocks(store.document(ws, record))
    if args.json:
        emit_json(data)
        return 0
    say(text.rstrip("\n"))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from store import meetings as store

    with workspace(args) as ws:
        path = store.export(ws, args.id, args.out, fmt=args.format)
    say(f"Wrote the meeting's record to {path}.")
    return 0


def run_done(args: argparse.Namespace) -> int:
    from store import meetings as store

    with workspace(args) as ws:
        record = store.done(ws, args.id, args.n)
    return created(f"Action {args.n} of the meeting on {record.payload['on']} is done.", [], record.id)


def run_actions(args: argparse.Namespace) -> int:
    from store import meetings as store
    from store.team import resolve_inspector

    with workspace(args) as ws:
        who = resolve_inspector(ws, args.inspector) if args.inspector else ws.me_id
        names = store.names(ws)
        rows = [{**a, "for": names.get(a["for"], a["for"])} for a in store.open_actions(ws, who)]
    return listing(rows, lambda a: f"due {a['due']}  {a['what']}  (meeting {a['meeting_on']}, {a['meeting'][:8]} #{a['n']})",
                   as_json=args.json, total=f"{len(rows)} open action{'s' if len(rows) != 1 else ''}.")
