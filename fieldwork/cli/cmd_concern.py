"""`fieldwork concern raise|edit|sent|respond|evaluate|share|signoff|list|show|export`: Annex C
concerns (para 74), from referral to the agency through both evaluations and sharing them with the
senior officer to sign-off by the chief officer and the lead."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Callable

from fieldwork import concerns as con
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, info, say, warn, workspace


def _confirm(p: argparse.ArgumentParser) -> None:
    add_confirm_no_names(p)


def register(subparsers: Any) -> None:
    sub = group(subparsers, "concern", "Annex C concerns referred back to an agency: raise, move along, list, export")

    p = command(sub, "raise", "refer a concern about a child to an agency (Annex C); prints its id on the last line", run_raise)
    p.add_argument("--case", action="append", required=True, metavar="CASE_REF",
                   help="the child referred first, then other children in the household (repeatable)")
    p.add_argument("--service", required=True, metavar="TEXT", help="the agency or service the concern is referred to")
    p.add_argument("--category", required=True, choices=["1", "2"],
                   help="1: serious issue of concern; 2: the service offer or risk assessment may not meet the child's needs")
    p.add_argument("--issues", required=True, metavar="TEXT", help="the issues that led to the case being referred")
    p.add_argument("--respond-by", required=True, metavar="YYYY-MM-DD",
                   help="response and explanation required by; a day after day 13, the last on site, is warned about (para 35-37)")
    p.add_argument("--referred", metavar="YYYY-MM-DD", help="date of referral (default today)")
    _confirm(p)

    p = command(sub, "edit", "correct the referral's fields (a recorded edit: the history keeps what it said); prints its id", run_edit)
    p.add_argument("id", metavar="ID")
    p.add_argument("--case", action="append", metavar="CASE_REF", help="replace the case references (repeatable; the child referred first)")
    p.add_argument("--service", metavar="TEXT")
    p.add_argument("--category", choices=["1", "2"])
    p.add_argument("--issues", metavar="TEXT")
    p.add_argument("--respond-by", metavar="YYYY-MM-DD")
    p.add_argument("--referred", metavar="YYYY-MM-DD", help="date of referral")
    _confirm(p)

    p = command(sub, "sent", "record that the form went to the agency's senior officer", run_sent)
    p.add_argument("id", metavar="ID")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was sent (default today)")

    p = command(sub, "respond", "record the agency's written response", run_respond)
    p.add_argument("id", metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT", help="the agency's response")
    p.add_argument("--received", metavar="YYYY-MM-DD", help="the day it was received (default today)")
    _confirm(p)

    p = command(sub, "evaluate",
                "record my evaluation of the agency's response; para 74 asks for the raising inspector's and the lead's",
                run_evaluate)
    p.add_argument("id", metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT", help="the inspector's evaluation of the information provided")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day of the evaluation (default today)")
    _confirm(p)

    p = command(sub, "share", "record the day and the means by which the evaluation was shared with the senior officer (para 74)", run_share)
    p.add_argument("id", metavar="ID")
    p.add_argument("--by", required=True, metavar="MEANS", help="how it was shared, e.g. 'keep-in-touch meeting' or 'secure email'")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was shared (default today)")
    _confirm(p)

    p = command(sub, "signoff", "sign off as lead inspector with the chief officer's signature (lead only)", run_signoff)
    p.add_argument("id", metavar="ID")
    p.add_argument("--chief-officer", required=True, metavar="JOB_TITLE", help="the chief officer's job title (never a name)")
    p.add_argument("--chief-officer-date", required=True, metavar="YYYY-MM-DD", help="the day the chief officer signed")
    p.add_argument("--lead-date", metavar="YYYY-MM-DD", help="the day I sign as lead (default today)")
    _confirm(p)

    p = command(sub, "list", "list the concerns: category 1 concerns not yet sent and overdue responses (in working days) flagged", run_list)
    p.add_argument("--state", choices=con.STATES)
    p.add_argument("--overdue", action="store_true", help="only concerns whose response is overdue")
    add_json(p)

    p = command(sub, "show", "one concern in full", run_show)
    p.add_argument("id", metavar="ID")
    add_json(p)

    p = command(sub, "export", "write the Annex C form as Word (.docx) or Markdown", run_export)
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["docx", "md"], help="default: from OUT's extension")
    p.add_argument("out", metavar="OUT", help="the file (or folder) to write")


def _referral(args: argparse.Namespace) -> dict[str, Any]:
    """The referral's fields as `raise` and `edit` take them from the command line."""
    return {
        "case_refs": args.case,
        "service": args.service,
        "category": args.category,
        "issues": args.issues,
        "response_due": args.respond_by,
        "referred_on": args.referred,
    }


def run_raise(args: argparse.Namespace) -> int:
    from store import concerns

    with workspace(args) as ws:
        record = concerns.raise_concern(ws, _referral(args), confirm_no_names=args.confirm_no_names)
        for text in concerns.warnings(ws, record):
            warn(text)
        if con.unsent_urgent(record.payload):
            warn("A category 1 concern is about a child at immediate risk: send it to the agency's senior officer now (fieldwork concern sent ID).")
        say(f"Raised a category {record.payload['category']} concern about {', '.join(record.payload['case_refs'])}; "
            f"response required by {record.payload['response_due']}.")
        say(record.id)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from store import concerns

    given = {k: v for k, v in _referral(args).items() if v is not None}
    with workspace(args) as ws:
        record = concerns.edit(ws, args.id, given, confirm_no_names=args.confirm_no_names)
        for text in concerns.warnings(ws, record):
            warn(text)
        say(f"Concern {record.id[:8]}: referral corrected; the earlier version is kept in its history.")
        say(record.id)
    return 0


def _move(args: argparse.Namespace, step: Callable[[Any, Any], Any]) -> int:
    """Open the inspection, take one step with store.concerns, report the new state and id."""
    from store import concerns

    with workspace(args) as ws:
        record = step(concerns, ws)
        say(f"Concern {record.id[:8]}: {con.state_label(record.payload['state']).lower()}.")
        say(record.id)
    return 0


def run_sent(args: argparse.Namespace) -> int:
    return _move(args, lambda c, ws: c.mark_sent(ws, args.id, on=args.on))


def run_respond(args: argparse.Namespace) -> int:
    return _move(
        args,
        lambda c, ws: c.record_response(ws, args.id, text=args.text, received=args.received, confirm_no_names=args.confirm_no_names),
    )


def run_evaluate(args: argparse.Namespace) -> int:
    return _move(args, lambda c, ws: c.evaluate(ws, args.id, text=args.text, on=args.on, confirm_no_names=args.confirm_no_names))


def run_share(args: argparse.Namespace) -> int:
    return _move(args, lambda c, ws: c.share(ws, args.id, by=args.by, on=args.on, confirm_no_names=args.confirm_no_names))


def run_signoff(args: argparse.Namespace) -> int:
    return _move(
        args,
        lambda c, ws: c.sign_off(
            ws,
            args.id,
            chief_officer=args.chief_officer,
            chief_officer_date=args.chief_officer_date,
            lead_date=args.lead_date,
            confirm_no_names=args.confirm_no_names,
        ),
    )


def run_list(args: argparse.Namespace) -> int:
    from store import concerns

    with workspace(args) as ws:
        rows = [concerns.to_json(ws, r) for r in concerns.ordered(ws)]
    rows = [r for r in rows if (not args.state or r["state"] == args.state) and (not args.overdue or r["overdue"])]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        late = f" OVERDUE: {r['overdue_text']}" if r["overdue"] else ""
        if r["unsent_urgent"]:
            late += f" NOT SENT: category 1, raised {r['unsent_hours']} hours ago"
        say(f"{r['id'][:8]} cat {r['category']} {r['state']:<10} due {r['response_due']} {r['referred_by']:<6} "
            f"{','.join(r['case_refs']):<20} {r['service'][:30]}{late}")
    say(f"{len(rows)} concern{'s' if len(rows) != 1 else ''}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from store import concerns

    with workspace(args) as ws:
        data = concerns.detail_json(ws, ws.require(args.id, con.KIND))
    if args.json:
        emit_json(data)
        return 0
    d = data["dates"]
    flag = f" — OVERDUE: {data['overdue_text']}" if data["overdue"] else ""
    if data["unsent_urgent"]:
        flag += f" — CATEGORY 1 NOT SENT ({data['unsent_hours']} hours since raised)"
    say(f"Concern {data['id']} — {data['state_label']}{flag}")
    say(f"  Case number(s): {', '.join(data['case_refs'])}")
    say(f"  Inspector referring: {data['referred_by']} · referred {d['referred']} · sent {d['sent'] or '-'}")
    say(f"  Service: {data['service']}")
    say(f"  Category {data['category']}: {data['category_label']}")
    say(f"  Response and explanation required by: {data['response_due']}")
    say("")
    say("Issues that led to the referral:")
    say(data["issues"])
    if data["response"]:
        say("")
        say(f"Agency's response (received {d['response_received']}):")
        say(data["response"])
    for e in data["evaluation_texts"]:
        say("")
        say(f"Evaluation ({e['by']}, {e['on']}):")
        say(e["text"])
    if data["shared_with_senior_officer_on"]:
        say("")
        say(f"Evaluation shared with the senior officer on {data['shared_with_senior_officer_on']} by {data['shared_by']}.")
    if data["state"] == "signed-off":
        say("")
        say(f"Signed off: {data['chief_officer']} {d['chief_officer_signed']}; lead inspector {data['lead_inspector']} {d['lead_signed']}.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from store import concerns

    out = Path(args.out)
    fmt = concerns.format_for(out, args.format)
    with workspace(args) as ws:
        written = concerns.export(ws, args.id, fmt, out)
    info(f"Wrote the Annex C form to {written}.")
    say(str(written))
    return 0
