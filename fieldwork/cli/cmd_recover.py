"""`fieldwork recover`: open this laptop's store with its recovery code and choose a new passphrase."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork.cli.recovery import read_kit
from fieldwork.cli.common import command, home_dir, say
from fieldwork.cli.new_passphrase import add_new_passphrase_file, read_new_passphrase


def register(subparsers: Any) -> None:
    p = command(subparsers, "recover", "forgot the passphrase: open this laptop's store with its recovery code and set a new one", run_recover)
    p.add_argument("--code-file", required=True, metavar="FILE", help="the recovery kit, or a file holding the recovery code")
    add_new_passphrase_file(p)


def run_recover(args: argparse.Namespace) -> int:
    from fieldwork.recovery_code import find
    from store.keyring import read_keyring, write_keyring
    from store.workspace import Workspace

    home = home_dir(args)
    code = find(read_kit(args.code_file))
    ring = read_keyring(home, "", recovery_code=code)  # a wrong code is refused before anything changes
    new = read_new_passphrase(args, old=code)
    # Only the keyring is written again (atomically): every record stays as it is, and the same
    # recovery code keeps opening it.
    write_keyring(home, ring, new)
    Workspace.open(home, new).close()  # proves the new passphrase opens the store
    say("Recovered: the store opens with your new passphrase. Every record is kept; the recovery code still works.")
    return 0
