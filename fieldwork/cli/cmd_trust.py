"""`fieldwork quarantine|device|lead`: who may write, what was refused, and the lead's acts on the team."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldwork.cli.recovery import read_kit
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, home_dir, read_passphrase, say, warn, workspace


def register(subparsers: Any) -> None:
    p = command(subparsers, "quarantine", "versions the trust checks refused, with why and where they came from", run_quarantine)
    add_json(p)

    sub = group(subparsers, "device", "the team's laptops: who each one writes for, and shutting a lost one out")
    p = command(sub, "list", "every certified device: its inspector, role, who certified it, revoked or not", run_device_list)
    add_json(p)
    p = command(sub, "revoke", "lead only: refuse, everywhere, any version of DEVICE not already seen", run_device_revoke)
    p.add_argument("device", metavar="DEVICE", help="a device id, or its first 4+ characters (see 'fieldwork device list')")
    p.add_argument("--reason", default="lost or no longer trusted", help="why, kept with the revocation")
    add_confirm_no_names(p)
    add_json(p)

    sub = group(subparsers, "lead", "the lead's role: hand it over, or restore it on a new laptop with the paper key")
    p = command(sub, "handover", "lead only: make INITIALS the lead; you become a team member", run_handover)
    p.add_argument("initials", metavar="INITIALS")
    add_json(p)
    p = command(sub, "restore", "make this new laptop the lead's with the paper key from the recovery kit", run_restore)
    p.add_argument("--paper-key-file", required=True, metavar="FILE", help="the recovery kit (or a file holding its paper key block)")
    p.add_argument("--from", dest="source", metavar="FOLDER", help="the team's shared folder or USB stick, whose bundles are taken in")
    add_json(p)


def run_quarantine(args: argparse.Namespace) -> int:
    from store.trust_view import quarantine_rows

    with workspace(args) as ws:
        rows = quarantine_rows(ws)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        say("Nothing is in quarantine: every version this laptop holds passed the trust checks.")
        return 0
    say(f"{len(rows)} version(s) refused and kept aside (never shown, never passed on):")
    for row in rows:
        say(f"  {row['version'][:12]}  {row['kind']:<12} from device {row['device'][:8]}: {row['reason']} ({row['source']})")
    return 0


def run_device_list(args: argparse.Namespace) -> int:
    from fieldwork.trust import describe_devices

    with workspace(args) as ws:
        rows = describe_devices(ws.judge)
        mine = ws.device_id
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        flags = " (revoked)" if row["revoked"] else ""
        flags += " (this laptop)" if row["device"] == mine else ""
        by = f"certified by {row['certified_by'][:8]}" if row["certified_by"] else "the inspection's root"
        say(f"{row['device'][:12]}  {row['inspector']:<6} {row['role']:<5} {row['via']:<6} {by}{flags}")
    return 0


def run_device_revoke(args: argparse.Namespace) -> int:
    from store.team import revoke

    with workspace(args) as ws:
        record = revoke(ws, args.device, reason=args.reason, confirm_no_names=args.confirm_no_names)
        device = str(record.payload["device"])
        kept = len(record.payload.get("seen", []))
    if args.json:
        emit_json({"revocation": record.id, "device": device, "versions_kept": kept})
        return 0
    say(f"Revoked device {device[:12]}: its {kept} version(s) already here stay; any other it signs is refused on every laptop.")
    say("Sync so every laptop learns of it.")
    say(record.id)
    return 0


def run_handover(args: argparse.Namespace) -> int:
    from store.team import handover

    with workspace(args) as ws:
        record = handover(ws, args.initials)
        name = str(record.payload.get("name", args.initials))
    if args.json:
        emit_json({"lead": record.id, "name": name})
        return 0
    say(f"{name} is now the lead inspector; you are a team member. Sync so every laptop learns of it.")
    say(record.id)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from fieldwork.paper_key import decode
    from sync.restore import bundles_in, restore

    paper = decode(read_kit(args.paper_key_file))
    bundles = bundles_in(Path(args.source).expanduser()) if args.source else []
    home = home_dir(args)
    ws, imported = restore(home, paper, read_passphrase(args, new=True), bundles, on_refused=lambda p, why: warn(why))
    try:
        summary = {"device": ws.device_id, "inspection": ws.inspection_id, "lead": ws.is_lead, "bundles": len(imported)}
    finally:
        ws.close()
    if args.json:
        emit_json(summary)
        return 0
    say(f"This laptop is now the lead's (device {summary['device'][:12]}), with {len(imported)} bundle(s) taken in.")
    say("Revoke the lost laptop next: 'fieldwork device list', then 'fieldwork device revoke DEVICE', then sync.")
    say(summary["device"])
    return 0
