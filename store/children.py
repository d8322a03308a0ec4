"""Children: adding, editing and importing, by case reference only."""

from __future__ import annotations

from typing import Any

from fieldwork import free_text
from fieldwork import records as rec
from fieldwork.child_import import parse_children_csv
from fieldwork.errors import NotFound, ValidationError
from store.damaged import usable
from store.record import Record
from store.workspace import Change, Workspace


KIND = "child"


def pattern(ws: Workspace) -> str:
    return ws.inspection.get("case_ref_pattern", rec.DEFAULT_CASE_REF_PATTERN)


def by_case_ref(ws: Workspace) -> dict[str, Record]:
    return {r.payload["case_ref"]: r for r in usable(ws.records("child"))}


def find(ws: Workspace, case_ref: str) -> Record:
    ref = case_ref.strip().upper()
    found = by_case_ref(ws).get(ref)
    if found is None:
        raise NotFound(f"Unknown case reference '{ref}'.")
    return found


def _check_allocated(ws: Workspace, payload: dict[str, Any]) -> None:
    allocated = payload.get("allocated")
    if allocated and not (ws.get(allocated) and ws.get(allocated).kind == "inspector"):  # type: ignore[union-attr]
        raise ValidationError("The allocated inspector is not on this inspection's team.")


def add(ws: Workspace, fields: dict[str, Any], *, confirm_no_names: bool = False) -> Record:
    payload = rec.child_payload(fields, pattern=pattern(ws))
    if payload["case_ref"] in by_case_ref(ws):
        raise ValidationError(f"{payload['case_ref']} is already on the list of children.")
    _check_allocated(ws, payload)
    free_text.guard(KIND, payload, confirmed=confirm_no_names)
    version = ws.put("child", payload)
    return ws.require(version.record)


def edit(ws: Workspace, case_ref: str, fields: dict[str, Any], *, confirm_no_names: bool = False) -> Record:
    current = find(ws, case_ref)
    payload = rec.child_payload(fields, pattern=pattern(ws), base=current.payload)
    if payload["case_ref"] != current.payload["case_ref"] and payload["case_ref"] in by_case_ref(ws):
        raise ValidationError(f"{payload['case_ref']} is already on the list of children.")
    _check_allocated(ws, payload)
    free_text.guard(KIND, payload, confirmed=confirm_no_names, before=current.payload)
    if payload == current.payload:
        return current
    ws.put("child", payload, record=current.id)
    return ws.require(current.id)


def import_csv(ws: Workspace, text: str, *, confirm_no_names: bool = False) -> int:
    """All rows or none: one transaction for the whole file."""
    rows = parse_children_csv(text, pattern(ws))
    existing = by_case_ref(ws)
    for payload in rows:
        if payload["case_ref"] in existing:
            raise ValidationError(f"{payload['case_ref']} is already on the list of children. Nothing was imported.")
        _check_allocated(ws, payload)
        free_text.guard(KIND, payload, confirmed=confirm_no_names)
    ws.write([Change("child", payload) for payload in rows])
    return len(rows)
