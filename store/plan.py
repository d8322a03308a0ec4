"""The on-site plan in the store: add an activity, move it (with a reason), read the plan and its
para 25 warnings, and export the timetable.

Every activity is a record of kind "plan-activity", so the plan syncs to every laptop and a move
is a new version: `fieldwork history ID` shows every earlier day, time and place, and why it moved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from fieldwork import plan
from fieldwork import timetable
from fieldwork.errors import ValidationError
from store import children
from store.blocks_export import write_blocks
from store.record import Record
from store.team import resolve_inspector
from store.workspace import Workspace

KIND = plan.KIND

# What a move may change; anything else about an activity is set when it is added.
MOVABLE: tuple[str, ...] = ("day", "start", "end", "place", "inspectors")


def rules(ws: Workspace) -> plan.PlanRules:
    return plan.PlanRules(
        team=frozenset(r.id for r in ws.records("inspector")),
        known_case_refs=frozenset(children.by_case_ref(ws)),
        case_ref_pattern=children.pattern(ws),
    )


def names(ws: Workspace) -> dict[str, str]:
    """Inspector id -> initials."""
    return {r.id: str(r.payload.get("name", "")) for r in ws.records("inspector")}


def _resolve(ws: Workspace, fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if out.get("inspectors") is not None:
        out["inspectors"] = [resolve_inspector(ws, who) for who in out["inspectors"]]
    return out


def add(ws: Workspace, fields: Mapping[str, Any], *, confirm_no_names: bool = False) -> Record:
    """`fields` as fieldwork.plan.activity_payload takes them, inspectors by initials or id."""
    payload = plan.activity_payload(_resolve(ws, fields), rules(ws), confirm_no_names=confirm_no_names)
    version = ws.put(KIND, payload)
    return ws.require(version.record, KIND)


def move(ws: Workspace, activity_id: str, fields: Mapping[str, Any], *, reason: str, confirm_no_names: bool = False) -> Record:
    """Move an activity to another day, time or place, or send other inspectors (para 26)."""
    current = ws.require(activity_id, KIND)
    if current.conflicted:
        # A new version would take every head as its parent and so settle the conflict unseen.
        raise ValidationError("This activity has conflicting versions from two laptops: resolve them first (fieldwork conflicts).")
    unknown = set(fields) - set(MOVABLE)
    if unknown:
        raise ValidationError(f"A move changes only {', '.join(MOVABLE)}, not {', '.join(sorted(unknown))}.")
    if not (reason or "").strip():
        raise ValidationError("Say why the activity moves (--reason): the plan's history keeps it.")
    changes = {k: v for k, v in _resolve(ws, fields).items() if v is not None}
    if not changes:
        raise ValidationError("Nothing to move: give a new --day, --start, --end, --place or --inspector.")
    payload = plan.activity_payload({**changes, "reason": reason}, rules(ws), base=current.payload, confirm_no_names=confirm_no_names)
    ws.put(KIND, payload, record=current.id)
    return ws.require(current.id, KIND)


# --- reading ------------------------------------------------------------------------------------


def records(ws: Workspace) -> list[Record]:
    return sorted(ws.records(KIND), key=lambda r: (r.payload.get("day", ""), r.payload.get("start", ""), r.id))


def activities(ws: Workspace) -> list[plan.Activity]:
    return [plan.Activity.from_payload(r.id, r.payload) for r in records(ws)]


def warnings(ws: Workspace) -> list[plan.Warning]:
    return plan.check_plan(activities(ws), names=names(ws))


def to_json(ws: Workspace, record: Record, found: list[plan.Warning], who: Mapping[str, str]) -> dict[str, Any]:
    p = record.payload
    activity = plan.Activity.from_payload(record.id, p)
    return {
        "id": record.id,
        "type": p.get("type"),
        "day": p.get("day"),
        "start": p.get("start"),
        "end": p.get("end"),
        "place": p.get("place"),
        "by_phone": plan.by_phone(str(p.get("place", ""))),
        "meeting": p.get("meeting", []),
        "agencies": p.get("agencies", []),
        "inspectors": [who.get(i, i) for i in p.get("inspectors", [])],
        "children": p.get("children", []),
        "leaders": p.get("leaders", []),
        "observes": p.get("observes", ""),
        "family": p.get("family", False),
        "support": p.get("support", "unknown"),
        "support_detail": p.get("support_detail", ""),
        "roles_given": p.get("roles_given", False),
        "note": p.get("note", ""),
        "reason": p.get("reason", ""),
        "warnings": [{"check": w.check, "message": w.message} for w in plan.warnings_for(found, activity)],
        "conflicted": record.conflicted,
    }


def listing(ws: Workspace, *, day: str | None = None, inspector: str | None = None) -> list[dict[str, Any]]:
    """The plan as JSON rows, with each activity's warnings; one day or one inspector if given."""
    who = names(ws)
    found = warnings(ws)
    wanted = resolve_inspector(ws, inspector) if inspector else None
    rows = []
    for record in records(ws):
        p = record.payload
        if day and p.get("day") != day:
            continue
        if wanted and wanted not in p.get("inspectors", []):
            continue
        rows.append(to_json(ws, record, found, who))
    return rows


def leaders(ws: Workspace) -> list[plan.LeaderRow]:
    return plan.leaders_checklist(activities(ws))


def leaders_json(ws: Workspace) -> list[dict[str, Any]]:
    who = names(ws)
    return [
        {"leader": row.key, "title": row.title, "booked": row.booked, "activities": list(row.activities),
         "inspectors": [who.get(i, i) for i in row.inspectors]}
        for row in leaders(ws)
    ]


def export(ws: Workspace, out: str | Path, *, fmt: str | None = None, inspector: str | None = None) -> Path:
    """The timetable as Word or Markdown; one inspector's days if `inspector` is given."""
    wanted = resolve_inspector(ws, inspector) if inspector else None
    inspection = ws.inspection
    blocks = timetable.blocks(
        [(r.id, r.payload) for r in records(ws)],
        warnings(ws),
        names(ws),
        area=str(inspection.get("area", "")),
        theme=str(inspection.get("theme", "")),
        inspector=wanted,
    )
    return write_blocks(out, blocks, fmt=fmt, title="On-site plan", default_name="plan", ws=ws)
