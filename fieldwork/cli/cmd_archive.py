"""`fieldwork archive export|open` and `fieldwork close --wipe`: para 81's retention at the end of
the inspection, and destroying this laptop's copy once the team's bundle and the archive exist."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from fieldwork import archive as arc
from fieldwork.cli.common import command, group, info, say, workspace
from fieldwork.errors import FieldworkError


def register(subparsers: Any) -> None:
    sub = group(subparsers, "archive", "the retention archive (para 81): export my records or the SEA; open an archive")
    p = command(sub, "export", "write OUT.fwarchive (encrypted, opened with a recovery code shown once) and a readable copy", run_export)
    p.add_argument("out", metavar="OUT", help="the archive's path without extension")
    p.add_argument("--scope", choices=list(arc.SCOPES), default="mine",
                   help="mine: every record I wrote, with history (default); sea: the whole SEA (the lead, for Ofsted)")
    p.add_argument("--format", choices=["md", "docx"], default="md", help="the readable copy's format")
    p = command(sub, "open", "read an archive with its recovery code into a readable copy", run_open)
    p.add_argument("archive", metavar="ARCHIVE")
    p.add_argument("out", metavar="OUT", help="the readable copy to write (.md or .docx)")
    p.add_argument("--code-file", metavar="FILE", help="read the recovery code from FILE (or FIELDWORK_RECOVERY_CODE, or a prompt)")

    p = command(subparsers, "close", "end the inspection on this laptop: crypto-shred its keys and store (para 81)", run_close)
    p.add_argument("--wipe", action="store_true", required=True, help="destroy this laptop's keys and store")
    p.add_argument("--bundle", required=True, metavar="FILE", help="the team's bundle holding every version written here")
    p.add_argument("--archive", required=True, metavar="FILE", help="the retention archive made with 'fieldwork archive export'")
    p.add_argument("--yes", action="store_true", help="do not ask to confirm (for scripts)")


def run_export(args: argparse.Namespace) -> int:
    from store import archive

    with workspace(args) as ws:
        archive_path, copy, code = archive.export(ws, args.out, scope=args.scope, fmt=args.format)
    say(f"Wrote the encrypted archive {archive_path} and its readable copy {copy}.")
    say(f"Recovery code ({arc.CODE_WORDS} words; shown only now, kept nowhere: write it down for the archive's keeper):")
    say(f"    {code}")
    return 0


def _code(args: argparse.Namespace) -> str:
    env = os.environ.get("FIELDWORK_RECOVERY_CODE")
    if env:
        return env
    if args.code_file:
        try:
            return Path(args.code_file).expanduser().read_text(encoding="utf-8").strip()
        except OSError as err:
            raise FieldworkError(f"Cannot read the code file {args.code_file}: {err.strerror}.") from None
    if not sys.stdin.isatty():
        raise FieldworkError("No recovery code: use --code-file, FIELDWORK_RECOVERY_CODE, or run in a terminal.")
    import getpass

    return getpass.getpass("Recovery code: ")


def run_open(args: argparse.Namespace) -> int:
    from store import archive
    from store.blocks_export import write_blocks

    content = archive.open_archive(args.archive, _code(args))
    path = write_blocks(args.out, arc.readable(content), fmt=None, title=arc.SCOPES.get(content.get("scope", ""), "Records"),
                        default_name="archive")
    say(f"Wrote {len(content.get('records', []))} records from the archive to {path}.")
    return 0


def run_close(args: argparse.Namespace) -> int:
    from store import archive

    with workspace(args) as ws:
        from sync.close_check import check_before_wipe

        check_before_wipe(ws, bundle=args.bundle, archive=args.archive)
        if not args.yes:
            if not sys.stdin.isatty():
                raise FieldworkError("Closing wipes this laptop's copy for good: confirm with --yes. Nothing was wiped.")
            answer = input(f"Type 'wipe' to destroy the keys and store in {ws.home}: ")
            if answer.strip().lower() != "wipe":
                raise FieldworkError("Not confirmed. Nothing was wiped.")
        removed = archive.wipe(ws)
    info(f"Removed {', '.join(removed)}.")
    say("This laptop's keys and store are destroyed: the inspection can no longer be opened here.")
    return 0
