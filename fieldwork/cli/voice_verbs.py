"""`fieldwork child consent|spoken|voice`: consent for the child and for the parent or carer, and
the children inspectors spoke with (paras 47-51). Registered under the `child` verb group."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import voice
from fieldwork.cli.checked_rows import created, listing
from fieldwork.cli.common import add_confirm_no_names, add_json, command, workspace


def register(sub: Any) -> None:
    """Add the verbs to the `child` group's subparsers."""
    p = command(sub, "consent", "record consent for the child and for the parent or carer (para 50)", run_consent)
    p.add_argument("case_ref", metavar="CHILD")
    p.add_argument("--child", choices=list(voice.ANSWERS), help="the child's consent")
    p.add_argument("--carer", choices=list(voice.ANSWERS), help="the parent or carer's consent")
    p.add_argument("--confirmed-on", metavar="YYYY-MM-DD", help="the day the agency confirmed it in writing (due by day 8)")
    p.add_argument("--reason", metavar="TEXT", help="the agency's reason, where consent is refused or not possible")
    add_confirm_no_names(p)

    p = command(sub, "spoken", "record that I spoke with a child (para 48-49); never their words", run_spoken)
    p.add_argument("case_ref", metavar="CHILD")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="the day (default today)")
    p.add_argument("--how", required=True, choices=list(voice.HOW))
    p.add_argument("--feedback-to-agency", action="store_true", help="feedback on the conversation is to go to the agency (para 49)")

    p = command(sub, "voice", "consent and the children spoken with, per child", run_voice)
    add_json(p)


def run_consent(args: argparse.Namespace) -> int:
    from store import voice as store

    with workspace(args) as ws:
        record = store.record_consent(ws, args.case_ref, child=args.child, carer=args.carer, confirmed_on=args.confirmed_on,
                                      reason=args.reason, confirm_no_names=args.confirm_no_names)
        p = record.payload
        row = next(r for r in store.rows(ws) if r["child"] == p["child"])
    return created(
        f"Consent for {p['child']}: child {voice.ANSWERS[p['child_consent']].lower()}, "
        f"parent or carer {voice.ANSWERS[p['carer_consent']].lower()}.",
        row["warnings"],
        record.id,
    )


def run_spoken(args: argparse.Namespace) -> int:
    from store import voice as store

    with workspace(args) as ws:
        record = store.record_spoken(ws, args.case_ref, on=args.on, how=args.how, feedback_to_agency=args.feedback_to_agency)
    p = record.payload
    feedback = "; feedback to go to the agency." if p["feedback_to_agency"] else "."
    return created(f"Spoke with {p['child']} on {p['on']} ({voice.HOW[p['how']].lower()}){feedback}", [], record.id)


def run_voice(args: argparse.Namespace) -> int:
    from store import voice as store

    with workspace(args) as ws:
        rows = store.rows(ws)
    return listing(
        rows,
        lambda r: f"{r['child']:<12} child {r['child_consent']:<12} carer {r['carer_consent']:<12} "
        f"confirmed {r['confirmed_on'] or '-':<10} spoken with {len(r['spoken'])}x",
        as_json=args.json,
    )
