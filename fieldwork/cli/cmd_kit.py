"""`fieldwork kit`: the keep-in-touch summary for senior leaders (paras 35-37)."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import records as rec
from fieldwork.cli.common import command, group, say, workspace


def register(subparsers: Any) -> None:
    sub = group(subparsers, "kit", "keep-in-touch meetings: emerging findings and open concerns")
    p = command(sub, "export", "write the keep-in-touch summary as Word (.docx) or Markdown (.md)", run_export)
    p.add_argument("out", metavar="OUT", help="the file to write (replaced atomically): .docx for Word, .md for Markdown")
    p.add_argument("--format", choices=["docx", "md"], help="docx (Word) or md (Markdown); default: from OUT's extension")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="date the summary for this day")
    p = command(sub, "show", "print the keep-in-touch summary (Markdown) to the terminal", run_show)
    p.add_argument("--today", metavar="YYYY-MM-DD", help="date the summary for this day")


def _today(args: argparse.Namespace) -> Any:
    return rec.parse_date(args.today, "--today") if args.today else None


def run_export(args: argparse.Namespace) -> int:
    from store import findings

    with workspace(args) as ws:
        path = findings.export_kit(ws, args.out, today=_today(args), fmt=args.format)
    say(f"Wrote the keep-in-touch summary to {path}.")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from fieldwork.render import kit_md
    from store import findings

    with workspace(args) as ws:
        text = kit_md.render(findings.kit(ws, today=_today(args)))
    say(text.rstrip("\n"))
    return 0
