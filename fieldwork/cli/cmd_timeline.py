"""`fieldwork timeline`: the inspection's working days 0-43 as dates (para 9), and the statement of
action (para 98)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from fieldwork import records as rec
from fieldwork.cli.common import add_json, command, emit_json, say, workspace


def register(subparsers: Any) -> None:
    p = command(subparsers, "timeline", "every milestone of the inspection as a date, from the notification day", run)
    p.add_argument("--today", metavar="YYYY-MM-DD", help="mark this date as today")
    add_json(p)


def run(args: argparse.Namespace) -> int:
    from fieldwork import timeline
    from store.sea import calendar

    with workspace(args) as ws:
        notified = rec.parse_date(ws.inspection["notified"])
        cal = calendar(ws)
    today = rec.parse_date(args.today, "--today") if args.today else date.today()
    items = timeline.milestones(notified, cal)
    data = timeline.to_json(items)
    day = timeline.day_of_inspection(notified, today, cal)
    data["today"] = {"date": today.isoformat(), "day": day, "phase": timeline.phase(day)}
    if args.json:
        emit_json(data)
        return 0
    for m in items:
        marker = ">" if m.day == day else " "
        odd = "" if m.label_matches else f" (the guidance says {m.label_weekday})"
        say(f"{marker} day {m.day:>3}  {m.date.isoformat()} {m.weekday[:3]}  {m.label}{odd}")
    say(f"Today {today.isoformat()} is day {day}: {timeline.phase(day)}.")
    return 0
