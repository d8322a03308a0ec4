"""Allocations in the store: a child or a sampled group to inspectors, redeployed with a reason.

One record per child and per group, its id derived from the inspection and the child's record (or
the group's label), so two laptops allocating the same child offline write versions of one record
(a visible conflict) instead of two allocations that silently disagree.
"""

from __future__ import annotations

import uuid
from typing import Any

from fieldwork import allocation as alloc
from fieldwork.errors import ValidationError
from store import children
from store.record import Record
from store.team import resolve_inspector
from store.workspace import Workspace

KIND = alloc.KIND


def team(ws: Workspace) -> dict[str, str]:
    """Inspector id -> inspectorate."""
    return {r.id: str(r.payload.get("inspectorate", "")) for r in ws.records("inspector")}


def record_id(ws: Workspace, *, child_id: str = "", group: str = "") -> str:
    what = f"child:{child_id}" if child_id else f"group:{' '.join(group.split()).casefold()}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork:{ws.inspection_id}:{KIND}:{what}"))


def allocate(
    ws: Workspace,
    *,
    child: str | None = None,
    group: str | None = None,
    inspectors: list[str],
    reason: str = "",
    confirm_no_names: bool = False,
) -> Record:
    """Allocate (or redeploy) a child, by case reference, or a sampled group, to inspectors
    given by initials or id. A change of who is allocated needs a reason."""
    if bool(child) == bool(group):
        raise ValidationError("Allocate either a child (by case reference) or a sampled group (--group), not both.")
    child_record = children.find(ws, child) if child else None
    rid = record_id(ws, child_id=child_record.id if child_record else "", group=group or "")
    current = ws.get(rid)
    if current is not None and current.conflicted:
        raise ValidationError("This allocation has conflicting versions from two laptops: resolve them first (fieldwork conflicts).")
    base = current.payload if current is not None and not current.deleted else None
    fields: dict[str, Any] = {
        "child": child_record.payload["case_ref"] if child_record else None,
        # The first label written stays: a group typed again in other case is the same group.
        "group": group if base is None else None,
        "inspectors": [resolve_inspector(ws, who) for who in inspectors],
        "reason": reason,
    }
    payload = alloc.allocation_payload(fields, alloc.AllocationRules(team(ws)), base=base, confirm_no_names=confirm_no_names)
    if base is not None and payload == base:
        return current  # type: ignore[return-value]
    ws.put(KIND, payload, record=rid)
    return ws.require(rid, KIND)


def rows(ws: Workspace) -> list[dict[str, Any]]:
    """Every tracked child (allocated or not), every child allocated on their own, and every
    allocated group, with the inspectors and the para 30-32 warnings."""
    members = team(ws)
    names = {r.id: str(r.payload.get("name", "")) for r in ws.records("inspector")}
    by_child = {r.payload.get("child"): r for r in ws.records(KIND) if r.payload.get("child")}
    out: list[dict[str, Any]] = []
    kids = sorted(ws.records("child"), key=lambda r: r.payload.get("case_ref", ""))
    for child in kids:
        p = child.payload
        ref = p.get("case_ref", "")
        record = by_child.get(ref)
        # Sampled children are usually allocated as a group: listed one by one only when allocated so.
        if p.get("stage") != "tracked" and record is None:
            continue
        inspectors = list(record.payload.get("inspectors", [])) if record else []
        gaps = alloc.allocation_gaps(case_ref=ref, stage=str(p.get("stage", "")), agencies=p.get("agencies") or [],
                                     probation=bool(p.get("probation")), inspectors=inspectors, team=members)
        out.append(_row(record, ref, "", str(p.get("stage", "")), inspectors, names, [g.message for g in gaps]))
    for record in sorted((r for r in ws.records(KIND) if r.payload.get("group")), key=lambda r: r.payload["group"]):
        inspectors = list(record.payload.get("inspectors", []))
        out.append(_row(record, "", record.payload["group"], "sampled group", inspectors, names, []))
    return out


def _row(record: Record | None, ref: str, group: str, stage: str, inspectors: list[str], names: dict[str, str], warnings: list[str]) -> dict[str, Any]:
    return {
        "id": record.id if record else None,
        "child": ref,
        "group": group,
        "stage": stage,
        "inspectors": [names.get(i, i) for i in inspectors],
        "reason": record.payload.get("reason", "") if record else "",
        "warnings": warnings,
        "conflicted": bool(record and record.conflicted),
    }
