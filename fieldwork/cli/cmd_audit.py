"""`fieldwork case grade|domain|list` and `fieldwork audit summary|export`: a partnership's
multi-agency case audit (JTAI para 2), in the audit's own words (its framework's vocabulary)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, workspace


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Any]:
    """The unlocked workspace for one verb, closed (keys dropped) however the verb ends."""
    with workspace(args) as ws:
        yield ws


def _shipped_grades() -> list[str]:
    # argparse needs its choices before any inspection is open, so offer every shipped scale's ids
    # (best first); the store then checks the grade against this audit's own scale.
    from fieldwork import partnership
    from fieldwork.frameworks import shipped_pack_ids, shipped_packs

    seen: list[str] = []
    scales = [p.grading for p in shipped_packs()]
    for setup in filter(None, (partnership.load(i) for i in shipped_pack_ids())):
        scales += [s.grades for s in setup.scales]
    for grades in scales:
        seen += [g.id for g in grades if g.id not in seen]
    return seen


def register(subparsers: Any) -> None:
    sub = group(subparsers, "case", "audited cases: grade them and record each domain's findings")
    p = command(sub, "grade", "grade a case on the audit's grading scale", run_grade)
    p.add_argument("case_ref", metavar="CASE_REF")
    p.add_argument("--grade", required=True, choices=_shipped_grades())
    p = command(sub, "domain", "record a domain's good practice, development and recommendation for a case",
                run_domain)
    p.add_argument("case_ref", metavar="CASE_REF")
    p.add_argument("--domain", required=True, metavar="STRAND", help="a strand of the audit's framework")
    p.add_argument("--good-practice", metavar="TEXT", help="good practice seen ('' clears it)")
    p.add_argument("--development", metavar="TEXT", help="areas for development ('' clears it)")
    p.add_argument("--recommendation", metavar="TEXT", help="recommendations ('' clears it)")
    add_confirm_no_names(p)
    p = command(sub, "list", "the cases with their grades and domain notes", run_list)
    add_json(p)

    sub = group(subparsers, "audit", "the audit as a whole: summary and report")
    p = command(sub, "summary", "grade distribution and what each domain holds", run_summary)
    add_json(p)
    p = command(sub, "export", "write the audit report (scope, grades, domains, criteria, cases)", run_export)
    p.add_argument("out", metavar="OUT", help="the file to write")
    p.add_argument("--format", choices=["docx", "md"], help="default: from OUT's extension")


def run_grade(args: argparse.Namespace) -> int:
    from store import audit

    with opened(args) as ws:
        item = audit.set_grade(ws, args.case_ref, args.grade)
        label = next(g.label for g in audit.grading(ws) if g.id == item.grade)
        say(f"Graded {ws.framework.vocabulary['child']} {item.case_ref}: {label}.")
    return 0


def run_domain(args: argparse.Namespace) -> int:
    from fieldwork.audit import clean_strand
    from store import audit

    fields = {"good_practice": args.good_practice, "development": args.development,
              "recommendation": args.recommendation}
    with opened(args) as ws:
        item = audit.set_domain(ws, args.case_ref, args.domain, fields, confirm_no_names=args.confirm_no_names)
        strand = clean_strand(args.domain, ws.framework.strands)
        say(f"Recorded {strand.label} for {ws.framework.vocabulary['child']} {item.case_ref}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from store import audit

    with opened(args) as ws:
        rows = [audit.case_json(ws, c) for c in audit.cases(ws)]
        words = ws.framework.vocabulary
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        flag = " CONFLICT" if r["conflicted"] else ""
        say(f"{r['case_ref']:<14} {r['grade_label'] or 'not graded':<22} {len(r['domains'])} domain(s) "
            f"{r['entries']} {words['entries'] if r['entries'] != 1 else words['entry']}{flag}")
    say(f"{len(rows)} {words['children'] if len(rows) != 1 else words['child']}.")
    return 0


def summary_json(ws: Any) -> dict[str, Any]:
    from datetime import date

    from store import audit

    view = audit.report(ws, date.today())
    return {
        "distribution": [{"grade": d.grade or None, "label": d.label, "cases": d.count} for d in view.distribution],
        "domains": [{"strand": t.strand, "label": t.label,
                     **{key: [{"case_ref": ref, "text": text} for ref, text in items]
                        for key, items in t.notes.items()}}
                    for t in view.themes],
        "criteria": [{"code": c.code, "entries": c.total, "by_judgement": c.by_judgement} for c in view.criteria],
    }


def run_summary(args: argparse.Namespace) -> int:
    from fieldwork.audit import NOTE_FIELDS, NOTE_LABELS

    with opened(args) as ws:
        data = summary_json(ws)
        words = ws.framework.vocabulary
    if args.json:
        emit_json(data)
        return 0
    say("Grades: " + " · ".join(f"{d['label']} {d['cases']}" for d in data["distribution"]))
    for t in data["domains"]:
        counts = " · ".join(f"{NOTE_LABELS[k].lower()} {len(t[k])}" for k in NOTE_FIELDS)
        say(f"{t['label']}: {counts}")
    thin = [c["code"] for c in data["criteria"] if c["entries"] == 0]
    if thin:
        say(f"Criteria with no {words['entries']}: {', '.join(thin)}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from store import audit

    with opened(args) as ws:
        path = audit.export(ws, Path(args.out), args.format)
        noun = ws.framework.vocabulary["inspection"]
    say(f"Wrote the {noun} report to {path}.")
    say(str(path))
    return 0
