"""Secrets being chosen: a new passphrase for a store (`fieldwork passphrase`, recovery) and
the code a new invite is sealed under (`fieldwork invite`).

A new passphrase never comes from where the old one came from: with FIELDWORK_PASSPHRASE set,
the old code read that variable for both and "changed" the passphrase to itself (issue 12). It
comes from --new-passphrase-file (a different file from --passphrase-file) or a hidden prompt
typed twice, is held to the strength rule, and must differ from the old one. An invite code is
made by Fieldwork and shown once (fieldwork/passphrases.py).
"""

from __future__ import annotations

import argparse
import os
import unicodedata
from pathlib import Path

from fieldwork.cli.common import passphrase_from_file, prompt_passphrase
from fieldwork.errors import FieldworkError
from fieldwork.passphrases import check_invite_code, check_passphrase, new_invite_code


def add_new_passphrase_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="read the new passphrase from the first line of FILE (otherwise a hidden prompt asks twice)",
    )


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False


def read_new_passphrase(args: argparse.Namespace, *, old: str) -> str:
    path = getattr(args, "new_passphrase_file", None)
    old_path = getattr(args, "passphrase_file", None)
    if path:
        if old_path and _same_file(path, old_path):
            raise FieldworkError("The new passphrase must come from another file than the old one. Nothing was changed.")
        new = passphrase_from_file(path)
    else:
        new = prompt_passphrase("New passphrase: ", new=True, hint="use --new-passphrase-file FILE (never FIELDWORK_PASSPHRASE, which holds the old one)")
    check_passphrase(new)
    if unicodedata.normalize("NFC", new) == unicodedata.normalize("NFC", old):
        raise FieldworkError("The new passphrase is the same as the old one. Nothing was changed.")
    return new


def invite_code() -> tuple[str, bool]:
    """(the code to seal a new invite under, whether Fieldwork made it and must show it once).
    FIELDWORK_INVITE_PASSPHRASE is honoured when it is as strong as a made code."""
    given = os.environ.get("FIELDWORK_INVITE_PASSPHRASE")
    if given:
        return check_invite_code(given), False
    return new_invite_code(), True
