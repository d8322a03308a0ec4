"""`fieldwork recover`: open this laptop's store with its recovery code and choose a new passphrase."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldwork.cli.common import command, home_dir, say
from fieldwork.cli.new_passphrase import add_new_passphrase_file, read_new_passphrase
from fieldwork.errors import NotFound


def register(subparsers: Any) -> None:
    p = command(subparsers, "recover", "forgot the passphrase: open this laptop's store with its recovery code and set a new one", run_recover)
    p.add_argument("--code-file", required=True, metavar="FILE", help="the recovery kit, or a file holding the recovery code")
    add_new_passphrase_file(p)


def run_recover(args: argparse.Namespace) -> int:
    from fieldwork.recovery_code import find
    from store.keyring import read_keyring, write_keyring
    from store.workspace import Workspace

    home = home_dir(args)
    path = Path(args.code_file).expanduser()
    try:
        text = path.read_text(encoding="utf-8", errors="replace") if path.suffix.lower() != ".docx" else _docx_text(path)
    except OSError as err:
        raise NotFound(f"Cannot read {path}: {err.strerror}.") from None
    code = find(text)
    ring = read_keyring(home, "", recovery_code=code)  # a wrong code is refused before anything changes
    new = read_new_passphrase(args, old=code)
    # Only the keyring is written again (atomically): every record stays as it is, and the same
    # recovery code keeps opening it.
    write_keyring(home, ring, new)
    Workspace.open(home, new).close()  # proves the new passphrase opens the store
    say("Recovered: the store opens with your new passphrase. Every record is kept; the recovery code still works.")
    return 0


def _docx_text(path: Path) -> str:
    from fieldwork.cli.cmd_trust import _docx_text as read

    return read(path)
