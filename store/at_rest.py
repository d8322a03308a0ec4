"""At rest: only this account can read an inspection's folder and files (issue 12).

Every file Fieldwork writes is encrypted, but who may read them is still worth narrowing: a
shared laptop's other accounts need not see how many versions a store holds or copy it away to
guess at its passphrase. A umask at start makes every new folder 0700 and file 0600 (SQLite's
journal and WAL files included); a home made before that is tightened when a verb opens it.
File systems without mode bits (FAT, exFAT, many network folders) are left as they are.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PRIVATE_UMASK = 0o077
HOME_MARKERS = ("keyring.json", "store.db")  # KEYRING_FILE and DB_FILE, named here to keep start-up light


def private_by_default() -> None:
    if sys.platform != "win32":  # Windows keeps access lists, not mode bits
        os.umask(PRIVATE_UMASK)


def _tighten(path: str, mode: int) -> None:
    try:
        st = os.lstat(path)
        if not stat.S_ISLNK(st.st_mode) and stat.S_IMODE(st.st_mode) & ~mode:
            os.chmod(path, stat.S_IMODE(st.st_mode) & mode)
    except OSError:
        pass  # FAT, a file not ours, a file gone meanwhile: the verb itself says what matters


def tighten_home(home: Path) -> None:
    """Folders 0700 and files 0600 at most, in an existing inspection home; best effort."""
    if sys.platform == "win32" or not any((home / marker).exists() for marker in HOME_MARKERS):
        return  # not an inspection's folder: never change a folder Fieldwork did not make
    _tighten(str(home), 0o700)
    for folder, folders, files in os.walk(home):
        for name in folders:
            _tighten(os.path.join(folder, name), 0o700)
        for name in files:
            _tighten(os.path.join(folder, name), 0o600)
