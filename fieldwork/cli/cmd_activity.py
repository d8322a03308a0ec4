"""`fieldwork activity add|update|list|show` and `fieldwork action add|done|review|list`: a
partnership's quality assurance activities (Somerset framework, section 6) and their action plans."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, workspace
from fieldwork.errors import FieldworkError

TYPES = ("case-audit", "mape", "insight-visit", "s11", "survey", "focus-group", "rapid-review", "cspr",
         "conversation", "s175")


def audit_init_fields(args: argparse.Namespace, packs: list[str]) -> tuple[str, str]:
    """For `init --mode audit`: the store's start date (no notification: a partnership is not
    inspected; the date only anchors the store) and the grading scale chosen from the pack."""
    from fieldwork import partnership

    setup = partnership.of_packs(packs)
    if setup is None:
        if args.grading:
            raise FieldworkError("--grading needs a framework pack that offers grading scales.")
        return args.notified or date.today().isoformat(), ""
    return args.notified or date.today().isoformat(), setup.choose_scale(args.grading)


def _pair(text: str, sep: str, what: str) -> tuple[str, str]:
    left, found, right = text.partition(sep)
    if not found or not left.strip() or not right.strip():
        raise FieldworkError(f"Give {what}.")
    return left.strip(), right.strip()


def _shape_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--theme", metavar="TEXT", help="what the activity looks at")
    p.add_argument("--month", metavar="YYYY-MM", help="the month it falls in (places it on the calendar)")
    p.add_argument("--status", choices=["planned", "in-progress", "completed"])
    p.add_argument("--completed", metavar="YYYY-MM-DD", help="the day it was completed (sets the status)")
    p.add_argument("--finding", action="append", default=[], metavar="TEXT", help="a finding (repeatable)")
    p.add_argument("--learning", metavar="TEXT", help="the learning to share")
    p.add_argument("--entry", action="append", default=[], metavar="ID", help="an audit entry behind it (repeatable)")
    p.add_argument("--source", choices=["priorities", "reviews", "inspection", "data", "research"],
                   help="case-audit: where the theme came from")
    p.add_argument("--priority", metavar="STRAND", help="case-audit: the partnership priority (a strand id)")
    p.add_argument("--case", action="append", default=[], metavar="CASE_REF", help="a case by reference (repeatable)")
    p.add_argument("--agency", action="append", default=[], metavar="TEXT", help="an agency involved (repeatable)")
    p.add_argument("--response", action="append", default=[], metavar="AGENCY=TEXT",
                   help="case-audit: an agency's response (repeatable)")
    p.add_argument("--practitioner", action="append", default=[], metavar="'TITLE, AGENCY'",
                   help="a practitioner by job title and agency, never a name (repeatable)")
    p.add_argument("--heard", action="append", default=[], metavar="TEXT", help="a theme heard (repeatable)")
    p.add_argument("--rating", action="append", default=[], metavar="AGENCY:DOMAIN=RATING",
                   help="s11: an agency's self-rating of a domain (repeatable)")
    p.add_argument("--question", action="append", default=[], metavar="TEXT", help="a survey question (repeatable)")
    p.add_argument("--domain-question", action="append", default=[], metavar="DOMAIN=TEXT",
                   help="s11: a practitioner survey question about one of the six domains (repeatable)")
    p.add_argument("--peer", action="append", default=[], metavar="AGENCY:DOMAIN=TEXT",
                   help="s11: what the peer review workshop found about an agency's domain (repeatable)")
    p.add_argument("--counts", action="append", default=[], metavar="N=ANSWER=COUNT,...",
                   help="response counts for question N, e.g. '1=yes=12,no=3' (repeatable)")
    p.add_argument("--survey-csv", metavar="FILE", help="survey results as CSV: question,answer,count[,domain]")
    p.add_argument("--workshop", metavar="TEXT", help="s11: the peer-review workshop notes")
    p.add_argument("--notified", metavar="YYYY-MM-DD", help="rapid-review: the serious incident notification")
    p.add_argument("--decision", metavar="TEXT", help="rapid-review: its decision")
    p.add_argument("--decided", metavar="YYYY-MM-DD", help="cspr: the decision to hold the review")
    p.add_argument("--milestone", action="append", default=[], metavar="YYYY-MM-DD=TEXT", help="cspr: a milestone")
    add_confirm_no_names(p)


def register(subparsers: Any) -> None:
    sub = group(subparsers, "activity", "a partnership's quality assurance activities (audit mode)")
    p = command(sub, "add", "record an activity of the quality assurance framework", run_add)
    p.add_argument("--type", required=True, choices=TYPES)
    _shape_flags(p)
    p = command(sub, "update", "add to an activity: findings, responses, ratings, counts, status", run_update)
    p.add_argument("id", metavar="ID")
    _shape_flags(p)
    p = command(sub, "list", "the activities, by month", run_list)
    p.add_argument("--type", choices=TYPES)
    add_json(p)
    p = command(sub, "show", "one activity in full, with its actions", run_show)
    p.add_argument("id", metavar="ID")
    add_json(p)

    sub = group(subparsers, "action", "action plans: what each activity asks of an agency, done and reviewed")
    p = command(sub, "add", "raise an action from an activity", run_action_add)
    p.add_argument("--activity", required=True, metavar="ID")
    p.add_argument("--owner-agency", required=True, metavar="TEXT")
    p.add_argument("--owner-title", required=True, metavar="TEXT", help="the owner's job title, never a name")
    p.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--text", required=True, metavar="TEXT")
    p.add_argument("--priority", choices=["high", "medium", "low"], default="medium")
    add_confirm_no_names(p)
    p = command(sub, "done", "record an action as done, with evidence of completion", run_action_done)
    p.add_argument("id", metavar="ID")
    p.add_argument("--evidence", required=True, metavar="TEXT")
    add_confirm_no_names(p)
    p = command(sub, "review", "the Action Plan Evaluation group's view of an action's impact", run_action_review)
    p.add_argument("id", metavar="ID")
    p.add_argument("--impact", required=True, choices=["met", "partly", "not-met"])
    p = command(sub, "list", "the actions, overdue ones marked", run_action_list)
    p.add_argument("--activity", metavar="ID")
    add_json(p)
    register_calendar(subparsers)
    register_reports(subparsers)


def _edit(args: argparse.Namespace) -> Any:
    from fieldwork import activities as domain

    survey: list[Any] = []
    if args.survey_csv:
        try:
            text = Path(args.survey_csv).expanduser().read_text(encoding="utf-8-sig")
        except OSError as err:
            raise FieldworkError(f"Cannot read {args.survey_csv}: {err.strerror}.") from None
        survey = domain.survey_csv(text)
    def triples(items: list[str], what: str) -> list[tuple[str, str, str]]:
        out = []
        for item in items:
            left, value = _pair(item, "=", what)
            agency, domain_id = _pair(left, ":", what)
            out.append((agency, domain_id, value))
        return out

    ratings = triples(args.rating, "a self-rating as AGENCY:DOMAIN=RATING")
    return domain.ActivityEdit(
        theme=args.theme, month=args.month, status=args.status, completed=args.completed, findings=args.finding,
        learning=args.learning, entries=args.entry, source=args.source, priority=args.priority, cases=args.case,
        agencies=args.agency, responses=[_pair(r, "=", "a response as AGENCY=TEXT") for r in args.response],
        practitioners=args.practitioner, themes=args.heard, ratings=ratings, questions=args.question,
        domain_questions=[_pair(q, "=", "a domain's question as DOMAIN=TEXT") for q in args.domain_question],
        peer=triples(args.peer, "a peer review finding as AGENCY:DOMAIN=TEXT"),
        counts=[_pair(c, "=", "counts as N=ANSWER=COUNT,...") for c in args.counts], survey=survey,
        workshop=args.workshop, notified=args.notified, decision=args.decision, decided=args.decided,
        milestones=[_pair(m, "=", "a milestone as YYYY-MM-DD=TEXT") for m in args.milestone])


def run_add(args: argparse.Namespace) -> int:
    from store import activities

    with workspace(args) as ws:
        record = activities.save(ws, args.type, _edit(args), confirm_no_names=args.confirm_no_names)
        label = activities.setup(ws).activity(args.type).label
    say(f"Recorded the {label.lower()}: {record.payload['theme']}.")
    say(record.id)
    return 0


def run_update(args: argparse.Namespace) -> int:
    from store import activities

    with workspace(args) as ws:
        record = activities.save(ws, None, _edit(args), record_id=args.id, confirm_no_names=args.confirm_no_names)
    say(f"Updated the activity: {record.payload['theme']}.")
    say(record.id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from store import activities

    today = date.today()
    with workspace(args) as ws:
        rows = [activities.activity_json(ws, r, today) for r in activities.activities(ws)
                if args.type is None or r.payload.get("type") == args.type]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        late = " LATE" if r["late"] else ""
        say(f"{r['id'][:8]}  {r['month'] or '-------':<7}  {r['type_label'][:28]:<28}  {r['status']:<11} "
            f"{r['theme'][:40]}{late}")
    say(f"{len(rows)} activit{'y' if len(rows) == 1 else 'ies'}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from store import activities

    today = date.today()
    with workspace(args) as ws:
        record = activities.find(ws, args.id, "activity")
        data = activities.activity_json(ws, record, today)
        data["action_list"] = [activities.action_json(ws, a, today) for a in activities.actions(ws, record.id)]
    if args.json:
        emit_json(data)
        return 0
    for line in describe(data):
        say(line)
    return 0


def describe(data: dict[str, Any]) -> list[str]:
    """An activity as lines of text, the CLI's and the app's alike."""
    lines = [f"{data['type_label']}: {data['theme']}",
             f"Status: {data['status']}" + (f" ({data['completed']})" if data.get("completed") else "")
             + (f" · {data['month']} ({data['quarter']})" if data.get("month") else "")]
    if data.get("due"):
        lines.append(f"Due: {data['due']}" + (" — late" if data["late"] else ""))
    if data.get("cases"):
        lines.append("Cases: " + ", ".join(data["cases"]))
    if data.get("lead_agency"):
        lines.append(f"Led by: {data['lead_agency']}")
    if data.get("agencies"):
        lines.append("Agencies: " + ", ".join(data["agencies"]))
    for agency, text in data.get("responses", {}).items():
        lines.append(f"  {agency}: {text}")
    for p in data.get("practitioners", []):
        lines.append(f"Practitioner: {p['title']}, {p['agency']}")
    for row in data.get("side_by_side", []):
        ratings = ", ".join(f"{a} {r}" for a, r in row["self_ratings"].items() if r) or "not rated yet"
        lines.append(f"{row['label']}: {ratings}")
        for q in row["survey"]:
            counts = ", ".join(f"{a} {n}" for a, n in q["counts"].items()) or "no responses yet"
            lines.append(f"  survey: {q['text']} — {counts}")
        for agency, text in row["peers"].items():
            lines.append(f"  peers on {agency}: {text}")
    for q in (q for q in data.get("questions", []) if not q.get("domain")):
        counts = ", ".join(f"{a} {n}" for a, n in q["counts"].items()) or "no responses yet"
        lines.append(f"Q: {q['text']} — {counts}")
    if data.get("workshop"):
        lines.append(f"Peer review workshop: {data['workshop']}")
    if data.get("notified"):
        lines.append(f"Notification: {data['notified']}")
    if data.get("decision"):
        lines.append(f"Decision: {data['decision']}")
    if data.get("decided"):
        lines.append(f"Decided: {data['decided']}")
    for m in data.get("milestones", []):
        lines.append(f"Milestone {m['date']}: {m['text']}")
    for t in data.get("themes", []):
        lines.append(f"Theme heard: {t}")
    for f in data.get("findings", []):
        lines.append(f"Finding: {f}")
    if data.get("learning"):
        lines.append(f"Learning: {data['learning']}")
    if data.get("entries"):
        lines.append(f"Evidence: {len(data['entries'])} audit entr{'y' if len(data['entries']) == 1 else 'ies'}")
    lines.append(f"Reports to: {', '.join(data['reports_to'])} · actions {data['actions']}"
                 f" ({data['actions_overdue']} overdue)")
    return lines


def run_action_add(args: argparse.Namespace) -> int:
    from store import activities

    with workspace(args) as ws:
        record = activities.add_action(ws, activity=args.activity, owner_agency=args.owner_agency,
                                       owner_title=args.owner_title, due=args.due, text=args.text,
                                       priority=args.priority, confirm_no_names=args.confirm_no_names)
    say(f"Action raised for {record.payload['owner_title']}, {record.payload['owner_agency']}, due {record.payload['due']}.")
    say(record.id)
    return 0


def run_action_done(args: argparse.Namespace) -> int:
    from store import activities

    with workspace(args) as ws:
        record = activities.action_done(ws, args.id, args.evidence, date.today(), confirm_no_names=args.confirm_no_names)
    say(f"Action done on {record.payload['done_on']}; it awaits the Action Plan Evaluation group's review.")
    return 0


def run_action_review(args: argparse.Namespace) -> int:
    from fieldwork.activities import IMPACTS
    from store import activities

    with workspace(args) as ws:
        record = activities.action_review(ws, args.id, args.impact, date.today())
    say(f"Action reviewed: impact {IMPACTS[record.payload['impact']].lower()}.")
    return 0


def run_action_list(args: argparse.Namespace) -> int:
    from store import activities

    today = date.today()
    with workspace(args) as ws:
        parent = activities.find(ws, args.activity, "activity").id if args.activity else None
        rows = [activities.action_json(ws, r, today) for r in activities.actions(ws, parent)]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        mark = "OVERDUE" if r["overdue"] else r["state"]
        say(f"{r['id'][:8]}  {r['due']}  {mark:<8} {r['owner_title']}, {r['owner_agency']}: {r['text'][:60]}")
    say(f"{len(rows)} action{'' if len(rows) == 1 else 's'}, {sum(r['overdue'] for r in rows)} overdue.")
    return 0


def register_calendar(subparsers: Any) -> None:
    p = command(subparsers, "calendar", "the quality assurance calendar as a year view, with each item's status",
                run_calendar)
    p.add_argument("--year", type=int, metavar="YYYY", help="the year the partnership's year begins in (default: this one)")
    add_json(p)


def calendar_json(ws: Any, year: int | None, today: date) -> dict[str, Any]:
    from dataclasses import asdict

    from fieldwork import partnership
    from store import activities

    qa = activities.setup(ws)
    start = year if year is not None else qa.quarter(today).year
    cells = partnership.year_view(qa, start, [(r.id, r.payload) for r in activities.activities(ws)], today)
    return {"year": start, "label": partnership.Quarter(start, 1).label[:7],
            "months": [{"year": y, "month": m, "name": partnership.MONTHS[m - 1],
                        "items": [{k: v for k, v in asdict(c).items() if k not in ("year", "month")}
                                  for c in cells if (c.year, c.month) == (y, m)]}
                       for y, m in partnership.year_months(start, qa.year_starts)]}


def run_calendar(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        data = calendar_json(ws, args.year, date.today())
    if args.json:
        emit_json(data)
        return 0
    say(f"Quality assurance calendar {data['label']}")
    for month in data["months"]:
        say(f"{month['name']} {month['year']}")
        for item in month["items"]:
            say(f"  {item['label']:<58} {item['status']}")
    return 0


def register_reports(subparsers: Any) -> None:
    p = command(subparsers, "report", "an exception report for a subgroup or the Executive, or the 12 monthly report",
                run_report)
    p.add_argument("--for", dest="audience", required=True, choices=["qa", "audit", "qp", "executive", "annual"])
    p.add_argument("--format", choices=["docx", "md"], help="default: from OUT's extension")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="the start of the period (default: one reporting cycle back)")
    p.add_argument("out", metavar="OUT", help="the file to write")
    p = command(subparsers, "trend", "how a theme's grades, findings and actions moved quarter by quarter", run_trend)
    p.add_argument("--theme", required=True, metavar="TEXT", help="words of the activities' themes, or a priority's strand id")
    add_json(p)


def run_report(args: argparse.Namespace) -> int:
    from fieldwork.records import parse_date
    from store import activities

    since = parse_date(args.since, "start of the period") if args.since else None
    with workspace(args) as ws:
        path = activities.export_report(ws, args.audience, Path(args.out), args.format, date.today(), since)
    say(f"Wrote the report to {path}.")
    say(str(path))
    return 0


def run_trend(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from fieldwork.qa_report import plot, top_grades
    from store import activities, audit

    today = date.today()
    with workspace(args) as ws:
        points = activities.trend(ws, args.theme, today)
        grading = audit.grading(ws)
    if args.json:
        emit_json([asdict(p) for p in points])
        return 0
    if not points:
        say(f"No activity with a month matches the theme '{args.theme.strip()}'.")
        return 0
    top = top_grades(grading)[-1].label.lower() if grading else "graded"
    for line in plot(points, top):
        say(line)
    return 0
