"""The paper key's age identity: what lets a lead restored from the paper read every key epoch (issue 11).

Each key epoch's key is sealed (age, X25519) to the devices that remain after a revocation, and
the paper kit holds only the key of the epoch it was written in. So the paper seed also yields an
X25519 identity, the same every time it is derived: its recipient goes into the inspection's first
version beside the paper key's public half, the lead seals every new epoch's key to it too
(store/team.py), and `lead restore` opens them all with it (sync/restore.py). The identity is
derived while it is needed and never stored: the paper stays the only place it can come from.

Derivation (sync/FORMAT.md, "The paper key and restore"): 32 bytes of HKDF-SHA-256 over the seed
with no salt and the info below, clamped as RFC 7748 does X25519 scalars, written as age writes an
identity (Bech32, `AGE-SECRET-KEY-1…`, upper case).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldwork import bech32
from fieldwork import trust as tr
from store import crypto

INFO = b"fieldwork-paper-key/v1 age-x25519-identity"
IDENTITY_HRP = "age-secret-key-"
RECIPIENT_HRP = "age"
FIELD = "paper_recipient"  # of the inspection record's first version
PAPER = "paper"  # how an epoch record's `recipients` names the paper key


def scalar(seed: bytes) -> bytes:
    """The identity's 32-byte X25519 secret scalar, clamped (RFC 7748, section 5)."""
    raw = bytearray(HKDF(algorithm=SHA256(), length=32, salt=None, info=INFO).derive(seed))
    raw[0] &= 248
    raw[31] &= 127
    raw[31] |= 64
    return bytes(raw)


def identity(seed: bytes) -> str:
    """The paper key's age identity, as pyrage reads one."""
    return bech32.encode(IDENTITY_HRP, scalar(seed)).upper()


def recipient(seed: bytes) -> str:
    """The paper key's age recipient (`age1…`): public, written into the inspection."""
    return crypto.age_recipient(identity(seed))


def is_recipient(text: str) -> bool:
    """A well-formed age X25519 recipient: Bech32 with the `age` prefix and 32 bytes."""
    try:
        hrp, data = bech32.decode(text)
    except bech32.Bech32Error:
        return False
    return hrp == RECIPIENT_HRP and len(data) == 32 and text == text.lower()


def of_inspection(judge: tr.Judge) -> str:
    """The paper recipient the inspection's accepted first version names, or "" (an inspection
    made before it existed, or one with no paper key). Only the first version counts, as for the
    paper key itself: a later edit of the inspection cannot swap the recipient."""
    for vid, seen in judge.versions.items():
        if seen.kind == "inspection" and not seen.parents and judge.status.get(vid) == tr.OK:
            named = str(judge.payloads.get(vid, {}).get(FIELD) or "")
            return named if is_recipient(named) else ""
    return ""
