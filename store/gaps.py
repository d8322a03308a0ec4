"""The gap analysis over an unlocked inspection, and the team's "sufficient evidence agreed" marks.

A mark is a record of kind "sufficiency", one per criterion, so it travels with sync like any other
record and its history shows who set or cleared it and when. Its record id is derived from the
inspection and the criterion code: two laptops marking ESN 07 offline write versions of the same
record (a visible conflict, resolved like any other) instead of two marks that silently disagree.
Clearing a mark writes a version with `sufficient: false` rather than a tombstone, so "set by AB,
cleared by CD" stays readable.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from fieldwork import gaps
from fieldwork import records as rec
from store.damaged import usable
from store.derived import per_state, per_version
from store.record import Record
from store.sea import calendar
from store.workspace import Change, Workspace

KIND = "sufficiency"


def mark_id(ws: Workspace, code: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork:{ws.inspection_id}:{KIND}:{code}"))


def entries(ws: Workspace) -> list[gaps.Entry]:
    # Gaps, Findings and the letter each read every entry: what an unchanged version gave is kept.
    return per_version(ws, "gaps.entry", usable(ws.records("sea")), _entry)


def _entry(record: Record) -> gaps.Entry:
    return gaps.Entry.from_payload(record.id, record.author, record.payload)


def entries_by_id(ws: Workspace) -> dict[str, gaps.Entry]:
    return {e.id: e for e in entries(ws)}


def marks(ws: Workspace) -> list[gaps.Mark]:
    return [
        gaps.Mark(
            code=str(r.payload.get("code", "")),
            sufficient=bool(r.payload.get("sufficient")),
            by=str(r.payload.get("by", "")),
            at=str(r.payload.get("at", "")),
        )
        for r in ws.records(KIND)
    ]


def set_sufficient(ws: Workspace, code: str, sufficient: bool = True) -> Record:
    """Mark (or clear) a criterion as having sufficient evidence; a no-op if it already is."""
    criterion = ws.framework.resolve(code)
    record_id = mark_id(ws, criterion.code)
    current = ws.get(record_id)
    if current is not None and not current.deleted and bool(current.payload.get("sufficient")) == sufficient:
        return current
    payload: dict[str, Any] = {
        **(current.payload if current is not None else {}),
        "code": criterion.code,
        "sufficient": sufficient,
        "by": ws.me_id,
        "at": datetime.now().isoformat(timespec="minutes"),
    }
    ws.write([Change(KIND, payload, record=record_id)])
    return ws.require(record_id, KIND)


def children(ws: Workspace) -> list[gaps.ChildFacts]:
    return [
        gaps.ChildFacts(
            case_ref=str(r.payload.get("case_ref", "")),
            stage=str(r.payload.get("stage", "")),
            agencies=tuple(str(a) for a in r.payload.get("agencies") or ()),
        )
        for r in usable(ws.records("child"))
    ]


def inspectors(ws: Workspace) -> list[gaps.InspectorFacts]:
    return [
        gaps.InspectorFacts(id=r.id, name=str(r.payload.get("name", "")), inspectorate=str(r.payload.get("inspectorate", "")))
        for r in ws.records("inspector")
    ]


def threshold(ws: Workspace, override: int | None = None) -> int:
    if override is not None:
        return override
    try:
        return int(ws.inspection.get("gap_threshold", gaps.DEFAULT_THRESHOLD))
    except (TypeError, ValueError):
        return gaps.DEFAULT_THRESHOLD


def report(ws: Workspace, *, threshold_override: int | None = None, today: date | None = None) -> gaps.GapReport:
    day = today or date.today()
    # Opening Gaps again with nothing new in the store reuses the last count (about 12 ms).
    return per_state(ws, "gaps.report", (threshold_override, day), lambda: _report(ws, threshold_override, day))


def _report(ws: Workspace, threshold_override: int | None, today: date) -> gaps.GapReport:
    return gaps.analyse(
        ws.framework,
        entries(ws),
        children(ws),
        inspectors=inspectors(ws),
        marks=marks(ws),
        threshold=threshold(ws, threshold_override),
        calendar=calendar(ws),
        notified=rec.parse_date(ws.inspection["notified"]),
        today=today,
    )
