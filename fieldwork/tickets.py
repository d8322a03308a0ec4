"""Tickets and device certificates: the payloads of the trust chain (fieldwork/trust.py judges them).

A ticket is the lead's one-time admission of one named person (initials, inspectorate or agency,
role) until it expires. The joining device binds its own key to it by writing its certificate.
Both are ordinary encrypted, signed records, so they travel in every bundle like everything else,
and every laptop checks them the same way.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from fieldwork import records as rec
from fieldwork.clock import Stamp
from fieldwork.errors import ValidationError

DEFAULT_EXPIRY_DAYS = 14
MAX_EXPIRY_DAYS = 120


def expiry(now: datetime, days: int) -> tuple[str, str]:
    """(ISO time, clock stamp) of a ticket's end: the stamp is what every laptop compares with the
    joining certificate's own stamp, so no laptop's clock decides."""
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValidationError(f"An invite lasts 1 to {MAX_EXPIRY_DAYS} days, not {days}.")
    end = now.astimezone(timezone.utc) + timedelta(days=days)
    stamp = Stamp(int(end.timestamp() * 1000), 999_999)
    return end.isoformat(timespec="minutes"), stamp.encode()


def ticket_payload(
    *,
    inspector: str,
    name: str,
    role: str,
    inspectorate: str | None = None,
    agency: str | None = None,
    expires: tuple[str, str],
) -> dict[str, Any]:
    if role == "lead":
        raise ValidationError("An invite admits a team member; the lead hands over with 'fieldwork lead handover'.")
    initials = rec.clean_text(name, "inspector's initials", limit=12)
    out: dict[str, Any] = {
        "inspector": inspector,
        "name": initials,
        "role": rec.choice(role, rec.ROLES, "team role"),
        "expires": expires[0],
        "expires_clock": expires[1],
        "bound_device": "",
    }
    if inspectorate:
        out["inspectorate"] = rec.choice(inspectorate, rec.INSPECTORATES, "inspectorate")
    if agency:
        out["agency"] = rec.normalise_agency(agency)
    return out


def confirm(ticket: dict[str, Any], device: str) -> dict[str, Any]:
    """The lead's confirmation that `device` is the one that used the ticket: any other is refused."""
    return {**ticket, "bound_device": device}


def device_payload(*, device: str, public_key: str, inspector: str, role: str, ticket: str = "", recipient: str = "") -> dict[str, Any]:
    """A device certificate. `recipient` is the device's X25519 public key (age format), which the
    lead wraps new inspection keys to after a revocation."""
    return {
        "device": device,
        "public_key": public_key,
        "inspector": inspector,
        "role": role,
        "ticket": ticket,
        "recipient": recipient,
    }


def revocation_payload(*, device: str, seen: list[str], reason: str) -> dict[str, Any]:
    return {"device": device, "seen": sorted(set(seen)), "reason": rec.clean_text(reason, "reason", limit=500)}


def epoch_payload(*, epoch: int, sealed: str, revocation: str, recipients: list[str]) -> dict[str, Any]:
    """A new key epoch: its key sealed (an age file, Base64) to the devices that remain."""
    return {"epoch": epoch, "sealed": sealed, "revocation": revocation, "recipients": sorted(recipients)}
