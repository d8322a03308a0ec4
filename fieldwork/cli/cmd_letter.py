"""`fieldwork letter recipients add|remove|list` and `fieldwork letter statement-of-action`: the
letter's addressees and distribution (para 82, 91) and the statement-of-action decision (para
96-98), recorded once by the lead and used by the letter and the keep-in-touch summary."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import distribution as dist
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, workspace


def register(subparsers: Any) -> None:
    sub = group(subparsers, "letter", "the letter's recipients and statement of action (lead only to change)")
    rsub = group(sub, "recipients",
                 "the local agencies' leaders the letter is addressed and copied to, by job title and agency (para 82, 91)")
    _recipient_verbs(rsub)

    p = command(sub, "statement-of-action",
                "record HMCI's decision whether a written statement of proposed action is required, and from which agencies (para 96)",
                run_statement)
    p.add_argument("--required", required=True, choices=["yes", "no"])
    p.add_argument("--agency", action="append", default=[], metavar="TEXT",
                   help="an agency that must make the statement; the first named leads (repeatable)")
    add_confirm_no_names(p)


def _recipient_verbs(rsub: Any) -> None:
    p = command(rsub, "add", "add a recipient by agency and job title (never a name)", run_add)
    p.add_argument("--agency", required=True, metavar="TEXT")
    p.add_argument("--title", required=True, metavar="TEXT", help="the job title, e.g. 'Director of children's services'")
    add_confirm_no_names(p)
    p = command(rsub, "remove", "take a recipient off the list", run_remove)
    p.add_argument("--agency", required=True, metavar="TEXT")
    p.add_argument("--title", required=True, metavar="TEXT")
    p = command(rsub, "list", "the letter's recipients (para 91's usual list is suggested while none is set)", run_list)
    add_json(p)


def _rows(details: dist.LetterDetails) -> list[dict[str, str]]:
    return [{"agency": r.agency, "title": r.title} for r in details.recipients]


def _counted(details: dist.LetterDetails) -> int:
    n = len(details.recipients)
    say(f"The letter's list has {n} recipient{'s' if n != 1 else ''}.")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from store import letter_details

    with workspace(args) as ws:
        return _counted(letter_details.add_recipient(ws, agency=args.agency, title=args.title,
                                                     confirm_no_names=args.confirm_no_names))


def run_remove(args: argparse.Namespace) -> int:
    from store import letter_details

    with workspace(args) as ws:
        return _counted(letter_details.remove_recipient(ws, agency=args.agency, title=args.title))


def run_list(args: argparse.Namespace) -> int:
    from store import letter_details

    with workspace(args) as ws:
        details = letter_details.details(ws)
    rows = _rows(details)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        say("No recipients yet. Para 91's usual list, to add with 'fieldwork letter recipients add':")
        for agency, title in dist.USUAL_RECIPIENTS:
            say(f"  {title}, {agency}")
        return 0
    for r in rows:
        say(f"{r['title']}, {r['agency']}")
    say(f"{len(rows)} recipient{'s' if len(rows) != 1 else ''}.")
    return 0


def run_statement(args: argparse.Namespace) -> int:
    from store import letter_details

    with workspace(args) as ws:
        details = letter_details.set_statement(ws, required=args.required, agencies=args.agency,
                                               confirm_no_names=args.confirm_no_names)
    say(details.statement_sentence())
    return 0
