"""`fieldwork gaps` and `fieldwork gaps sufficient`: the lead's daily review of thin evidence (para 79)."""

from __future__ import annotations

import argparse
from typing import Any

from fieldwork import records as rec
from fieldwork.cli.common import FieldworkParser, add_json, command, emit_json, say, workspace
from fieldwork.errors import ValidationError
from fieldwork.frameworks import UNOFFICIAL


def register(subparsers: Any) -> None:
    p = command(
        subparsers,
        "gaps",
        "evidence gaps: every criterion against judgement, triangulation, children x agencies, timeliness",
        run_report,
        description=(
            "Every criterion of the inspection's framework packs against judgement, with counts. A criterion "
            "is a gap when it has fewer entries than the threshold (the inspection's gap_threshold, default 2) "
            "and the team has not agreed its evidence is sufficient. Mark a criterion with "
            "'fieldwork gaps sufficient CODE' (para 33), clear the mark with '--unset'."
        ),
    )
    p.add_argument("--threshold", type=int, metavar="N", help="entries a criterion needs before it stops being a gap")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="count working days from this date instead of today")
    add_json(p)
    sub = p.add_subparsers(dest="gaps_verb", metavar="VERB", parser_class=FieldworkParser)
    s = command(
        sub,
        "sufficient",
        "mark a criterion as having sufficient evidence agreed by the team (para 33); --unset clears it",
        run_sufficient,
    )
    s.add_argument("code", metavar="CODE", help="a criterion: 7, 07 or 'ESN 07'")
    s.add_argument("--unset", action="store_true", help="clear the mark: the criterion counts as a gap again if thin")
    add_json(s)


def _today(args: argparse.Namespace) -> Any:
    return rec.parse_date(args.today, "--today") if getattr(args, "today", None) else None


def run_report(args: argparse.Namespace) -> int:
    from fieldwork import gaps
    from store import gaps as store_gaps

    if args.threshold is not None and args.threshold < 1:
        raise ValidationError("The threshold must be at least 1 entry.")
    with workspace(args) as ws:
        report = store_gaps.report(ws, threshold_override=args.threshold, today=_today(args))
    if args.json:
        emit_json(gaps.to_json(report))
        return 0
    _print(report)
    return 0


def _print(report: Any) -> None:
    say(
        f"{len(report.criteria)} criteria · threshold {report.threshold} entr{'y' if report.threshold == 1 else 'ies'} · "
        f"{len(report.gaps)} gap{'s' if len(report.gaps) != 1 else ''} · {len(report.single_source)} from one source type only"
    )
    say(f"{'code':<10} {'str':>4} {'dev':>4} {'con':>4} {'ctx':>4} {'all':>4}  sources")
    for r in report.criteria:
        mark = "GAP " if r.gap else ("ok* " if r.sufficient else "    ")
        one = " (one source type)" if r.single_source else ""
        say(
            f"{r.code:<10} {r.count('strength'):>4} {r.count('development'):>4} {r.count('concern'):>4} "
            f"{r.count('context'):>4} {r.total:>4}  {mark}{', '.join(r.sources) or '-'}{one}"
        )
    say("(* sufficient evidence agreed by the team)")
    unofficial = [r.code for r in report.criteria if r.status]
    if unofficial:
        say(f"{', '.join(unofficial)}: {UNOFFICIAL} (para 4: the deep-dive theme's published criteria are not among this project's sources)")
    thin = [c for c in report.children if c.agencies_missing]
    for c in thin:
        say(f"Tracked {c.case_ref}: no entry about {', '.join(c.agencies_missing)}")
    empty = [c.case_ref for c in report.children if c.no_entries]
    if empty:
        say(f"Tracked or sampled with no entry at all: {', '.join(empty)}")
    say(f"Late entries (para 78): {len(report.late)}")
    if report.days_to_meeting >= 0:
        say(f"Day {report.today_day}: {report.days_to_meeting} working day(s) to the findings meeting on {report.meeting_date.isoformat()}.")
    else:
        say(f"Day {report.today_day}: the findings meeting was on {report.meeting_date.isoformat()}.")
    for row in report.inspectors:
        say(f"  {row.name:<12} {rec.INSPECTORATES.get(row.inspectorate, row.inspectorate):<14} {len(row.entries):>4} entries, {len(row.late)} late")


def run_sufficient(args: argparse.Namespace) -> int:
    from store import gaps as store_gaps

    with workspace(args) as ws:
        record = store_gaps.set_sufficient(ws, args.code, not args.unset)
        code = record.payload["code"]
        label = ws.framework.label(code)
        code = ws.framework.shown(code)
    if args.json:
        emit_json({"code": code, "sufficient": not args.unset, "id": record.id})
        return 0
    if args.unset:
        say(f"{code} ({label}): the sufficient-evidence mark is cleared.")
    else:
        say(f"{code} ({label}): marked as having sufficient evidence; it is off the gap list.")
    return 0
