"""`fieldwork open` (the app on --home) and `fieldwork demo` (a ready made-up inspection to try)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from fieldwork.cli.common import command, home_dir, info, say
from fieldwork.errors import FieldworkError


def register(subparsers: Any) -> None:
    p = command(subparsers, "open", "open the app on the inspection in --home (or create or join one there)", run_open)
    _lock_after(p)

    p = command(
        subparsers,
        "demo",
        "open a demo inspection with made-up data (created on first use)",
        run_demo,
        description=(
            "Open a demo inspection with made-up children, a team of twelve and a few hundred SEA entries, "
            "to try Fieldwork without real data. Its passphrase is shown on the unlock screen. "
            "The demo lives in a 'demo' folder under your user data folder unless --home says otherwise."
        ),
    )
    p.add_argument("--no-open", action="store_true", help="create the demo (if absent) and print its status instead of opening the app")
    p.add_argument("--seed", type=int, default=1, help="the demo's random seed (default 1)")
    p.add_argument("--audit", action="store_true",
                   help="a partnership's year of quality assurance instead (in a 'demo-audit' folder)")
    _lock_after(p)


def _lock_after(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lock-after",
        type=float,
        metavar="MINUTES",
        help="lock after this many idle minutes (default 10; 0 never), for this run; with --save, remembered on this laptop",
    )
    p.add_argument("--save", action="store_true", help="remember --lock-after on this laptop for later starts")


def _check_lock_after(args: argparse.Namespace) -> float | None:
    value = getattr(args, "lock_after", None)
    if value is not None and value < 0:
        raise FieldworkError("--lock-after takes a number of minutes, 0 or more.")
    return value


def _start_passphrase(args: argparse.Namespace) -> str | None:
    """FIELDWORK_PASSPHRASE or --passphrase-file unlock at start; otherwise the app asks."""
    env = os.environ.get("FIELDWORK_PASSPHRASE")
    if env:
        return env
    path = getattr(args, "passphrase_file", None)
    if path:
        from fieldwork.cli.common import read_passphrase

        return read_passphrase(args)
    return None


def has_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _require_terminal(verb: str) -> None:
    # Without a terminal the app cannot draw or read keys, and would wait for ever (a script, a
    # pipe, a scheduled task): refuse before anything starts.
    if not has_terminal():
        raise FieldworkError(
            f"'fieldwork {verb}' opens the app, which needs a terminal: run it in one, or use the "
            "command-line verbs in scripts (fieldwork --help)."
            + (" 'fieldwork demo --no-open' creates the demo without the app." if verb == "demo" else "")
        )


def _run_app(home: Path, args: argparse.Namespace, passphrase: str | None) -> int:
    from screens.app import FieldworkApp

    app = FieldworkApp(home, passphrase=passphrase, lock_after=_check_lock_after(args),
                       remember_lock_after=bool(getattr(args, "save", False)))
    app.run()
    return app.return_code or 0  # non-zero after a crash (screens/crash_guard.py)


def run_open(args: argparse.Namespace) -> int:
    _check_lock_after(args)
    _require_terminal("open")
    return _run_app(home_dir(args), args, _start_passphrase(args))


def demo_home(args: argparse.Namespace) -> Path:
    # Never FIELDWORK_HOME: that names the real inspection, and the demo must not land beside it.
    given = getattr(args, "home", None)
    if given:
        return Path(given).expanduser()
    import platformdirs

    folder = "demo-audit" if getattr(args, "audit", False) else "demo"
    return Path(platformdirs.user_data_dir("fieldwork", appauthor=False)) / folder


def run_demo(args: argparse.Namespace) -> int:
    from store.demo import DEMO_PASSPHRASE, build_demo, is_demo
    from store.workspace import Workspace

    _check_lock_after(args)
    if not args.no_open:
        _require_terminal("demo")
    home = demo_home(args)
    ws = None
    if Workspace.exists(home):
        if not is_demo(home):
            raise FieldworkError(f"{home} holds an inspection that is not the demo: choose another --home.")
    else:
        info(f"Creating the demo inspection in {home} (made-up data)…")
        if args.audit:
            from store.audit_demo import build_audit_demo

            ws = build_audit_demo(home, DEMO_PASSPHRASE, seed=args.seed)
        else:
            ws = build_demo(home, DEMO_PASSPHRASE, seed=args.seed)
    if not args.no_open:
        if ws is not None:
            ws.close()
        # Like `open`: FIELDWORK_PASSPHRASE (or --passphrase-file) unlocks at start; otherwise
        # the unlock screen shows the demo's passphrase.
        return _run_app(home, args, _start_passphrase(args))
    if ws is None:
        ws = Workspace.open(home, DEMO_PASSPHRASE)
    try:
        inspection = ws.inspection
        counts = ws.counts()
        say(f"Demo {ws.framework.vocabulary['inspection']} in {home} (made-up data). Passphrase: {DEMO_PASSPHRASE}")
        if inspection.get("mode") == "audit":  # a partnership's year: no notification, no SEA team
            say(f"{inspection['area']} — {inspection['theme']}")
            say(f"Auditors {len(ws.records('inspector'))} · cases {counts['children']} · activities "
                f"{len(ws.records('activity'))} · actions {len(ws.records('action'))}")
            return 0
        say(f"{inspection['area']} — {inspection['theme']}; notified {inspection['notified']}")
        say(f"Team {len(ws.records('inspector'))} · children {counts['children']} · SEA entries {counts['sea']} · concerns {counts['concerns']} · findings {counts['findings']}")
        say(f"Conflicts to resolve: {ws.conflict_count()}")
        say(f"State digest: {ws.state_digest()}")
    finally:
        ws.close()
    return 0
