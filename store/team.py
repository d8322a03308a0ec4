"""The inspection team: finding an inspector by what a person types."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from fieldwork import tickets
from fieldwork.errors import AccessDenied, ValidationError
from store import crypto, paper_age
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
    role = str(ticket.payload.get("role") or "team")
    ring = ws.ring
    assert ring is not None
    if device == ring.device_id:
        certificate = ring.certificate(inspector=inspector, role=role, ticket=ticket.id)
    else:
        # A simulated member (demo, tests) gets an X25519 recipient whose identity nobody keeps.
        certificate = tickets.device_payload(
            device=device,
            public_key=crypto.b64(public),
            inspector=inspector,
            role=role,
            ticket=ticket.id,
            recipient=crypto.age_recipient(crypto.new_age_identity()),
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


# --- the lead's acts on the team: confirmations, revocations, handover ---------------------------


def confirm_bindings(ws: Workspace) -> int:
    """The lead's laptop confirms each ticket's one binding once it has seen it: from then on any
    other device presenting that ticket is refused on every laptop, whatever clock it claims.
    Returns how many tickets were confirmed (0 on a member's laptop)."""
    if not ws.is_lead:
        return 0
    judge = ws.judge
    bound: dict[str, list[str]] = {}
    for cert in judge.devices.values():
        if cert.ticket:
            bound.setdefault(cert.ticket, []).append(cert.device)
    changes: list[Change] = []
    for ticket in ws.records("ticket"):
        devices = bound.get(ticket.id, [])
        if len(devices) == 1 and not ticket.payload.get("bound_device") and not ticket.conflicted:
            changes.append(Change("ticket", tickets.confirm(dict(ticket.payload), devices[0]), record=ticket.id))
    if changes:
        ws.write(changes)
    return len(changes)


def resolve_device(ws: Workspace, text: str) -> str:
    """A certified device by its id or an unambiguous prefix of at least 4 characters."""
    wanted = text.strip().lower().rstrip("…").rstrip(".")
    known = list(ws.judge.devices)
    matches = [d for d in known if d == wanted or (len(wanted) >= 4 and d.startswith(wanted))]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ValidationError(f"'{text}' matches {len(matches)} devices: give more of the id.")
    raise ValidationError(f"No device '{text}' on this inspection: see 'fieldwork device list'.")


def revoke(ws: Workspace, device_text: str, *, reason: str = "lost or no longer trusted",
           confirm_no_names: bool = False) -> Record:
    """Shut a device out: its versions the lead holds now stay; any other is refused everywhere."""
    from fieldwork import free_text
    from fieldwork import trust as tr

    if not ws.is_lead:
        raise AccessDenied("Only the lead inspector can revoke a device.")
    # The reason is kept with the revocation and synced to every laptop: no names in it (para 80).
    free_text.guard("revocation", {"reason": reason}, confirmed=confirm_no_names)
    device = resolve_device(ws, device_text)
    if device == ws.device_id:
        raise ValidationError("This is your own device: revoke it from another lead device, or hand over first.")
    judge = ws.judge
    if device in judge.found.revoked:
        raise ValidationError(f"Device {device[:8]} is revoked already.")
    seen = [vid for vid, seen_version in judge.versions.items() if seen_version.device == device and judge.status.get(vid) == tr.OK]
    # A new key epoch in the same transaction: a new inspection key sealed to every device that
    # remains, so what is written from now on is unreadable on the revoked one.
    recipients: dict[str, str] = {}
    for cert in judge.devices.values():
        held = ws.get(cert.device)
        recipient = str((held.payload if held else {}).get("recipient") or "")
        if cert.device != device and cert.device not in judge.found.revoked and recipient:
            recipients[cert.device] = recipient
    # And to the paper key's recipient, where the inspection names one: a lead restored from the
    # paper after this laptop is lost reads this epoch too (store/paper_age.py).
    paper = paper_age.of_inspection(judge)
    if paper:
        recipients[paper_age.PAPER] = paper
    record = str(uuid.uuid4())
    changes = [Change("revocation", tickets.revocation_payload(device=device, seen=seen, reason=reason), record=record)]
    if ws.device_id in recipients:
        sealed = crypto.seal_to(sorted(recipients.values()), crypto.new_key())
        changes.append(
            Change(
                "epoch",
                tickets.epoch_payload(epoch=ws.current_epoch + 1, sealed=crypto.b64(sealed), revocation=record, recipients=list(recipients)),
            )
        )
    ws.write(changes)
    return ws.require(record, "revocation")


def handover(ws: Workspace, initials: str) -> Record:
    """The current lead hands the lead's role to another certified member and becomes a team member."""
    if not ws.is_lead:
        raise AccessDenied("Only the lead inspector can hand over the lead.")
    target = ws.require(resolve_inspector(ws, initials), "inspector")
    if target.id == ws.me_id:
        raise ValidationError("You are the lead already.")
    judge = ws.judge
    if not any(cert.inspector == target.id and cert.device not in judge.found.revoked for cert in judge.devices.values()):
        raise ValidationError(f"{initials} has no certified laptop that is not revoked: they must join and sync before taking over.")
    # The new lead first, then me: in between two leads stand, never none.
    ws.write(
        [
            Change("inspector", {**target.payload, "role": "lead"}, record=target.id),
            Change("inspector", {**ws.me, "role": "team"}, record=ws.me_id),
        ]
    )
    return ws.require(target.id, "inspector")
