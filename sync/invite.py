"""Invites: how the lead admits one team member, sealed under a one-time passphrase.

An invite is a one-time ticket for one named person (initials, inspectorate or agency, role) that
expires (14 days unless the lead says otherwise). It carries the inspection key, the inspection's
identity, the lead's root public key (which the joiner pins: the root of trust) and the versions
of the trust chain (the inspection record, the team's inspector records, device certificates,
tickets and revocations), so a joiner sees the inspection's details at once and can judge every
later version. Joining binds the joiner's own new device key to the ticket; a second device
presenting the same ticket is refused on every laptop (fieldwork/trust.py).

Everything is checked before a single file of the new store is written: a wrong invite
passphrase, a doctored or expired invite creates nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldwork import records as rec
from fieldwork.errors import AccessDenied, FieldworkError
from fieldwork.tickets import DEFAULT_EXPIRY_DAYS
from store import creating, crypto
from store.files import atomic_write
from store.versions import KeyChain, MalformedVersion, Version, canonical_json, decode_version, decrypt_payload, verify_version

FORMAT = "fieldwork-invite/v2"
_PREFIX = "fieldwork-invite/v"
_ENVELOPE = {"format", "kdf", "nonce", "sealed"}
_CONTENT = {"inspection", "key", "lead", "devices", "versions", "ticket", "epochs"}
_LEAD = {"inspector", "device", "public_key"}
MAX_INVITE_BYTES = 64 << 20
SHARED_KINDS = ("inspection", "inspector", "device", "ticket", "revocation")

if TYPE_CHECKING:
    from store.workspace import Workspace


@dataclass(frozen=True)
class Invite:
    inspection: str
    key: bytes
    lead_inspector: str
    lead_device: str
    lead_public_key: bytes
    devices: dict[str, bytes]
    versions: list[Version]
    ticket: str  # the record id of the lead's ticket this invite presents
    epoch_keys: dict[int, bytes]  # the keys of key epochs since a revocation (none before one)

    def __repr__(self) -> str:
        return f"Invite(inspection={self.inspection!r}, ticket={self.ticket!r}, key=<redacted>)"


def _aad(envelope: dict[str, Any]) -> bytes:
    # The format and KDF parameters are bound to the ciphertext, so neither can be swapped.
    return canonical_json({"format": envelope["format"], "kdf": envelope["kdf"]})


def make_invite(
    ws: "Workspace",
    passphrase: str,
    *,
    name: str,
    inspectorate: str | None = None,
    role: str = "team",
    agency: str | None = None,
    days: int = DEFAULT_EXPIRY_DAYS,
) -> bytes:
    """The lead's invite for one named person, sealed under the invite passphrase (Argon2id,
    then AES-256-GCM). Writes the ticket to the lead's store first: it travels to every laptop."""
    from store.team import issue_ticket

    if not ws.is_lead:
        raise AccessDenied("Only the lead inspector can create invites.")
    if not passphrase:
        raise FieldworkError("The invite passphrase is empty.")
    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    ticket = issue_ticket(ws, name=name, role=role, inspectorate=inspectorate, agency=agency, days=days)
    applied = set(ws.judge.status)
    shared = [v for v in ws.all_versions() if v.kind in SHARED_KINDS and ws.judge.status.get(v.id) == "accepted" and v.id in applied]
    known = ws.devices()
    root = ring.root_device
    signers = {v.device for v in shared} | {root}
    content = {
        "inspection": ring.inspection_id,
        "key": crypto.b64(ring.inspection_key),
        "lead": {"inspector": ring.inspector_id, "device": root, "public_key": crypto.b64(known[root])},
        "devices": {d: crypto.b64(known[d]) for d in sorted(signers)},
        "versions": [[crypto.b64(v.raw), crypto.b64(v.signature)] for v in shared],
        "ticket": ticket.id,
        # A joiner after a revocation needs the later epochs' keys too: it was no recipient then.
        "epochs": {str(n): crypto.b64(k) for n, k in sorted(ws.keys.items()) if n > 0},
    }
    params = crypto.KdfParams.fresh()
    envelope: dict[str, Any] = {"format": FORMAT, "kdf": params.to_json()}
    nonce, sealed = crypto.seal(params.derive(passphrase), canonical_json(content), _aad(envelope))
    envelope.update(nonce=crypto.b64(nonce), sealed=crypto.b64(sealed))
    return canonical_json(envelope) + b"\n"


def write_invite(path: Path, ws: "Workspace", passphrase: str, **ticket: Any) -> None:
    atomic_write(Path(path), make_invite(ws, passphrase, **ticket))


def _damaged(why: str) -> FieldworkError:
    return FieldworkError(f"The invite is damaged or not Fieldwork's ({why}). Nothing was created.")


def open_invite(data: bytes, passphrase: str) -> Invite:
    """Unseal and check everything; raises before anything is written anywhere."""
    if len(data) > MAX_INVITE_BYTES:
        raise _damaged("too large")
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FieldworkError("That file is not a Fieldwork invite. Nothing was created.") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("format"), str) or not envelope["format"].startswith(_PREFIX):
        raise FieldworkError("That file is not a Fieldwork invite. Nothing was created.")
    if envelope["format"] != FORMAT:
        number = envelope["format"][len(_PREFIX):]
        if number.isdigit() and int(number) < int(FORMAT[len(_PREFIX):]):
            raise FieldworkError("The invite was made by an older Fieldwork, whose invites this version does not take: ask the lead for a new one. Nothing was created.")
        raise FieldworkError("The invite was made by a newer Fieldwork: update Fieldwork to join with it. Nothing was created.")
    if set(envelope) != _ENVELOPE:
        raise _damaged("unexpected fields")
    try:
        params = crypto.KdfParams.from_json(envelope["kdf"])  # caps the work factors before any work
        nonce = crypto.unb64(str(envelope["nonce"]))
        sealed = crypto.unb64(str(envelope["sealed"]))
    except (ValueError, TypeError) as err:
        raise _damaged(str(err)) from None
    if len(nonce) != crypto.NONCE_BYTES:
        raise _damaged("bad nonce")
    try:
        plain = crypto.unseal(params.derive(passphrase), nonce, sealed, _aad(envelope))
    except crypto.InvalidTag:
        raise AccessDenied("Wrong invite passphrase (or the invite was altered). Nothing was created.") from None
    try:
        return _check(json.loads(plain))
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        raise _damaged(str(err) or type(err).__name__) from None


def _check(content: Any) -> Invite:
    if not isinstance(content, dict) or set(content) != _CONTENT:
        raise ValueError("unexpected contents")
    lead = content["lead"]
    if not isinstance(lead, dict) or set(lead) != _LEAD:
        raise ValueError("unexpected lead")
    inspection = str(content["inspection"])
    key = crypto.unb64(content["key"])
    if len(key) != crypto.KEY_BYTES:
        raise ValueError("bad inspection key")
    lead_public = crypto.unb64(lead["public_key"])
    lead_device = str(lead["device"])
    if crypto.device_id_for(lead_public) != lead_device:
        raise ValueError("the lead's device does not match its key")
    devices = {str(d): crypto.unb64(k) for d, k in content["devices"].items()}
    if any(crypto.device_id_for(k) != d for d, k in devices.items()) or devices.get(lead_device) != lead_public:
        raise ValueError("a device does not match its key")
    epochs = {int(n): crypto.unb64(k) for n, k in dict(content["epochs"]).items()}
    if any(n < 1 or len(k) != crypto.KEY_BYTES for n, k in epochs.items()):
        raise ValueError("bad epoch keys")
    chain = KeyChain([epochs[n] for n in sorted(epochs, reverse=True)] + [key])
    versions = [decode_version(crypto.unb64(raw), crypto.unb64(sig)) for raw, sig in content["versions"]]
    roots: dict[str, Version] = {}
    for v in versions:
        if v.inspection != inspection or v.kind not in SHARED_KINDS:
            raise ValueError("a version is not this inspection's")
        if v.device not in devices or not verify_version(v, devices[v.device]):
            raise ValueError("a version's signature does not verify")
        try:
            decrypt_payload(v, key, chain)
        except (crypto.InvalidTag, MalformedVersion):
            raise ValueError("a version does not decrypt") from None
        if not v.parents:
            roots[v.record] = v
    # The inspection itself must be the root device's work: a joiner then knows the details they
    # see come from the key the invite names as the lead's, and pins that key.
    if inspection not in roots or roots[inspection].device != lead_device:
        raise ValueError("the inspection's details are not signed by the lead")
    ticket = str(content["ticket"])
    if ticket not in roots or roots[ticket].kind != "ticket":
        raise ValueError("the invite's ticket is missing")
    return Invite(inspection, key, str(lead["inspector"]), lead_device, lead_public, devices, versions, ticket, epochs)


def join(
    home: Path,
    invite: Invite,
    passphrase: str,
    *,
    name: str | None = None,
    inspectorate: str | None = None,
    role: str | None = None,
    agency: str | None = None,
    now: datetime | None = None,
    recovery_code: str | None = None,
) -> "Workspace":
    """My own store for the invite's inspection, under my passphrase and my own new device key,
    bound to the invite's ticket. What I say about myself must match what the lead wrote on it."""
    from store.team import bind
    from store.workspace import Workspace
    from sync.merge import import_versions

    ticket_version = next(v for v in invite.versions if v.record == invite.ticket and not v.parents)
    ticket = decrypt_payload(ticket_version, invite.key, KeyChain([*(invite.epoch_keys[n] for n in sorted(invite.epoch_keys, reverse=True)), invite.key]))
    expires = str(ticket.get("expires") or "")
    moment = now or datetime.now(timezone.utc)
    if expires and moment.isoformat(timespec="minutes") > expires:
        raise FieldworkError(f"The invite expired on {expires[:10]}: ask the lead for a new one. Nothing was created.")
    for given, field, what in ((name, "name", "initials"), (inspectorate, "inspectorate", "inspectorate"), (role, "role", "role"), (agency, "agency", "agency")):
        if given and str(ticket.get(field) or "").lower() != given.strip().lower():
            raise FieldworkError(f"The invite is for another person (its {what} is {ticket.get(field) or 'not set'}). Nothing was created.")
    # Refuse bad input before anything is created. A partnership auditor belongs to an agency
    # rather than an inspectorate; an inspector may name both.
    who = {"name": str(ticket["name"]), "role": str(ticket.get("role") or "team")}
    if ticket.get("agency") or not ticket.get("inspectorate"):
        from fieldwork.audit import auditor_payload

        me = auditor_payload(agency=ticket.get("agency"), inspectorate=ticket.get("inspectorate"), **who)
    else:
        me = rec.inspector_payload(inspectorate=str(ticket["inspectorate"]), **who)
    home = Path(home)
    if Workspace.exists(home):
        raise FieldworkError(f"{home} already holds an inspection: choose another --home.")
    existed = home.exists()
    ws = None
    key = crypto.new_signing_key()
    try:
        ws = Workspace.new(
            home,
            passphrase,
            inspection_id=invite.inspection,
            inspection_key=invite.key,
            inspector_id=str(ticket["inspector"]),
            signing_key=key,
            root_device=invite.lead_device,
            epoch_keys=invite.epoch_keys,
            recovery_code=recovery_code,
            finish=False,  # whole once the invite's versions are in and I am bound to its ticket
        )
        import_versions(ws, invite.versions, invite.devices, source="the invite")
        held = ws.get(invite.ticket)
        if held is None or held.kind != "ticket":
            raise FieldworkError("The invite's ticket was refused by the trust checks. Nothing was created.")
        bind(ws, held, key, me)
        ws.finish_creating()
        return ws
    except BaseException:
        # Joining is all or nothing too: remove exactly what this call created.
        if ws is not None:
            ws.close()
        creating.abandon(home, existed=existed)
        raise
