"""The `fieldwork` command: the composition root that wires the domain, the store, sync and the app.

Each verb group lives in its own `cmd_*.py` module with a `register(subparsers)` function;
modules are found by name, so adding a verb never means editing a shared list.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from typing import Sequence

from fieldwork.cli.common import EXIT_INTERNAL, FieldworkParser, add_globals, fail, plain_failure, tolerant_output
from fieldwork.cli.process import prepare
from fieldwork.errors import FieldworkError


# Opening the app is the one verb whose start-up time a person feels: it imports only its own
# module rather than every verb's (which pull in the calendar, the checks, python-docx...).
FAST_VERBS: dict[str, str] = {"open": "cmd_app", "demo": "cmd_app"}
_VALUE_OPTIONS = {"--home", "--passphrase-file"}


def _verb(argv: Sequence[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in _VALUE_OPTIONS:
            skip = True
            continue
        if token.startswith("-"):
            if token in ("-h", "--help"):
                return None
            continue
        return token
    return None


def build_parser(argv: Sequence[str] | None = None) -> FieldworkParser:
    parser = FieldworkParser(
        prog="fieldwork",
        description=(
            "Fieldwork: offline, encrypted evidence recording for joint targeted area inspections. "
            "Children are known by case reference only; staff by job title."
        ),
        epilog=(
            "The passphrase comes from FIELDWORK_PASSPHRASE, --passphrase-file, or a hidden prompt. "
            "The inspection lives in --home (or FIELDWORK_HOME; default: your user data folder). "
            "Run 'fieldwork VERB --help' for each verb."
        ),
    )
    add_globals(parser, top_level=True)
    subparsers = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=FieldworkParser)
    verb = _verb(argv) if argv is not None else None
    if verb in FAST_VERBS and not any(t in ("-h", "--help") for t in argv or ()):
        names = [FAST_VERBS[verb]]
    else:
        package = importlib.import_module("fieldwork.cli")
        names = sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.name.startswith("cmd_"))
    for name in names:
        importlib.import_module(f"fieldwork.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    tolerant_output()
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        prepare(args)
        result = args.func(args)
        return int(result or 0)
    except FieldworkError as err:
        return fail(str(err), err.exit_code)
    except KeyboardInterrupt:
        return fail("Stopped. Nothing half-written was kept.", 130)
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 - the last line of defence: no traceback reaches a user
        if os.environ.get("FIELDWORK_DEBUG"):
            raise
        plain = plain_failure(err, args)  # an unwritable or full folder: what to do, not a crash
        if plain:
            return fail(plain)
        # Never the message or the traceback: either can quote a payload or a key (issue 12).
        from store.crash_reports import crash_line, write_report

        verbs = [args.verb, *(v for k, v in vars(args).items() if k.endswith("_verb"))]  # parser's own names
        where = " ".join(["fieldwork", *(str(v) for v in verbs if v)])
        return fail(crash_line(err, write_report(err, where=where)), EXIT_INTERNAL)


def entry() -> None:
    sys.exit(main())
