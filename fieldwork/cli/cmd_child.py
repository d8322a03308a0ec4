"""`fieldwork child add|edit|import|list`: children by case reference only."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from fieldwork import records as rec
from fieldwork.cli import voice_verbs
from fieldwork.cli.common import add_confirm_no_names, add_json, command, emit_json, group, say, workspace
from fieldwork.errors import FieldworkError
from store.damaged import usable


def _attributes(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stage", choices=list(rec.STAGES), help="stage in selection")
    p.add_argument("--age-band", choices=rec.AGE_BANDS)
    p.add_argument("--gender", choices=rec.GENDERS)
    p.add_argument("--disability", choices=rec.DISABILITY)
    p.add_argument("--ethnicity", choices=rec.ETHNICITIES)
    p.add_argument("--involvement", choices=rec.INVOLVEMENT, help="stage of involvement with services")
    p.add_argument("--probation", choices=["yes", "no"], help="National Probation Service / CRC involvement")
    p.add_argument("--consent", choices=rec.CONSENT, help="consent to speak with the child or family")
    p.add_argument("--allocate", metavar="INSPECTOR", help="allocated inspector (display name or id)")
    p.add_argument("--agency", action="append", metavar="AGENCY", help="an agency involved (repeatable)")
    add_confirm_no_names(p)


def register(subparsers: Any) -> None:
    sub = group(subparsers, "child", "children: add, edit, import and list (case references only)")
    p = command(sub, "add", "add a child by case reference", run_add)
    p.add_argument("case_ref", metavar="CASE_REF")
    _attributes(p)
    p = command(sub, "edit", "change a child's stage or attributes", run_edit)
    p.add_argument("case_ref", metavar="CASE_REF")
    p.add_argument("--case-ref", dest="new_case_ref", metavar="NEW", help="correct the case reference")
    _attributes(p)
    p = command(sub, "import", "import children from a CSV file (all rows or none)", run_import)
    p.add_argument("file", metavar="FILE.csv")
    add_confirm_no_names(p)
    p = command(sub, "list", "list the children", run_list)
    p.add_argument("--stage", choices=list(rec.STAGES))
    add_json(p)
    voice_verbs.register(sub)


def _fields(ws: Any, args: argparse.Namespace) -> dict[str, Any]:
    from store.team import resolve_inspector

    fields: dict[str, Any] = {
        "stage": args.stage,
        "age_band": args.age_band,
        "gender": args.gender,
        "disability": args.disability,
        "ethnicity": args.ethnicity,
        "involvement": args.involvement,
        "probation": args.probation,
        "consent": args.consent,
        "agencies": args.agency,
    }
    if args.allocate:
        fields["allocated"] = resolve_inspector(ws, args.allocate)
    return {k: v for k, v in fields.items() if v is not None}


def run_add(args: argparse.Namespace) -> int:
    from store import children

    with workspace(args) as ws:
        record = children.add(ws, {"case_ref": args.case_ref, **_fields(ws, args)}, confirm_no_names=args.confirm_no_names)
        # A partnership audits case files: the JTAI's tracking and sampling stages mean nothing there.
        audit = ws.inspection.get("mode") == "audit"
        say(f"Added {record.payload['case_ref']}" + ("." if audit else f" ({rec.STAGES[record.payload['stage']]})."))
        say(record.id)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    from store import children

    with workspace(args) as ws:
        fields = _fields(ws, args)
        if args.new_case_ref:
            fields["case_ref"] = args.new_case_ref
        record = children.edit(ws, args.case_ref, fields, confirm_no_names=args.confirm_no_names)
        say(f"Updated {record.payload['case_ref']} ({rec.STAGES[record.payload['stage']]}).")
        say(record.id)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from store import children

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FieldworkError(f"No file {path}.") from None
    except UnicodeDecodeError:
        raise FieldworkError(f"{path} is not UTF-8 text: save it as CSV (UTF-8). Nothing was imported.") from None
    except OSError as err:
        raise FieldworkError(f"Cannot read {path}: {err.strerror}.") from None
    with workspace(args) as ws:
        count = children.import_csv(ws, text, confirm_no_names=args.confirm_no_names)
    say(f"Imported {count} child{'ren' if count != 1 else ''} from {path.name}.")
    return 0


def child_json(ws: Any, record: Any) -> dict[str, Any]:
    p = record.payload
    return {
        "id": record.id,
        "case_ref": p["case_ref"],
        "stage": p.get("stage"),
        "age_band": p.get("age_band"),
        "gender": p.get("gender"),
        "disability": p.get("disability"),
        "ethnicity": p.get("ethnicity"),
        "involvement": p.get("involvement"),
        "probation": p.get("probation", False),
        "consent": p.get("consent"),
        "allocated": ws.inspector_name(p.get("allocated", "")) if p.get("allocated") else "",
        "agencies": p.get("agencies", []),
        "conflicted": record.conflicted,
    }


def run_list(args: argparse.Namespace) -> int:
    with workspace(args) as ws:
        rows = [child_json(ws, r) for r in usable(ws.records("child")) if not args.stage or r.payload.get("stage") == args.stage]
    rows.sort(key=lambda r: r["case_ref"])
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        say(f"{r['case_ref']:<12} {rec.STAGES.get(r['stage'], r['stage']):<15} {r['age_band'] or '-':<6} {r['gender']:<12} consent {r['consent']:<12} {r['allocated']}")
    say(f"{len(rows)} child{'ren' if len(rows) != 1 else ''}.")
    return 0
