"""Writing a redacted crash report (fieldwork/crash_report.py) under the user's log folder.

The folder is the platform's own place for logs (platformdirs), never the inspection's home, so
a report is never synced or copied with the store. Only the newest reports are kept.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from fieldwork.crash_report import redacted_report

KEEP = 20


def log_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir("fieldwork", appauthor=False))


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("fieldwork")
    except Exception:  # noqa: BLE001 - a report must be written even from a source checkout
        return "unknown"


def write_report(error: BaseException, *, where: str, folder: Path | None = None) -> Path | None:
    """Write the report; its path, or None when no report could be written (a full disk, a
    read-only home): the crash must still end with its one plain line, so this never raises."""
    try:
        when = datetime.now().astimezone()
        text = redacted_report(error, where=where, when=when, version=_version())
        folder = folder or log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"crash-{when:%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        _prune(folder)
        return path
    except Exception:  # noqa: BLE001 - see above
        return None


def _prune(folder: Path) -> None:
    reports = sorted(folder.glob("crash-*.txt"))
    for old in reports[:-KEEP]:
        old.unlink(missing_ok=True)


def crash_line(error: BaseException, report: Path | None) -> str:
    """The one line a person sees: what kind of problem, and where the report is."""
    where = f"A report without any of your data is in {report}." if report else "No report could be written."
    return (
        f"Fieldwork hit an unexpected internal problem ({type(error).__name__}). "
        f"Any action it had not reported as done was not saved. {where}"
    )
