"""What an unexpected error may say: where in Fieldwork's code it happened, and nothing else.

People paste crash output into support tickets, so a crash report must be safe to share. It
names the exception's type and, for each frame, the code file, line and function. It never
holds an exception's message (a KeyError's message is the missing key, which may be a case
reference; a ValueError may quote a payload), a frame's local variables (one of them may be the
inspection key) or any argument: those are where secrets and case details live. Paths are cut
to the package they belong to, so a report does not carry the user's account name either.

Pure: the caller writes the text (store/crash_reports.py) and shows one line.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from types import TracebackType

# The folders a frame's file is shown relative to; anything else shows its file name alone.
_PACKAGES = ("fieldwork", "store", "sync", "screens", "textual", "rich", "sqlite3", "asyncio", "cryptography", "docx")
_MAX_CHAIN = 5


def _short_path(filename: str) -> str:
    parts = filename.replace("\\", "/").split("/")
    for n in range(len(parts) - 2, -1, -1):
        if parts[n] in _PACKAGES:
            return "/".join(parts[n:])
    return parts[-1]


def _frames(tb: TracebackType | None) -> list[str]:
    # lookup_lines=False and no locals: only where, never what.
    summary = traceback.StackSummary.extract(traceback.walk_tb(tb), lookup_lines=False, capture_locals=False)
    return [f"  {_short_path(f.filename)}:{f.lineno} in {f.name}" for f in summary]


def _chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < _MAX_CHAIN:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def error_name(error: BaseException) -> str:
    """The exception's type, with its module when it is not a built-in one."""
    kind = type(error)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def redacted_report(error: BaseException, *, where: str, when: datetime, version: str) -> str:
    """The report's text: `where` says what was running (the CLI verb, the screen shown)."""
    lines = [
        "Fieldwork crash report",
        "This report holds where the error happened in Fieldwork's code and nothing else: no",
        "message, no value, no record, no key or passphrase. It is safe to share with support.",
        "",
        f"when: {when.isoformat(timespec='seconds')}",
        f"where: {where}",
        f"fieldwork: {version}",
        f"python: {platform.python_version()} ({sys.platform})",
    ]
    for n, link in enumerate(reversed(_chain(error))):
        lines += ["", f"{'error' if n == 0 else 'then'}: {error_name(link)}", *_frames(link.__traceback__)]
    return "\n".join(lines) + "\n"
