"""`fieldwork invite|join|bundle|sync|conflicts|resolve`: bringing the team's laptops together."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from fieldwork import records as rec
from fieldwork.cli import recovery
from fieldwork.cli.common import add_json, command, emit_json, group, home_dir, open_workspace, read_passphrase, say, warn, workspace
from fieldwork.cli.new_passphrase import invite_code
from fieldwork.errors import FieldworkError, NotFound

ProgressFor = Callable[[str], Callable[[int, int], None] | None]  # as sync.folder.ProgressFor


def register(subparsers: Any) -> None:
    p = command(
        subparsers,
        "invite",
        "write a one-time invite for one named team member (lead only), sealed under a one-time passphrase",
        run_invite,
    )
    p.add_argument("out", metavar="OUT_FILE")
    p.add_argument("--name", required=True, help="the member's initials: the invite admits this person only")
    p.add_argument("--inspectorate", choices=sorted(rec.INSPECTORATES), help="the member's inspectorate (an inspection)")
    p.add_argument("--agency", help="the member's agency (a partnership's audit: auditors belong to agencies)")
    p.add_argument("--role", choices=["team", "qa", "sao"], default="team")
    p.add_argument("--expires", type=int, default=14, metavar="DAYS", help="days until the invite can no longer be used (default 14)")
    add_json(p)

    p = command(subparsers, "join", "join an inspection from the lead's invite, in a fresh --home", run_join)
    p.add_argument("invite", metavar="INVITE_FILE")
    p.add_argument("--name", help="your initials (checked against the invite, which names you)")
    p.add_argument("--inspectorate", choices=sorted(rec.INSPECTORATES), help="your inspectorate (checked against the invite)")
    p.add_argument("--agency", help="your agency (checked against the invite)")
    p.add_argument("--role", choices=["team", "qa", "sao"], help="your role (checked against the invite)")
    recovery.add_recovery_kit(p, lead=False)
    add_json(p)

    sub = group(subparsers, "bundle", "bundles: export my versions to a file, import others' files")
    p = command(sub, "export", "write every version I hold to one encrypted, signed bundle file", run_export)
    p.add_argument("out", metavar="OUT_FILE")
    add_json(p)
    p = command(sub, "import", "take in bundle files (each one all or nothing)", run_import)
    p.add_argument("files", metavar="FILE", nargs="+")
    add_json(p)

    p = command(subparsers, "sync", "take in every bundle in FOLDER, then write mine there", run_sync)
    p.add_argument("folder", metavar="FOLDER")
    add_json(p)

    p = command(subparsers, "conflicts", "records edited on two laptops at once, with every side kept", run_conflicts)
    add_json(p)

    p = command(subparsers, "resolve", "settle a conflict by keeping one version; prints the new version id", run_resolve)
    p.add_argument("record", metavar="RECORD_ID")
    p.add_argument("--keep", required=True, metavar="VERSION_ID", help="the version to keep (a prefix of 6+ characters will do)")
    add_json(p)


# --- progress ----------------------------------------------------------------------------------


@contextmanager
def _progress() -> Iterator[ProgressFor]:
    """A rich progress bar on stderr when a person is watching; silence for scripts and pipes."""
    if not sys.stderr.isatty():
        yield lambda _label: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), console=Console(stderr=True), transient=True) as bar:

        def progress_for(label: str) -> Callable[[int, int], None]:
            task = bar.add_task(label, total=None)
            return lambda done, total: bar.update(task, completed=done, total=total)

        yield progress_for


# --- invites -----------------------------------------------------------------------------------


def _invite_passphrase() -> str:
    """The code of an invite being joined. A new invite's code is made by Fieldwork (invite_code)."""
    env = os.environ.get("FIELDWORK_INVITE_PASSPHRASE")
    if env:
        return env
    if not sys.stdin.isatty():
        raise FieldworkError("No invite passphrase: set FIELDWORK_INVITE_PASSPHRASE or run in a terminal.")
    first = getpass.getpass("Invite passphrase: ")
    if not first:
        raise FieldworkError("The invite passphrase is empty.")
    return first


def run_invite(args: argparse.Namespace) -> int:
    from sync.invite import make_invite
    from store.files import atomic_write

    if not args.inspectorate and not args.agency:
        raise FieldworkError("Say who the invite is for: --inspectorate for an inspection, or --agency for a partnership's audit.")
    code, made = invite_code()  # a weak FIELDWORK_INVITE_PASSPHRASE is refused before the store opens
    with workspace(args) as ws:
        if not ws.is_lead:
            from fieldwork.errors import AccessDenied

            raise AccessDenied("Only the lead inspector can create invites.")
        data = make_invite(
            ws,
            code,
            name=args.name,
            inspectorate=args.inspectorate,
            role=args.role,
            agency=args.agency,
            days=args.expires,
        )
        inspection_id = ws.inspection_id
    out = Path(args.out).expanduser()
    try:
        atomic_write(out, data)
    except OSError as err:
        raise FieldworkError(f"Cannot write the invite to {out}: {err.strerror}.") from None
    if args.json:
        emit_json({"file": str(out), "inspection": inspection_id, **({"code": code} if made else {})})
    else:
        say(f"Wrote an invite to {out}.")
        if made:
            say(f"Invite code (shown this once, never stored): {code}")
        say("Give the invite code to the inspector separately, never with the file.")
    return 0


def run_join(args: argparse.Namespace) -> int:
    from store.crypto import new_recovery_code
    from store.workspace import Workspace
    from sync.invite import join, open_invite

    home = home_dir(args)
    if Workspace.exists(home):
        raise FieldworkError(f"{home} already holds an inspection: choose another --home.")
    path = Path(args.invite).expanduser()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise NotFound(f"Cannot read the invite {path}: {err.strerror}.") from None
    fmt = recovery.kit_format(args.recovery_kit)  # refuses a bad kit name before anything is made
    invite = open_invite(data, _invite_passphrase())
    code = new_recovery_code()
    ws = join(
        home,
        invite,
        read_passphrase(args, new=True),
        name=args.name,
        inspectorate=args.inspectorate,
        role=args.role,
        agency=args.agency,
        recovery_code=code,
    )
    try:
        recovery.hand_out(ws, recovery_code=code, path=args.recovery_kit, fmt=fmt)
        details = dict(ws.inspection) if ws.has_inspection else {}
        summary = {
            "inspection": {"id": ws.inspection_id, **details},
            "me": {"id": ws.me_id, **ws.me, "device": ws.device_id},
            "versions": ws.version_count(),
            "state_digest": ws.state_digest(),
        }
    finally:
        ws.close()
    if args.json:
        emit_json(summary)
        return 0
    say(f"Joined the inspection of {details.get('area', '?')} ({details.get('theme', '?')}) in {home}.")
    say("Run 'fieldwork sync FOLDER' with the team's shared folder to take in everyone's work.")
    say(summary["me"]["id"])
    return 0


# --- bundles -----------------------------------------------------------------------------------


def _result_json(path: Path, result: Any) -> dict[str, Any]:
    return {
        "file": str(path),
        "new": result.new,
        "present": result.present,
        "pending": result.pending,
        "pending_dropped": result.pending_dropped,
        "conflicts": result.conflicts_created,
        # Refused by the trust checks and kept aside (fieldwork quarantine --json says why).
        "quarantined": len(result.quarantined),
    }


def _totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    # Pending is a count of what the store holds waiting, not a per-bundle increment: take the last.
    return {
        "new": sum(r["new"] for r in rows),
        "present": sum(r["present"] for r in rows),
        "pending": rows[-1]["pending"] if rows else 0,
        "pending_dropped": sum(r["pending_dropped"] for r in rows),
        "conflicts": sum(r["conflicts"] for r in rows),
        "quarantined": sum(r.get("quarantined", 0) for r in rows),
    }


def _say_import(totals: dict[str, int], bundles: int, open_conflicts: int) -> None:
    say(
        f"Took in {totals['new']} new version(s) from {bundles} bundle(s); {totals['present']} already here"
        + (f"; {totals['pending']} waiting for earlier versions" if totals["pending"] else "")
        + "."
    )
    if totals["pending_dropped"]:
        from store.pending import dropped_note

        say(dropped_note(totals["pending_dropped"]))
    if totals.get("quarantined"):
        say(f"{totals['quarantined']} version(s) refused by the trust checks and kept aside: see 'fieldwork quarantine'.")
    if totals["conflicts"]:
        say(f"{totals['conflicts']} new conflict(s): see 'fieldwork conflicts'.")
    if open_conflicts:
        say(f"Conflicts to resolve: {open_conflicts}.")


def _say_deleted(deleted: Any) -> None:
    if deleted.summary():
        say(deleted.summary())


def run_export(args: argparse.Namespace) -> int:
    from store.files import atomic_write
    from sync.bundle import export_bundle

    out = Path(args.out).expanduser()
    with workspace(args) as ws:
        with _progress() as progress_for:
            data, count = export_bundle(ws, progress=progress_for("writing bundle"))
        devices = len(ws.devices())
    try:
        atomic_write(out, data)
    except OSError as err:
        raise FieldworkError(f"Cannot write the bundle to {out}: {err.strerror}.") from None
    if args.json:
        emit_json({"file": str(out), "versions": count, "devices": devices, "bytes": len(data)})
    else:
        say(f"Wrote {count} version(s) from {devices} device(s) to {out} ({len(data):,} bytes).")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from sync.bundle import BundleError
    from sync.folder import deletions, import_file, sea_count

    ws = open_workspace(args)
    rows: list[dict[str, Any]] = []
    refused: list[dict[str, str]] = []
    results = []
    try:
        sea_before = sea_count(ws)
        with _progress() as progress_for:
            for name in args.files:
                path = Path(name).expanduser()
                try:
                    result = import_file(ws, path, progress_for)
                except BundleError as err:
                    refused.append({"file": str(path), "reason": str(err)})
                    continue
                results.append(result)
                rows.append(_result_json(path, result))
        deleted = deletions(ws, results, sea_before)
        open_conflicts = ws.conflict_count()
        digest = ws.state_digest()
    finally:
        ws.close()
    if not rows and refused:
        if len(refused) == 1:
            raise FieldworkError(refused[0]["reason"])
        for r in refused:
            warn(r["reason"])
        raise FieldworkError(f"All {len(refused)} bundles were refused. Nothing was imported.")
    totals = _totals(rows)
    if args.json:
        emit_json({**totals, "bundles": rows, "refused": refused, "deleted": deleted.to_json(), "open_conflicts": open_conflicts, "state_digest": digest})
    else:
        _say_import(totals, len(rows), open_conflicts)
        _say_deleted(deleted)
    for r in refused:
        warn(r["reason"])
    return 1 if refused else 0


def run_sync(args: argparse.Namespace) -> int:
    from sync.folder import sync_folder

    with workspace(args) as ws:
        with _progress() as progress_for:
            report = sync_folder(ws, Path(args.folder).expanduser(), progress_for=progress_for)
        open_conflicts = ws.conflict_count()
        digest = ws.state_digest()
    rows = [_result_json(path, result) for path, result in report.imported]
    totals = _totals(rows)
    refused = [{"file": str(path), "reason": reason} for path, reason in report.refused]
    if args.json:
        emit_json(
            {
                **totals,
                "bundles": rows,
                "refused": refused,
                "wrote": {"file": str(report.wrote), "versions": report.versions_written},
                "deleted": report.deleted.to_json(),
                "open_conflicts": open_conflicts,
                "state_digest": digest,
            }
        )
    else:
        _say_import(totals, len(rows), open_conflicts)
        _say_deleted(report.deleted)
        say(f"Wrote my bundle ({report.versions_written} versions) to {report.wrote}.")
    for r in refused:
        warn(r["reason"])
    return 1 if refused else 0


# --- conflicts ---------------------------------------------------------------------------------


def conflicts_json(ws: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in ws.conflicts():
        fields = [f for f in c.differing if f != "(deleted)"]
        out.append(
            {
                "record": c.record,
                "kind": c.kind,
                "winner": c.winner,
                "differing": list(c.differing),
                "heads": [
                    {
                        "version": h.version,
                        "author": h.author_name or h.author,
                        "author_id": h.author,
                        "when": h.when,
                        "op": h.op,
                        "fields": {f: h.payload.get(f) for f in fields},
                    }
                    for h in c.heads
                ],
            }
        )
    return out


def run_conflicts(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        data = conflicts_json(ws)
    if args.json:
        emit_json(data)
        return 0
    if not data:
        say("No conflicts.")
        return 0
    for c in data:
        say(f"{c['kind']} {c['record']} — {len(c['heads'])} versions; showing {c['winner'][:10]} meanwhile")
        for h in c["heads"]:
            what = "deleted" if h["op"] == "delete" else "; ".join(f"{k}: {v}" for k, v in h["fields"].items()) or "same fields"
            say(f"  {h['version'][:10]}  {h['author']:<8} {h['when']}  {what}")
    say("Keep one with 'fieldwork resolve RECORD_ID --keep VERSION_ID'.")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        record = ws.resolve_id(args.record)
        version = ws.resolve(args.record, keep=args.keep)
        record_id = record.id if record else args.record
    if args.json:
        emit_json({"record": record_id, "version": version.id, "parents": list(version.parents)})
    else:
        say(f"Resolved {record_id}: the new version has every conflicting version as its parent.")
        say(version.id)
    return 0
