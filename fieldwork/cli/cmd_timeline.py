"""`fieldwork timeline`: the inspection's working days 0-43 as dates (para 9), the meetings of the
on-site week with their paragraphs, warnings about the plan's shape, and the statement of action
(para 98), counted from the day the letter was actually sent once the lead records it."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from fieldwork import records as rec
from fieldwork.cli.common import add_json, command, emit_json, say, warn, workspace


def register(subparsers: Any) -> None:
    p = command(subparsers, "timeline", "every milestone of the inspection as a date, from the notification day", run)
    p.add_argument("--today", metavar="YYYY-MM-DD", help="mark this date as today")
    p.add_argument("--letter-sent", metavar="YYYY-MM-DD",
                   help="record the day the letter was actually sent (lead only): the statement of action is then "
                        "due 70 working days after it instead of after the planned day 41 (para 98)")
    add_json(p)


def run(args: argparse.Namespace) -> int:
    from fieldwork import timeline
    from store import letter_details
    from store.sea import calendar

    with workspace(args) as ws:
        if args.letter_sent:
            letter_details.set_letter_sent(ws, on=args.letter_sent)
        notified = rec.parse_date(ws.inspection["notified"])
        cal = calendar(ws)
        sent = letter_details.details(ws).letter_sent
    today = rec.parse_date(args.today, "--today") if args.today else date.today()
    letter_sent = date.fromisoformat(sent) if sent else None
    items = timeline.milestones(notified, cal, letter_sent)
    data = timeline.to_json(items)
    day = timeline.day_of_inspection(notified, today, cal)
    data["today"] = {"date": today.isoformat(), "day": day, "phase": timeline.phase(day)}
    data["letter_sent"] = sent
    data["warnings"] = timeline.warnings(notified, cal)
    if args.json:
        emit_json(data)
        return 0
    for text in data["warnings"]:
        warn(text)
    for m in items:
        marker = ">" if m.day == day else " "
        odd = "" if m.label_matches else f" (the guidance says {m.label_weekday})"
        say(f"{marker} day {m.day:>3}  {m.date.isoformat()} {m.weekday[:3]}  {m.label}{odd}")
        for text, para in m.events:
            say(f"{'':>22}· {text} (para {para})")
        if m.note:
            say(f"{'':>22}Note: {m.note}")
    if letter_sent is None:
        say("The statement of action is counted from the planned day 41 until the lead records the day the letter "
            "was sent (fieldwork timeline --letter-sent DATE).")
    say(f"Today {today.isoformat()} is day {day}: {timeline.phase(day)}.")
    return 0
