"""The keyring file: the inspection key and this device's signing key, wrapped under the passphrase.

It is a small JSON file beside the database. Unlocking reads only this file, so a wrong
passphrase is refused before the database is even opened and no file under the home changes.
Changing the passphrase re-wraps these keys and touches nothing else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from fieldwork.errors import AccessDenied, FieldworkError, NoInspection
from store import crypto
from store.files import atomic_write

KEYRING_FILE = "keyring.json"
# Format 2 pins the inspection's root device (the lead's first device key): the root of trust
# every version is judged against (fieldwork/trust.py). Stores of 0.1.0 (format 1) are not read:
# no team used them.
FORMAT = 2
# A checksum of the document, so damage is told apart from a wrong passphrase (format 2 still).
CHECK_FIELD = "check"


@dataclass
class Keyring:
    inspection_id: str
    inspector_id: str
    inspection_key: bytes
    signing_key: Ed25519PrivateKey
    root_device: str
    # This device's X25519 identity (age format): later key epochs are sealed to its recipient.
    age_identity: str = ""
    # Keys of later epochs this device was handed whole: by an invite written after a revocation, or
    # opened with the paper key by `lead restore` (sealed to the paper, never to this device).
    epoch_keys: dict[int, bytes] = field(default_factory=dict)

    def certificate(self, *, inspector: str, role: str, ticket: str = "") -> dict[str, Any]:
        """This device's certificate: its public signing key and its X25519 recipient, for an
        inspector (init's root, a join under a ticket, a restore by the paper key)."""
        from fieldwork import tickets

        return tickets.device_payload(
            device=self.device_id,
            public_key=crypto.b64(self.public_key),
            inspector=inspector,
            role=role,
            ticket=ticket,
            recipient=crypto.age_recipient(self.age_identity),
        )

    def __repr__(self) -> str:
        # Never the keys: a repr reaches logs, tracebacks and crash screens.
        return f"Keyring(inspection={self.inspection_id!r}, device={self.device_id!r}, keys=<redacted>)"

    @property
    def public_key(self) -> bytes:
        return crypto.public_raw(self.signing_key)

    @property
    def device_id(self) -> str:
        return crypto.device_id_for(self.public_key)


def _aad(inspection_id: str, device_id: str) -> bytes:
    return f"fieldwork keyring v{FORMAT}|{inspection_id}|{device_id}".encode()


def keyring_path(home: Path) -> Path:
    return Path(home) / KEYRING_FILE


def write_keyring(
    home: Path, ring: Keyring, passphrase: str, kdf: crypto.KdfParams | None = None, *, recovery_code: str | None = None
) -> None:
    """Wrap the keys under the passphrase and, beside, under the recovery code: a new code if one
    is given (init, join), or the wrapping under the code already in the file (a passphrase change
    or a recovery keeps the code the person holds on paper)."""
    if not passphrase:
        raise FieldworkError("The passphrase is empty.")
    params = kdf or crypto.KdfParams.fresh()
    kek = params.derive(passphrase)
    secret = json.dumps(
        {
            "inspection_key": crypto.b64(ring.inspection_key),
            "signing_key": crypto.b64(crypto.private_raw(ring.signing_key)),
            "inspector_id": ring.inspector_id,
            "root_device": ring.root_device,
            "age_identity": ring.age_identity,
            "epoch_keys": {str(n): crypto.b64(k) for n, k in sorted(ring.epoch_keys.items())},
        }
    ).encode()
    nonce, wrapped = crypto.seal(kek, secret, _aad(ring.inspection_id, ring.device_id))
    document = {
        "format": FORMAT,
        "inspection": ring.inspection_id,
        "device": ring.device_id,
        "kdf": params.to_json(),
        "nonce": crypto.b64(nonce),
        "wrapped": crypto.b64(wrapped),
    }
    if recovery_code is not None:
        code_params = crypto.KdfParams.fresh()
        code_nonce, code_wrapped = crypto.seal(code_params.derive(recovery_code), secret, _aad(ring.inspection_id, ring.device_id) + b"|recovery")
        document["recovery"] = {"kdf": code_params.to_json(), "nonce": crypto.b64(code_nonce), "wrapped": crypto.b64(code_wrapped)}
    else:
        kept = _existing_recovery(home, ring)
        if kept is not None:
            document["recovery"] = kept
    document[CHECK_FIELD] = _checksum(document)
    atomic_write(keyring_path(home), json.dumps(document, indent=1).encode())


def _existing_recovery(home: Path, ring: Keyring) -> dict[str, Any] | None:
    try:
        document = json.loads(keyring_path(home).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("device") != ring.device_id or not isinstance(document.get("recovery"), dict):
        return None
    return dict(document["recovery"])


def has_recovery(home: Path) -> bool:
    try:
        return isinstance(json.loads(keyring_path(home).read_bytes()).get("recovery"), dict)
    except (OSError, ValueError, AttributeError):
        return False


def _checksum(document: dict[str, Any]) -> str:
    """A plain SHA-256 over every other field, checked before the KDF runs: a flipped byte in the
    salt, nonce or wrapped keys would otherwise fail only the AEAD and read as a wrong passphrase.
    Not a secret and not a MAC (the AEAD is that): it only tells damage from a mistyped passphrase."""
    body = {k: v for k, v in document.items() if k != CHECK_FIELD}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def read_keyring(home: Path, passphrase: str, *, recovery_code: str | None = None) -> Keyring:
    """The keys, opened with the passphrase, or with the recovery code instead (`recover`)."""
    path = keyring_path(home)
    if not path.exists():
        raise NoInspection(f"There is no inspection in {home} yet: run 'fieldwork init' or 'fieldwork join'.")
    try:
        document: Any = json.loads(path.read_bytes())
        if not isinstance(document, dict):
            raise ValueError("unknown keyring format")
        if document.get("format") == 1:
            raise FieldworkError(
                f"The keyring in {home} was made by Fieldwork 0.1.0, whose stores this version does not open: start the inspection again with 'fieldwork init' or 'fieldwork join'."
            )
        if document.get("format") != FORMAT:
            raise ValueError("unknown keyring format")
        # Keyrings written before the check field have none; the AEAD alone guards those.
        if CHECK_FIELD in document and document[CHECK_FIELD] != _checksum(document):
            raise ValueError("its checksum does not match")
        inspection_id = str(document["inspection"])
        device_id = str(document["device"])
        block = document if recovery_code is None else document.get("recovery")
        if not isinstance(block, dict):
            raise FieldworkError(f"This laptop's keyring ({path}) has no recovery code: it was made before codes existed. Nothing was changed.")
        params = crypto.KdfParams.from_json(block.get("kdf"))
        nonce = crypto.unb64(block["nonce"])
        wrapped = crypto.unb64(block["wrapped"])
    except (ValueError, KeyError, TypeError) as err:
        raise FieldworkError(f"The keyring file {path} is damaged or not Fieldwork's ({err}). Nothing was changed.") from None
    aad = _aad(inspection_id, device_id) + (b"|recovery" if recovery_code is not None else b"")
    kek = params.derive(recovery_code if recovery_code is not None else passphrase)
    try:
        secret = json.loads(crypto.unseal(kek, nonce, wrapped, aad))
    except crypto.InvalidTag:
        if recovery_code is not None:
            raise AccessDenied("That recovery code does not open this laptop's keyring. Nothing was changed.") from None
        raise AccessDenied("Wrong passphrase for this inspection. Nothing was changed.") from None
    ring = Keyring(
        inspection_id=inspection_id,
        inspector_id=secret["inspector_id"],
        inspection_key=crypto.unb64(secret["inspection_key"]),
        signing_key=crypto.signing_key_from_raw(crypto.unb64(secret["signing_key"])),
        root_device=str(secret.get("root_device") or ""),
        age_identity=str(secret.get("age_identity") or ""),
        epoch_keys={int(n): crypto.unb64(k) for n, k in dict(secret.get("epoch_keys") or {}).items()},
    )
    if ring.device_id != device_id:
        raise FieldworkError(f"The keyring file {path} does not match its own device key. Nothing was changed.")
    return ring


def change_passphrase(home: Path, old: str, new: str) -> None:
    ring = read_keyring(home, old)
    write_keyring(home, ring, new)
