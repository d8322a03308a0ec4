"""`fieldwork plan add|list|move|leaders|export`: the on-site plan (paras 25-26, 63-67), with
para 25's checks as warnings beside each activity and para 67's leaders as a checklist."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import plan
from fieldwork.cli.checked_rows import created, listing
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, workspace


def _when(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--day", required=required, metavar="YYYY-MM-DD", help="the day of the activity")
    p.add_argument("--start", required=required, metavar="HH:MM", help="start time")
    p.add_argument("--end", required=required, metavar="HH:MM", help="end time")
    p.add_argument("--place", required=required, metavar="TEXT", help="where, or 'phone'")
    p.add_argument("--inspector", action="append", metavar="INITIALS", help="an inspector going (repeatable)")


def register(subparsers: Any) -> None:
    sub = group(subparsers, "plan", "the on-site plan: activities, para 25 checks, para 67 leaders, timetable export")

    p = command(sub, "add", "add an activity to the plan (lead); prints its id on the last line", run_add)
    p.add_argument("--type", required=True, choices=list(plan.TYPES), help="what kind of activity")
    _when(p, required=True)
    p.add_argument("--meet", action="append", metavar="JOB_TITLE", help="a job title to be met (repeatable; never a name)")
    p.add_argument("--agency", action="append", metavar="AGENCY", help="an agency to be met (repeatable)")
    p.add_argument("--child", action="append", metavar="CASE_REF", help="a child the activity concerns (repeatable)")
    p.add_argument("--leader", action="append", choices=list(plan.LEADERS), help="a para 67 leader met (repeatable)")
    p.add_argument("--observes", choices=list(plan.OBSERVED), help="the meeting observed (para 63)")
    p.add_argument("--family", action="store_true", help="the activity is with a child or family")
    p.add_argument("--support", choices=plan.SUPPORT, help="whether support to communicate is needed (para 25)")
    p.add_argument("--support-detail", metavar="TEXT", help="the support arranged (by job title)")
    p.add_argument("--roles-given", action="store_true", help="names and job roles of those to be met were given in advance")
    p.add_argument("--note", metavar="TEXT", help="anything else the team needs to know")
    add_confirm_no_names(p)

    p = command(sub, "list", "the plan, day by day, with each activity's warnings", run_list)
    p.add_argument("--day", metavar="YYYY-MM-DD", help="only this day")
    p.add_argument("--inspector", metavar="INITIALS", help="only this inspector's activities (a day view)")
    add_json(p)

    p = command(sub, "move", "move an activity or send other inspectors, saying why (lead)", run_move)
    p.add_argument("id", metavar="ID")
    _when(p, required=False)
    p.add_argument("--reason", required=True, metavar="TEXT", help="why it moves (kept in its history)")
    add_confirm_no_names(p)

    p = command(sub, "leaders", "para 67's leaders to meet, and who is booked to meet each", run_leaders)
    add_json(p)

    p = command(sub, "export", "write the timetable as Word (.docx) or Markdown", run_export)
    p.add_argument("out", metavar="OUT", help="the file (or folder) to write")
    p.add_argument("--format", choices=["docx", "md"], help="default: from OUT's extension")
    p.add_argument("--inspector", metavar="INITIALS", help="only this inspector's timetable")


def run_add(args: argparse.Namespace) -> int:
    from store import plan as store

    fields = {
        "type": args.type,
        "day": args.day,
        "start": args.start,
        "end": args.end,
        "place": args.place,
        "inspectors": args.inspector,
        "meeting": args.meet,
        "agencies": args.agency,
        "children": args.child,
        "leaders": args.leader,
        "observes": args.observes,
        "family": args.family,
        "support": args.support,
        "support_detail": args.support_detail,
        "roles_given": args.roles_given,
        "note": args.note,
    }
    with workspace(args) as ws:
        record = store.add(ws, fields, confirm_no_names=args.confirm_no_names)
        _report(ws, record, "Planned")
    return 0


def _report(ws: Any, record: Any, done: str) -> None:
    from store import plan as store

    row = store.to_json(ws, record, store.warnings(ws), store.names(ws))
    created(f"{done}: {row['day']} {row['start']}-{row['end']} {plan.describe(record.payload, store.names(ws))}.",
            [w["message"] for w in row["warnings"]], record.id)


def run_move(args: argparse.Namespace) -> int:
    from store import plan as store

    fields = {"day": args.day, "start": args.start, "end": args.end, "place": args.place, "inspectors": args.inspector}
    with workspace(args) as ws:
        record = store.move(ws, args.id, fields, reason=args.reason, confirm_no_names=args.confirm_no_names)
        _report(ws, record, "Moved")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from store import plan as store

    day = plan.on_day(args.day) if args.day else None
    with workspace(args) as ws:
        rows = store.listing(ws, day=day, inspector=args.inspector)
    if args.json:
        emit_json(rows)
        return 0
    current = None
    for r in rows:
        if r["day"] != current:
            current = r["day"]
            say(f"{current}")
        place = "by phone" if r["by_phone"] else r["place"]
        say(f"  {r['start']}-{r['end']}  {plan.TYPES.get(r['type'], r['type']):<26} {place:<24} {', '.join(r['inspectors'])}  {r['id'][:8]}")
        for w in r["warnings"]:
            say(f"      ! {w['message']}")
    say(f"{len(rows)} activit{'ies' if len(rows) != 1 else 'y'}.")
    return 0


def run_leaders(args: argparse.Namespace) -> int:
    from store import plan as store

    with workspace(args) as ws:
        rows = store.leaders_json(ws)
    return listing(
        rows,
        lambda r: f"[{'x' if r['booked'] else ' '}] {r['title']}" + (f"  ({', '.join(r['inspectors'])})" if r["inspectors"] else ""),
        as_json=args.json,
        total=f"{sum(r['booked'] for r in rows)} of {len(rows)} leaders booked.",
    )


def run_export(args: argparse.Namespace) -> int:
    from store import plan as store

    with workspace(args) as ws:
        path = store.export(ws, args.out, fmt=args.format, inspector=args.inspector)
    say(f"Wrote the plan to {path}.")
    return 0
