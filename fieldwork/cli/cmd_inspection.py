"""`fieldwork init`, `fieldwork status` and `fieldwork passphrase`: the inspection itself."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import free_text
from fieldwork import records as rec
from fieldwork.cli import recovery
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, home_dir, read_passphrase, say, workspace
from fieldwork.cli.new_passphrase import add_new_passphrase_file, read_new_passphrase
from fieldwork.errors import FieldworkError


def register(subparsers: Any) -> None:
    p = command(subparsers, "init", "create a new inspection here, with me as its lead", run_init)
    p.add_argument("--area", required=True, help="the local area inspected")
    p.add_argument("--theme", required=True, help="the deep-dive theme")
    add_confirm_no_names(p)
    p.add_argument("--notified", metavar="YYYY-MM-DD", help="the notification date (working day 0); not used in audit mode")
    p.add_argument("--name", required=True, help="your display name or initials")
    p.add_argument("--inspectorate", choices=sorted(rec.INSPECTORATES), help="your inspectorate (optional in audit mode)")
    p.add_argument("--agency", metavar="TEXT", help="audit mode: your own agency, shown beside your initials")
    p.add_argument(
        "--framework",
        action="append",
        metavar="PACK",
        help="a framework pack (repeatable; default jtai-2016-front-door); see 'fieldwork framework list'",
    )
    p.add_argument("--mode", choices=rec.MODES, default="inspection", help="inspection (JTAI) or audit (a partnership's own)")
    p.add_argument("--grading", metavar="SCALE|none", help="audit mode: the pack's grading scale to use, or none")
    p.add_argument("--case-ref-pattern", default=rec.DEFAULT_CASE_REF_PATTERN, help="regular expression for case references")
    p.add_argument("--marking", metavar="TEXT", help=f"the protective marking on every page of its documents (default {rec.DEFAULT_MARKING})")
    p.add_argument("--closure", action="append", default=[], metavar="YYYY-MM-DD", help="a local closure day (repeatable)")
    recovery.add_recovery_kit(p, lead=True)
    add_json(p)

    p = command(subparsers, "status", "the inspection, me, counts, conflicts and the state digest", run_status)
    add_json(p)

    p = command(subparsers, "passphrase", "change my local passphrase (re-wraps the keys, nothing else)", run_passphrase)
    add_new_passphrase_file(p)


def run_init(args: argparse.Namespace) -> int:
    from fieldwork.frameworks import load_pack
    from store.workspace import Workspace

    home = home_dir(args)
    if Workspace.exists(home):
        raise FieldworkError(f"{home} already holds an inspection: choose another --home.")
    packs = args.framework or ["jtai-2016-front-door"]
    loaded = [load_pack(p) for p in packs]  # refuses an unknown pack before anything is written
    if args.mode == "audit" and not any(p.kind == "audit" for p in loaded):
        raise FieldworkError("Audit mode needs an audit framework pack, e.g. --framework somerset-partnership-audit.")
    if args.mode == "audit":
        from fieldwork.cli.cmd_activity import audit_init_fields

        notified, grading = audit_init_fields(args, packs)  # a partnership is never notified
    elif not args.notified or args.grading:
        raise FieldworkError("An inspection needs --notified, and takes no --grading (that is for audit mode).")
    inspection = rec.inspection_payload(
        area=args.area,
        theme=args.theme,
        notified=args.notified if args.mode != "audit" else notified,
        packs=packs,
        case_ref_pattern=args.case_ref_pattern,
        mode=args.mode,
        closures=args.closure,
        marking=args.marking,
    )
    free_text.guard("inspection", inspection, confirmed=args.confirm_no_names)
    if args.mode == "audit":
        inspection["grading"] = grading
        # A partnership's auditor belongs to an agency, not necessarily an inspectorate.
        from fieldwork.audit import auditor_payload

        me = auditor_payload(name=args.name, agency=args.agency, inspectorate=args.inspectorate, role="lead")
    elif not args.inspectorate:
        raise FieldworkError("An inspection needs --inspectorate (one of " + ", ".join(sorted(rec.INSPECTORATES)) + ").")
    else:
        me = rec.inspector_payload(name=args.name, inspectorate=args.inspectorate, role="lead")
    from store import crypto

    fmt = recovery.kit_format(args.recovery_kit)  # refuses a bad kit name before anything is made
    paper_signer = crypto.new_signing_key()
    code = crypto.new_recovery_code()
    ws = Workspace.create(
        home, read_passphrase(args, new=True), inspection=inspection, me=me, paper_key=paper_signer, finish=False, recovery_code=code
    )
    try:
        try:
            recovery.hand_out(ws, recovery_code=code, path=args.recovery_kit, fmt=fmt, paper_signer=paper_signer)
            # Whole only now: an inspection whose paper key never reached the lead is none.
            ws.finish_creating()
        except BaseException:
            ws.close()
            from store import creating

            creating.clear(home)
            raise
        del paper_signer  # the paper key is never kept on the laptop
        if args.json:
            emit_json(status_json(ws))
        else:
            noun = ws.framework.vocabulary.get("inspection", "inspection")
            when = "" if args.mode == "audit" else f", notified {inspection['notified']}"
            say(f"Created the {noun} of {inspection['area']} ({inspection['theme']}){when}, in {home}.")
            say(f"You are its lead. Criteria: {len(ws.framework.criteria)} from {', '.join(packs)}.")
            say(ws.inspection_id)
    finally:
        ws.close()
    return 0


def status_json(ws: Any) -> dict[str, Any]:
    from store.damaged import damaged
    from store.trust_view import quarantine_count

    inspection = dict(ws.inspection) if ws.has_inspection else {}
    me = ws.me
    return {
        "inspection": {"id": ws.inspection_id, **inspection},
        "me": {
            "id": ws.me_id,
            "name": me.get("name", ""),
            "inspectorate": me.get("inspectorate", ""),
            "role": me.get("role", ""),
            "device": ws.device_id,
        },
        "counts": ws.counts(),
        "conflicts": ws.conflict_count(),
        "versions": ws.version_count(),
        "state_digest": ws.state_digest(),
        "quarantined": quarantine_count(ws),
        "pending": ws.log.pending_count(),  # versions waiting for a parent or certificate (capped)
        "damaged": len(damaged(ws)),  # records held that cannot be shown (store/damaged.py)
    }


def run_status(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        data = status_json(ws)
    if args.json:
        emit_json(data)
        return 0
    i, me, c = data["inspection"], data["me"], data["counts"]
    when = "" if i.get("mode") == "audit" else f"; notified {i.get('notified', '?')}"  # a partnership is not notified
    say(f"{i.get('area', '(details not yet synced)')} — {i.get('theme', '')}{when}")
    say(f"Me: {me['name']} ({rec.INSPECTORATES.get(me['inspectorate'], me['inspectorate'])}, {rec.ROLES.get(me['role'], me['role'])})")
    say(f"Children {c['children']} · SEA entries {c['sea']} · concerns {c['concerns']} · findings {c['findings']}")
    say(f"Conflicts to resolve: {data['conflicts']}")
    if data["pending"]:
        say(f"Waiting for earlier versions: {data['pending']}")
    say(f"State digest: {data['state_digest']}")
    return 0


def run_passphrase(args: argparse.Namespace) -> int:
    from store.workspace import Workspace

    old = read_passphrase(args)
    ws = Workspace.open(home_dir(args), old)  # a wrong old passphrase is refused before a new one is asked
    try:
        ws.change_passphrase(read_new_passphrase(args, old=old))
    finally:
        ws.close()
    say("Passphrase changed. The keys were re-wrapped; nothing else was touched.")
    return 0
