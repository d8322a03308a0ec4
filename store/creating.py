"""Making a new home all or nothing: `init`, `join` and `restore` are several writes (the store,
its first versions, the keyring under a slow KDF, the versions an invite brings), and a kill can
land between any two of them.

A marker file is written first and removed last. While it is there the home holds no inspection,
whatever else is in it, and the next `init` or `join` clears what the interrupted one left. So
every home is either absent (nothing, or an interrupted start) or whole.
"""

from __future__ import annotations

from pathlib import Path

from store.files import atomic_write, fsync_dir
from store.keyring import KEYRING_FILE
from store.log import DB_FILE

MARKER = ".creating"
# What an interrupted start can have left; nothing else in the folder is touched.
_MADE = (KEYRING_FILE, DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", f"{DB_FILE}-journal")


def marker(home: Path) -> Path:
    return Path(home) / MARKER


def interrupted(home: Path) -> bool:
    return marker(home).exists()


def begin(home: Path) -> None:
    """Before anything else of a new home is written (and durably so)."""
    home = Path(home)
    if interrupted(home):
        clear(home)
    atomic_write(marker(home), b"an inspection is being created here; if this stays, it was interrupted\n")


def finish(home: Path) -> None:
    """The last step of a new home: from now on it holds an inspection."""
    marker(home).unlink(missing_ok=True)
    fsync_dir(Path(home))


def abandon(home: Path, *, existed: bool) -> None:
    """A refused or failed start: remove what it wrote, and the folder too if it made it."""
    import shutil

    home = Path(home)
    clear(home)
    if not existed and home.exists():
        shutil.rmtree(home, ignore_errors=True)


def clear(home: Path) -> None:
    """Remove what an interrupted (or refused) start wrote, then the marker itself."""
    home = Path(home)
    for name in _MADE:
        (home / name).unlink(missing_ok=True)
    marker(home).unlink(missing_ok=True)
    fsync_dir(home)
