"""Writing files so that a crash or a pulled USB stick never leaves half a file under a real name,
on the folders inspectors really use: FAT and exFAT sticks, network shares, synced folders, and
Windows, where a file open in Word or being scanned cannot be replaced.

Each failure a person can do something about becomes one plain sentence naming the file or folder.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from fieldwork.errors import FieldworkError

# Replacing a file another program holds open: Windows refuses (sharing violation) until it lets
# go. Antivirus scans and sync clients let go within a second or two; Word does not.
REPLACE_TRIES = 8
REPLACE_PAUSE_S = 0.25

# chmod on FAT and exFAT (as Linux mounts them), many network folders, and some FUSE mounts:
# nothing there keeps mode bits, and nothing we write depends on them (the store's files are
# encrypted; bundles are encrypted; exports go where the user chose).
_NO_MODE_BITS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EROFS}
# A folder that refuses new files: permission, a read-only file system (a locked SD card, a
# read-only mount), or a path that is not a folder.
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOENT}


class FileInUse(FieldworkError):
    """The file is held open by another program (Windows), and stayed so through the retries."""


class FolderNotWritable(FieldworkError):
    """Nothing can be written in the folder."""


class DiskFull(FieldworkError):
    """The disk or stick has no room for the file."""


def not_writable(folder: Path, hint: str = "choose another folder") -> FolderNotWritable:
    return FolderNotWritable(f"Cannot write in {folder}: it is missing, read-only or not yours; {hint}.")


def best_effort_chmod(path: Path | str, mode: int) -> None:
    """Set permission bits where the file system keeps them; elsewhere carry on without."""
    if sys.platform == "win32":
        return  # os.chmod there only sets the read-only flag, which would block our own rewrite
    try:
        os.chmod(path, mode)
    except OSError as err:
        if err.errno not in _NO_MODE_BITS:
            raise


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable. Windows cannot open a folder to flush it, and NTFS and
    exFAT journal or flush the directory entry with the file there, so it is skipped on purpose."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network and FUSE file systems refuse fsync on a folder; the data is flushed
    finally:
        os.close(fd)


def _replace(tmp_name: str, path: Path) -> None:
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(tmp_name, path)
            return
        except PermissionError:
            # Only a file that is there can be held open; a folder that refuses is not retried.
            if not path.exists() or attempt == REPLACE_TRIES - 1:
                break
            time.sleep(REPLACE_PAUSE_S)
    if path.exists():
        raise FileInUse(f"{path.name} is open in another program; close it and try again.")
    raise not_writable(path.parent)


# atomic_write's temporary names: ".NAME.xxxxxxxx.part" (mkstemp's eight random characters).
PART_PREFIX = "."
PART_SUFFIX = ".part"
_PART = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.part")
# A temporary file this old was left by a write that died (a kill, a pulled stick, a power cut):
# no write of ours takes an hour, and a teammate's laptop may be writing its bundle to a shared
# folder right now, so younger ones are left alone.
STALE_PART_S = 60 * 60


def clean_stale_parts(folder: Path, older_than_s: float = STALE_PART_S) -> int:
    """Remove the temporary files of interrupted writes in `folder` (not below it); returns how
    many. Best effort: a file another program holds, or a folder that refuses, is left as it is."""
    removed = 0
    cutoff = time.time() - older_than_s
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not _PART.fullmatch(entry.name):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write to a temporary name in the same folder, flush to disk, then rename over `path`.

    The rename is atomic on every file system we meet (POSIX rename; Windows MoveFileEx with
    replace, on NTFS, exFAT and FAT alike), so a reader sees the old file or the new one. Where
    a file cannot be flushed (some network shares) the guarantee is only as good as the share."""
    path = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{PART_PREFIX}{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    except OSError as err:
        raise _plain(err, path.parent) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        best_effort_chmod(tmp_name, mode)
        _replace(tmp_name, path)
    except BaseException as err:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        if isinstance(err, OSError) and not isinstance(err, FieldworkError):
            raise _plain(err, path.parent) from None
        raise
    fsync_dir(path.parent)


def _plain(err: OSError, folder: Path) -> Exception:
    if err.errno in _NOT_WRITABLE or isinstance(err, PermissionError):
        return not_writable(folder)
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull(f"There is no room left in {folder}: free some space or choose another folder.")
    return err
