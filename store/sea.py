"""SEA entries: validated, checked and written; shaped for lists and JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fieldwork import records as rec
from fieldwork.checks import Flag
from fieldwork.records import SeaRules
from fieldwork import free_text
from fieldwork.sea_checks import after_cutoff, after_findings_meeting, check_sea, cutoff
from fieldwork.workdays import WorkingCalendar, is_late
from store import children
from store.record import Record
from store.team import resolve_inspector  # noqa: F401 - re-exported: screens and verbs look it up here
from store.workspace import Workspace


def calendar(ws: Workspace) -> WorkingCalendar:
    closures = [rec.parse_date(d) for d in ws.inspection.get("closures", [])]
    return WorkingCalendar(closures)


def notified(ws: Workspace) -> date:
    return rec.parse_date(ws.inspection["notified"])


def cutoff_of(ws: Workspace, cal: WorkingCalendar | None = None) -> datetime:
    """3.00pm on day 12 (para 9): the evidence cut-off and the findings meeting's start."""
    return cutoff(notified(ws), cal or calendar(ws))


def rules(ws: Workspace) -> SeaRules:
    framework = ws.framework
    return SeaRules(
        criteria={c.code: c.strand for c in framework.criteria},
        strands=[s.id for s in framework.strands],
        known_case_refs=children.by_case_ref(ws).keys(),
        case_ref_pattern=children.pattern(ws),
    )


def _normalise(ws: Workspace, fields: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in fields.items() if v is not None}
    if "criteria" in out:
        out["criteria"] = [ws.framework.resolve(str(c)).code for c in out["criteria"]]
    if "children" in out:
        out["children"] = [c.strip().upper() for c in out["children"]]
    if "agreed_by" in out:
        out["agreed_by"] = [resolve_inspector(ws, a) for a in out["agreed_by"]]
    return out


def add(ws: Workspace, fields: dict[str, Any], *, confirm_no_names: bool = False) -> tuple[Record, list[Flag]]:
    fields = _normalise(ws, fields)
    fields["recorded_at"] = datetime.now().isoformat(timespec="minutes")
    payload = rec.sea_payload(fields, rules(ws))
    flags = _checks(ws, payload)
    payload["confirmed_no_names"] = bool(free_text.guard("sea", payload, confirmed=confirm_no_names))
    version = ws.put("sea", payload)
    return ws.require(version.record, "sea"), [f for f in flags if f.kind != "name"]


def edit(ws: Workspace, entry_id: str, fields: dict[str, Any], *, confirm_no_names: bool = False) -> tuple[Record, list[Flag]]:
    current = ws.require(entry_id, "sea")
    fields = _normalise(ws, fields)
    fields.pop("recorded_at", None)  # when it was first recorded is history, not an editable field
    payload = rec.sea_payload(fields, rules(ws), base=current.payload)
    flags = _checks(ws, payload)
    text_changed = payload.get("text") != current.payload.get("text")
    already = bool(current.payload.get("confirmed_no_names")) and not text_changed
    # Texts the entry already held were checked (or confirmed) when written: only new ones are.
    flagged = free_text.guard("sea", payload, confirmed=confirm_no_names, before=current.payload)
    payload["confirmed_no_names"] = bool(flagged) or already
    if payload == current.payload:
        return current, [f for f in flags if f.kind != "name"]
    ws.put("sea", payload, record=current.id)
    return ws.require(current.id, "sea"), [f for f in flags if f.kind != "name"]


# The JTAI's own deadlines (para 78's two working days, day 12's cut-off); a partnership's audit has none.
_JTAI_ONLY = frozenset({"late", "after-cutoff"})


def _checks(ws: Workspace, payload: dict[str, Any]) -> list[Any]:
    flags = check_sea(payload, calendar=calendar(ws), notified=notified(ws))
    if ws.inspection.get("mode") == "audit":
        return [f for f in flags if f.kind not in _JTAI_ONLY]
    return flags


def entry_late(ws: Workspace, payload: dict[str, Any], cal: WorkingCalendar | None = None) -> bool:
    # Para 78's two working days are the JTAI's rule; a partnership's audit sets no such deadline.
    if ws.inspection.get("mode") == "audit" or not payload.get("evidence_at") or not payload.get("recorded_at"):
        return False
    return is_late(rec.when_date(payload["evidence_at"]), rec.when_date(payload["recorded_at"]), cal or calendar(ws))


def to_json(ws: Workspace, record: Record, cal: WorkingCalendar | None = None, cut: datetime | None = None) -> dict[str, Any]:
    p = record.payload
    cut = cut or cutoff_of(ws, cal)
    jtai = ws.inspection.get("mode") != "audit"
    return {
        "id": record.id,
        "criteria": p.get("criteria", []),
        "judgement": p.get("judgement"),
        "strand": p.get("strand"),
        "source_type": p.get("source_type"),
        "source_detail": p.get("source_detail", ""),
        "evidence_at": p.get("evidence_at"),
        "recorded_at": p.get("recorded_at"),
        "late": entry_late(ws, p, cal),
        # Day 12's findings meeting is the JTAI's; an audit has none.
        "after_evidence_cutoff": jtai and after_cutoff(p.get("evidence_at"), cut),
        "after_findings_meeting": jtai and after_findings_meeting(p.get("recorded_at"), cut),
        "children": p.get("children", []),
        "agencies": p.get("agencies", []),
        "agreed_by": [ws.inspector_name(i) or i for i in p.get("agreed_by", [])],
        "text": p.get("text", ""),
        "author": ws.inspector_name(record.author) or record.author,
        "author_id": record.author,
        "conflicted": record.conflicted,
        "updated": record.updated,
    }
