"""Opening a store with a passphrase already in hand, without the unlock screen's own modules.

Given at start (FIELDWORK_PASSPHRASE, --passphrase-file), the passphrase opens the store before
anything is drawn, and the prompt is only needed if it is refused: importing the unlock and
first-run screens (their forms, word lists and checks) before Home's first frame cost 40-60 ms of
a start measured at 400.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldwork.errors import FieldworkError

if TYPE_CHECKING:
    from store.workspace import Workspace


def open_workspace_parts(home: Path, passphrase: str) -> Any:
    """The keyring, unwrapped under the passphrase (the slow part; safe to run on a thread)."""
    from store.keyring import read_keyring

    return read_keyring(home, passphrase)


def workspace_from(home: Path, ring: Any) -> "Workspace":
    """Finish opening on the calling thread, as Workspace.open does after reading the keyring."""
    from store.log import DB_FILE, VersionLog
    from store.workspace import Workspace

    db = Path(home) / DB_FILE
    if not db.exists():
        raise FieldworkError(f"The store file {db} is missing: the keyring has no store beside it.")
    # Records are decrypted once Home is drawn (FieldworkApp._finish_opening), or on first use.
    return Workspace(Path(home), ring, VersionLog(db), defer_load=True)


async def open_in_background(home: Path, passphrase: str) -> "Workspace":
    ring = await asyncio.to_thread(open_workspace_parts, home, passphrase)
    return workspace_from(home, ring)


def unlock_failure(err: BaseException) -> str:
    """What a person is told when the store does not open: plain words, never a traceback."""
    if isinstance(err, FieldworkError):
        return str(err)
    return f"The inspection could not be opened ({type(err).__name__}). Nothing was changed."
