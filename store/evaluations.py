"""The partnership's joint evaluations in the store: one record per tracked child, linked to SEA
entries, with whether it arrived by day 7."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fieldwork import evaluations as ev
from fieldwork.errors import ValidationError
from store import children
from store.record import Record
from store.sea import calendar, notified
from store.workspace import Workspace

KIND = ev.KIND


def due(ws: Workspace) -> date:
    return calendar(ws).add_working_days(notified(ws), ev.DUE_DAY)


def record_id(ws: Workspace, child_record_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork:{ws.inspection_id}:{KIND}:{child_record_id}"))


def record(
    ws: Workspace,
    case_ref: str,
    fields: dict[str, Any],
    *,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    """Record (or add to) a child's joint evaluation; SEA entries by id or id prefix."""
    kid = children.find(ws, case_ref)
    rid = record_id(ws, kid.id)
    current = ws.get(rid)
    if current is not None and current.conflicted:
        raise ValidationError("This evaluation has conflicting versions from two laptops: resolve them first (fieldwork conflicts).")
    fields = dict(fields)
    if fields.get("sea") is not None:
        fields["sea"] = [ws.require(s, "sea").id for s in fields["sea"]]
    payload = ev.evaluation_payload(
        {**fields, "child": kid.payload["case_ref"]},
        known_sea={r.id for r in ws.records("sea")},
        by=ws.me_id,
        today=today or date.today(),
        base=current.payload if current is not None and not current.deleted else None,
        confirm_no_names=confirm_no_names,
    )
    ws.put(KIND, payload, record=rid)
    return ws.require(rid, KIND)


def rows(ws: Workspace, *, today: date | None = None) -> list[dict[str, Any]]:
    """Per tracked child (and any child with an evaluation): what arrived, when, and the view."""
    today = today or date.today()
    deadline = due(ws)
    found = {r.payload.get("child"): r for r in ws.records(KIND)}
    out: list[dict[str, Any]] = []
    for kid in sorted(ws.records("child"), key=lambda r: r.payload.get("case_ref", "")):
        ref = kid.payload.get("case_ref", "")
        rec = found.get(ref)
        if kid.payload.get("stage") != "tracked" and rec is None:
            continue
        p = rec.payload if rec else {}
        out.append({
            "id": rec.id if rec else None,
            "child": ref,
            "received_on": p.get("received_on", ""),
            "on_time": ev.on_time(p, deadline),
            "due": deadline.isoformat(),
            "quality": p.get("quality", ""),
            "strengths_found": p.get("strengths_found", False),
            "development_found": p.get("development_found", False),
            "matches": p.get("matches", ""),
            "sea": p.get("sea", []),
            "warnings": ev.evaluation_warnings(p, due=deadline, today=today),
        })
    return out
