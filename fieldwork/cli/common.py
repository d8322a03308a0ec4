"""What every verb shares: global options, finding the home, reading the passphrase, output.

Conventions every `cmd_*.py` follows:
- register parsers with `command(subparsers, ...)` or `group(subparsers, ...)` so that the
  global options (--home, --passphrase-file) work after the verb as well as before it;
- verbs that report take `--json` (`add_json(parser)`) and print with `emit_json`;
- a verb that creates a record prints its id alone on the last line of stdout;
- warnings and progress go to stderr; refusals raise FieldworkError (one plain sentence).
"""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn

from fieldwork.errors import FieldworkError
from fieldwork.safe_text import json_shown, shown

EXIT_INTERNAL = 70


class FieldworkParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One plain line, not argparse's usage dump: scripts and people both read the last line.
        sys.stderr.write(f"{self.prog}: {message}. See '{self.prog} --help'.\n")
        raise SystemExit(2)


def add_globals(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    # Sub-parsers use SUPPRESS so a value given before the verb is not reset by the default.
    default: Any = None if top_level else argparse.SUPPRESS
    parser.add_argument("--home", metavar="DIR", default=default, help="the inspection's folder (or FIELDWORK_HOME)")
    parser.add_argument(
        "--passphrase-file", metavar="FILE", default=default, help="read the passphrase from the first line of FILE"
    )


def command(
    subparsers: Any, name: str, help: str, func: Callable[[argparse.Namespace], int | None], **kwargs: Any
) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help, description=kwargs.pop("description", help), **kwargs)
    add_globals(parser)
    parser.set_defaults(func=func)
    return parser


def group(subparsers: Any, name: str, help: str) -> Any:
    parser = subparsers.add_parser(name, help=help, description=help)
    add_globals(parser)
    parser.set_defaults(func=lambda args: parser.print_help())
    return parser.add_subparsers(dest=f"{name}_verb", metavar="VERB", parser_class=FieldworkParser)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def add_confirm_no_names(parser: argparse.ArgumentParser) -> None:
    """The one way the CLI confirms words the name check flagged are not names (para 80): given
    on purpose, per command, and named in every refusal (fieldwork.free_text)."""
    parser.add_argument("--confirm-no-names", action="store_true", help="the words flagged as possible names are not names")


def home_dir(args: argparse.Namespace) -> Path:
    given = getattr(args, "home", None) or os.environ.get("FIELDWORK_HOME")
    if given:
        return Path(given).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("fieldwork", appauthor=False))


def read_passphrase(args: argparse.Namespace, *, new: bool = False, prompt: str = "Passphrase: ") -> str:
    """The passphrase from FIELDWORK_PASSPHRASE, --passphrase-file or a hidden prompt. `new`: one
    being chosen (init, join), held to the strength rule whichever way it came (issue 12)."""
    env = os.environ.get("FIELDWORK_PASSPHRASE")
    path = getattr(args, "passphrase_file", None)
    if env:
        chosen = env
    elif path:
        chosen = passphrase_from_file(path)
    else:
        chosen = prompt_passphrase(prompt, new=new)
    if new:
        from fieldwork.passphrases import check_passphrase

        check_passphrase(chosen)
    return chosen


def passphrase_from_file(path: str) -> str:
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as err:
        raise FieldworkError(f"Cannot read the passphrase file {path}: {err.strerror}.") from None
    first = text.splitlines()[0] if text else ""
    if not first:
        raise FieldworkError(f"The passphrase file {path} is empty.")
    return first


def prompt_passphrase(prompt: str, *, new: bool, hint: str = "set FIELDWORK_PASSPHRASE, use --passphrase-file") -> str:
    if not sys.stdin.isatty():
        raise FieldworkError(f"No passphrase: {hint}, or run in a terminal.")
    first = getpass.getpass(prompt)
    if not first:
        raise FieldworkError("The passphrase is empty.")
    if new:
        from fieldwork.passphrases import check_passphrase

        check_passphrase(first)  # before asking again: a refused one need not be typed twice
        if getpass.getpass("Again, to be sure: ") != first:
            raise FieldworkError("The two passphrases differ. Nothing was changed.")
    return first


def open_workspace(args: argparse.Namespace) -> Any:
    """The unlocked inspection in --home (a store.workspace.Workspace)."""
    from store.workspace import Workspace

    home = home_dir(args)
    from store.keyring import keyring_path

    if not keyring_path(home).exists():
        from fieldwork.errors import NoInspection

        raise NoInspection(f"There is no inspection in {home} yet: run 'fieldwork init' or 'fieldwork join'.")
    return Workspace.open(home, read_passphrase(args))


@contextmanager
def workspace(args: argparse.Namespace) -> Iterator[Any]:
    """`with workspace(args) as ws:` — the unlocked inspection, closed (keys dropped) afterwards."""
    ws = open_workspace(args)
    try:
        yield ws
    finally:
        ws.close()


def emit_json(obj: Any) -> None:
    sys.stdout.write(json_shown(json.dumps(obj, indent=2, ensure_ascii=False, default=str)) + "\n")


def say(message: str) -> None:
    # Every line the CLI prints passes here: stored text is shown, never obeyed (safe_text).
    sys.stdout.write(shown(message) + "\n")


def warn(message: str) -> None:
    sys.stderr.write(f"warning: {shown(message)}\n")


def info(message: str) -> None:
    sys.stderr.write(shown(message) + "\n")


def fail(message: str, code: int = 1) -> int:
    sys.stderr.write(f"fieldwork: {shown(message)}\n")
    return code


def tolerant_output() -> None:
    """Print whatever the terminal's encoding can show and replace the rest, never fail: a Windows
    console in cp1252, LANG=C, or output piped to a file in ASCII cannot hold an em dash or "✓"."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # a closed or detached stream: nothing to print to anyway
            pass


# A folder that refuses writes (permissions, a read-only mount or stick, a file where a folder
# should be) or that is full: a person can act on these, so they get a line, not a crash report.
_REFUSED = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR}
_FULL = {errno.ENOSPC, errno.EDQUOT}
_SQLITE_REFUSED = ("readonly", "read-only", "unable to open", "disk i/o error")


def plain_failure(err: BaseException, args: argparse.Namespace) -> str | None:
    """The one line for a failure of the place Fieldwork writes to, or None for anything else."""
    import sqlite3

    where = Path(getattr(err, "filename", None) or home_dir(args))
    folder = where if where.is_dir() or not where.suffix else where.parent
    if isinstance(err, OSError) and err.errno in _REFUSED:
        return (f"Cannot write in {folder}: it is read-only, not yours, or not a folder. "
                "Choose another folder (--home DIR for the inspection's own).")
    if isinstance(err, OSError) and err.errno in _FULL:
        return f"There is no room left in {folder}: free some space or choose another folder."
    if isinstance(err, sqlite3.OperationalError) and any(s in str(err).lower() for s in _SQLITE_REFUSED):
        home = home_dir(args)
        return (f"Cannot write to the inspection in {home}: the folder is read-only or not yours. "
                "Copy it somewhere writable, or give another --home.")
    if isinstance(err, sqlite3.OperationalError) and "full" in str(err).lower():
        return f"There is no room left for the inspection in {home_dir(args)}: free some space."
    from store.damage import damaged, is_damage

    if is_damage(err):  # found after opening, in the middle of a verb
        return str(damaged(home_dir(args)))
    return None
