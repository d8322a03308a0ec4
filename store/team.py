"""The inspection team: finding an inspector by what a person types."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from fieldwork import tickets
from fieldwork.errors import AccessDenied, ValidationError
from store import crypto
from store.record import Record
from store.workspace import Change, Workspace

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def resolve_inspector(ws: Workspace, text: str) -> str:
    """An inspector by id, id prefix, or display name/initials (case-insensitive)."""
    wanted = text.strip()
    team = ws.records("inspector")
    for record in team:
        if record.id == wanted or (len(wanted) >= 6 and record.id.startswith(wanted)):
            return record.id
    matches = [r for r in team if r.payload.get("name", "").lower() == wanted.lower()]
    if len(matches) == 1:
        return matches[0].id
    if len(matches) > 1:
        raise ValidationError(f"{len(matches)} inspectors are called '{wanted}': use the id instead.")
    raise ValidationError(f"No inspector '{wanted}' on this inspection's team.")


# --- admitting members: tickets and certificates (the trust chain, fieldwork/trust.py) ----------


def issue_ticket(
    ws: Workspace,
    *,
    name: str,
    role: str = "team",
    inspectorate: str | None = None,
    agency: str | None = None,
    days: int = tickets.DEFAULT_EXPIRY_DAYS,
    now: datetime | None = None,
    inspector: str | None = None,
) -> Record:
    """The lead's one-time ticket for one named person: written to the lead's own store, so it
    travels to every laptop and each can check the certificate that later uses it."""
    if not ws.is_lead:
        raise AccessDenied("Only the lead inspector can create invites.")
    payload = tickets.ticket_payload(
        inspector=inspector or str(uuid.uuid4()),
        name=name,
        role=role,
        inspectorate=inspectorate,
        agency=agency,
        expires=tickets.expiry(now or datetime.now(timezone.utc), days),
    )
    version = ws.put("ticket", payload)
    return ws.require(version.record, "ticket")


def bind(ws: Workspace, ticket: Record, key: "Ed25519PrivateKey", me: dict[str, Any]) -> None:
    """The joining device's certificate under the ticket, and the member's own inspector record,
    both signed by the joining device: what `join` writes on the new member's laptop, and what a
    demo or test inspection writes to simulate it."""
    inspector = str(ticket.payload["inspector"])
    public = crypto.public_raw(key)
    device = crypto.device_id_for(public)
    certificate = tickets.device_payload(
        device=device, public_key=crypto.b64(public), inspector=inspector, role=str(ticket.payload.get("role") or "team"), ticket=ticket.id
    )
    person = {**me, "role": str(ticket.payload.get("role") or "team"), "devices": [device]}
    signer = (inspector, key) if device != ws.device_id else None
    ws.write([Change("device", certificate, record=device), Change("inspector", person, record=inspector)], as_identity=signer)


def enrol(
    ws: Workspace,
    *,
    name: str,
    inspectorate: str | None = None,
    role: str = "team",
    agency: str | None = None,
    key: "Ed25519PrivateKey | None" = None,
    inspector: str | None = None,
    now: datetime | None = None,
) -> tuple[str, "Ed25519PrivateKey"]:
    """Admit a member in one store, as the lead's ticket and the member's own laptop would: for
    demo, benchmark and test inspections that hold a whole team's versions. Returns the member's
    (inspector id, device key), for `Workspace.write(as_identity=...)`."""
    from fieldwork import records as rec

    key = key or crypto.new_signing_key()
    ticket = issue_ticket(ws, name=name, role=role, inspectorate=inspectorate, agency=agency, inspector=inspector, now=now)
    if agency or not inspectorate:
        from fieldwork.audit import auditor_payload

        me = auditor_payload(name=name, agency=agency, inspectorate=inspectorate, role=role)
    else:
        me = rec.inspector_payload(name=name, inspectorate=inspectorate, role=role)
    bind(ws, ticket, key, me)
    return str(ticket.payload["inspector"]), key
