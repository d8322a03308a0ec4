"""Consent and "spoken with" in the store (paras 47-51).

Consent is one record per child, its id derived from the child's record, so what two laptops are
told about one child meets in one record. Recording consent also sets the child record's own
`consent` field (the child's answer), in the same transaction, so the Children screen and
`child list` agree with it.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fieldwork import voice
from fieldwork.errors import ValidationError
from store import children
from store.record import Record
from store.sea import calendar, notified
from store.workspace import Change, Workspace


def consent_id(ws: Workspace, child_record_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldwork:{ws.inspection_id}:{voice.CONSENT_KIND}:{child_record_id}"))


def day8(ws: Workspace) -> date:
    return calendar(ws).add_working_days(notified(ws), voice.CONSENT_DAY)


def record_consent(
    ws: Workspace,
    case_ref: str,
    *,
    child: str | None = None,
    carer: str | None = None,
    confirmed_on: str | None = None,
    reason: str | None = None,
    confirm_no_names: bool = False,
    today: date | None = None,
) -> Record:
    kid = children.find(ws, case_ref)
    rid = consent_id(ws, kid.id)
    current = ws.get(rid)
    if current is not None and current.conflicted:
        raise ValidationError("This child's consent has conflicting versions from two laptops: resolve them first (fieldwork conflicts).")
    base = current.payload if current is not None and not current.deleted else None
    payload = voice.consent_payload(
        {"child": kid.payload["case_ref"], "child_consent": child, "carer_consent": carer, "confirmed_on": confirmed_on, "reason": reason},
        base=base,
        today=today or date.today(),
        confirm_no_names=confirm_no_names,
    )
    changes = [Change(voice.CONSENT_KIND, payload, record=rid)]
    if kid.payload.get("consent") != payload["child_consent"]:
        changes.append(Change("child", {**kid.payload, "consent": payload["child_consent"]}, record=kid.id))
    ws.write(changes)
    return ws.require(rid, voice.CONSENT_KIND)


def record_spoken(
    ws: Workspace,
    case_ref: str,
    *,
    on: str | None = None,
    how: str,
    feedback_to_agency: bool = False,
    today: date | None = None,
) -> Record:
    kid = children.find(ws, case_ref)
    payload = voice.spoken_payload(
        {"child": kid.payload["case_ref"], "on": on, "how": how, "feedback_to_agency": feedback_to_agency},
        by=ws.me_id,
        today=today or date.today(),
    )
    version = ws.put(voice.SPOKEN_KIND, payload)
    return ws.require(version.record, voice.SPOKEN_KIND)


def spoken(ws: Workspace) -> list[Record]:
    return sorted(ws.records(voice.SPOKEN_KIND), key=lambda r: (r.payload.get("on", ""), r.payload.get("child", ""), r.id))


def rows(ws: Workspace, *, today: date | None = None) -> list[dict[str, Any]]:
    """Per tracked child (and any child with a consent or spoken-with record): consent, the
    conversations, and what is still missing."""
    today = today or date.today()
    due = day8(ws)
    consents = {r.payload.get("child"): r.payload for r in ws.records(voice.CONSENT_KIND)}
    talks: dict[str, list[Record]] = {}
    for record in spoken(ws):
        talks.setdefault(str(record.payload.get("child")), []).append(record)
    out: list[dict[str, Any]] = []
    for kid in sorted(ws.records("child"), key=lambda r: r.payload.get("case_ref", "")):
        ref = kid.payload.get("case_ref", "")
        tracked = kid.payload.get("stage") == "tracked"
        if not tracked and ref not in consents and ref not in talks:
            continue
        c = consents.get(ref, {})
        out.append({
            "child": ref,
            "stage": kid.payload.get("stage", ""),
            "child_consent": c.get("child_consent", "unknown"),
            "carer_consent": c.get("carer_consent", "unknown"),
            "confirmed_on": c.get("confirmed_on", ""),
            "reason": c.get("reason", ""),
            "spoken": [
                {"id": r.id, "on": r.payload.get("on"), "how": r.payload.get("how"),
                 "feedback_to_agency": r.payload.get("feedback_to_agency", False), "by": ws.inspector_name(r.payload.get("by", ""))}
                for r in talks.get(ref, [])
            ],
            "warnings": voice.consent_warnings(c, day8=due, today=today) if tracked else [],
        })
    return out
