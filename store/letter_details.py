"""The letter's details in the store: one "letter-details" record per inspection, the lead's.

Its id is derived from the inspection, so two laptops editing it offline write versions of the
same record (a conflict anyone can see and resolve) rather than two lists that silently disagree.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Callable, Iterable

from fieldwork import distribution as dist
from fieldwork import free_text
from fieldwork.errors import AccessDenied, ValidationError
from store.record import Record
from store.workspace import Change, Workspace

KIND = dist.KIND


def record_id(ws: Workspace) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork:{ws.inspection_id}:{KIND}"))


def _record(ws: Workspace) -> Record | None:
    record = ws.get(record_id(ws))
    return record if record is not None and not record.deleted else None


def details(ws: Workspace) -> dist.LetterDetails:
    record = _record(ws)
    return dist.LetterDetails.from_payload(record.payload if record else None)


def _change(ws: Workspace, step: Callable[[dict[str, Any] | None], dict[str, Any]], *,
            confirm_no_names: bool = False) -> dist.LetterDetails:
    if not ws.is_lead:
        # Para 82: the lead collates the letter and is accountable for it.
        raise AccessDenied("Only the lead inspector changes the letter's recipients, statement of action and date sent.")
    current = _record(ws)
    if current is not None and current.conflicted:
        raise ValidationError("The letter's details have conflicting versions from two laptops: resolve them first (fieldwork conflicts).")
    before = current.payload if current else None
    payload = step(dict(before) if before else None)
    # Recipients and agencies by job title and agency, never a name (para 80); what the list
    # already held was checked when it was added.
    free_text.guard(KIND, payload, confirmed=confirm_no_names, before=before)
    if payload != before:
        ws.write([Change(KIND, payload, record=record_id(ws))])
    return details(ws)


def add_recipient(ws: Workspace, *, agency: str, title: str, confirm_no_names: bool = False) -> dist.LetterDetails:
    return _change(ws, lambda p: dist.add_recipient(p, agency=agency, title=title), confirm_no_names=confirm_no_names)


def remove_recipient(ws: Workspace, *, agency: str, title: str) -> dist.LetterDetails:
    return _change(ws, lambda p: dist.remove_recipient(p, agency=agency, title=title))


def set_statement(ws: Workspace, *, required: str | bool, agencies: Iterable[str] = (),
                  confirm_no_names: bool = False) -> dist.LetterDetails:
    named = list(agencies)
    return _change(ws, lambda p: dist.set_statement(p, required=required, agencies=named), confirm_no_names=confirm_no_names)


def set_letter_sent(ws: Workspace, *, on: date | str, today: date | None = None) -> dist.LetterDetails:
    return _change(ws, lambda p: dist.set_letter_sent(p, on=on, today=today or date.today()))
