"""A store file SQLite cannot read back (a flipped sector, a half-copied folder, another program's
file under its name) is named as damaged, in one line, never as a crash or a wrong passphrase."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fieldwork.errors import FieldworkError

# What SQLite says of a file that is not, or no longer, a whole database (SQLITE_NOTADB, SQLITE_CORRUPT).
_SIGNS = ("file is not a database", "malformed", "database corrupt")


class DamagedStore(FieldworkError):
    """The store's database file cannot be read: its records are not reachable from this copy."""


def is_damage(err: BaseException) -> bool:
    return isinstance(err, sqlite3.DatabaseError) and any(sign in str(err).lower() for sign in _SIGNS)


def damaged(home: Path) -> DamagedStore:
    return DamagedStore(
        f"The inspection's store in {home} is damaged and cannot be read (the passphrase was right). "
        "Keep the folder as it is; the team's synced work is in the shared folder: ask the lead for a new invite and join in a new --home."
    )
