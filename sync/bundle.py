"""Bundles: one file carrying a laptop's versions to the rest of the team (see sync/FORMAT.md).

The outer layer follows age v1 (C2SP): a short text header authenticated by an HMAC, then the
payload in 64 KiB AES-GCM chunks whose nonce is a counter and a last-chunk flag (age's STREAM),
so truncation, reordering, splicing or a flipped bit is caught before anything is applied. Every
check happens before `Workspace.import_versions`, which checks each version again and applies
them in one transaction: a refused bundle leaves the store byte-for-byte as it was.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldwork.errors import FieldworkError
from store import crypto
from store.versions import MalformedVersion, Version, decode_version

if TYPE_CHECKING:
    from store.workspace import ImportResult, Workspace

FORMAT = 1
MAGIC = b"fieldwork-bundle/v"
CHUNK = 64 * 1024
TAG = 16
SALT_BYTES = 16
SUFFIX = ".fwbundle"
# Far above any real inspection (24,000 versions is a few MiB), far below what would hurt a laptop.
MAX_BUNDLE_BYTES = 1 << 30
MAX_VERSION_BYTES = 16 << 20
_HEADER_MAX = 512
_ID = re.compile(rb"[0-9A-Za-z._-]{1,100}")
_HEX32 = re.compile(rb"[0-9a-f]{32}")
_HEX64 = re.compile(rb"[0-9a-f]{64}")

Progress = Callable[[int, int], None]


class BundleError(FieldworkError):
    """A bundle refused before anything was applied; the message names the file and the reason."""


@dataclass(frozen=True)
class BundleContents:
    inspection: str
    sender: str
    devices: dict[str, bytes]
    versions: list[tuple[bytes, bytes]]  # (raw stored bytes, signature), as the sender holds them


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(key)


def _keys(inspection_key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    # Two keys from one secret, separated by label; the per-bundle salt means no two bundles
    # share a payload key, so a chunk counter starting at 0 in every file never reuses a nonce.
    header = _hkdf(inspection_key, salt, b"fieldwork-bundle/v1 header")
    payload = _hkdf(inspection_key, salt, b"fieldwork-bundle/v1 payload")
    return header, payload


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _header_body(inspection: str, sender: str, salt: bytes) -> bytes:
    return (
        MAGIC + str(FORMAT).encode() + b"\n"
        + b"inspection " + inspection.encode("ascii") + b"\n"
        + b"device " + sender.encode("ascii") + b"\n"
        + b"salt " + salt.hex().encode() + b"\n"
        + b"---"
    )


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()


# --- writing ------------------------------------------------------------------------------------


def encode_payload(devices: dict[str, bytes], versions: Iterable[tuple[bytes, bytes]]) -> bytes:
    items = list(versions)
    parts = [struct.pack(">I", len(devices))]
    parts.extend(devices[d] for d in sorted(devices))
    parts.append(struct.pack(">I", len(items)))
    for raw, signature in items:
        parts.append(struct.pack(">I", len(raw)))
        parts.append(raw)
        parts.append(signature)
    return b"".join(parts)


def write_bundle(
    *,
    inspection: str,
    inspection_key: bytes,
    sender: str,
    devices: dict[str, bytes],
    versions: Iterable[tuple[bytes, bytes]],
    progress: Progress | None = None,
) -> bytes:
    salt = os.urandom(SALT_BYTES)
    header_key, payload_key = _keys(inspection_key, salt)
    body = _header_body(inspection, sender, salt)
    out = [body, b" ", _mac(header_key, body).hex().encode(), b"\n"]
    plain = encode_payload(devices, versions)
    aead = AESGCM(payload_key)
    # At least one chunk, even for an empty payload, so "header only" is always a truncation.
    count = max(1, -(-len(plain) // CHUNK))
    for i in range(count):
        piece = plain[i * CHUNK : (i + 1) * CHUNK]
        out.append(aead.encrypt(_nonce(i, i == count - 1), piece, None))
        if progress:
            progress(min((i + 1) * CHUNK, len(plain)), len(plain))
    return b"".join(out)


def export_bundle(ws: "Workspace", versions: Iterable[Version] | None = None, progress: Progress | None = None) -> tuple[bytes, int]:
    """My bundle: every version I hold, pending ones too (so they travel on), and every device key.

    Versions go in log order, which is parents-first, so the receiver applies them in one pass.
    """
    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    chosen = list(versions) if versions is not None else ws.all_versions() + ws.log.pending()
    data = write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=ws.devices(),
        versions=[(v.raw, v.signature) for v in chosen],
        progress=progress,
    )
    return data, len(chosen)


# --- reading ------------------------------------------------------------------------------------


def _refuse(name: str, reason: str) -> BundleError:
    return BundleError(f"{name} {reason}. Nothing was imported.")


def _parse_header(data: bytes, name: str) -> tuple[bytes, str, str, bytes, bytes, int]:
    """(authenticated header bytes, inspection, sender, salt, mac, payload offset)."""
    if not data:
        raise _refuse(name, "is empty, not a Fieldwork bundle")
    if len(data) <= len(MAGIC):
        raise _refuse(name, "is truncated: its header is incomplete" if MAGIC.startswith(data) else "is not a Fieldwork bundle")
    if not data.startswith(MAGIC):
        raise _refuse(name, "is not a Fieldwork bundle")
    first_end = data.find(b"\n", 0, 64)
    digits = data[len(MAGIC) : first_end] if first_end >= 0 else b""
    if first_end < 0 or not digits.isdigit() or len(digits) > 6:
        if first_end < 0 and len(data) < 64:
            raise _refuse(name, "is truncated: its header is incomplete")
        raise _refuse(name, "is not a Fieldwork bundle")
    if int(digits) != FORMAT:
        if int(digits) > FORMAT:
            raise _refuse(name, f"was made by a newer Fieldwork (bundle format {int(digits)}); update Fieldwork to read it")
        raise _refuse(name, f"has an unsupported bundle format ({int(digits)})")
    mac_at = data.find(b"\n--- ", 0, _HEADER_MAX)
    end = data.find(b"\n", mac_at + 1, _HEADER_MAX) if mac_at >= 0 else -1
    if end < 0:
        if len(data) < _HEADER_MAX:
            raise _refuse(name, "is truncated: its header is incomplete")
        raise _refuse(name, "is damaged: its header is malformed")
    lines = data[first_end + 1 : mac_at].split(b"\n")
    fields: dict[bytes, bytes] = {}
    for line in lines:
        label, _, value = line.partition(b" ")
        if label in fields:
            raise _refuse(name, "is damaged: its header is malformed")
        fields[label] = value
    mac_hex = data[mac_at + 5 : end]
    if (
        list(fields) != [b"inspection", b"device", b"salt"]
        or not _ID.fullmatch(fields[b"inspection"])
        or not _HEX32.fullmatch(fields[b"device"])
        or not _HEX32.fullmatch(fields[b"salt"])
        or not _HEX64.fullmatch(mac_hex)
    ):
        raise _refuse(name, "is damaged: its header is malformed")
    return (
        data[: mac_at + 4],
        fields[b"inspection"].decode("ascii"),
        fields[b"device"].decode("ascii"),
        bytes.fromhex(fields[b"salt"].decode()),
        bytes.fromhex(mac_hex.decode()),
        end + 1,
    )


def _decrypt_chunks(aead: AESGCM, body: bytes, name: str, progress: Progress | None) -> bytes:
    if not body:
        raise _refuse(name, "is truncated: it ends after its header")
    size = CHUNK + TAG
    count = -(-len(body) // size)
    plain: list[bytes] = []
    for i in range(count):
        piece = body[i * size : (i + 1) * size]
        last = i == count - 1
        try:
            chunk = aead.decrypt(_nonce(i, last), piece, None)
        except InvalidTag:
            if last and len(piece) == size and _opens(aead, _nonce(i, False), piece):
                raise _refuse(name, "is truncated: it ends at a chunk boundary before its last chunk") from None
            if not last and _opens(aead, _nonce(i, True), piece):
                raise _refuse(name, f"is damaged: data follows its last chunk (chunk {i + 1})") from None
            raise _refuse(name, f"is damaged or truncated: chunk {i + 1} of {count} does not verify") from None
        if last and not chunk and count > 1:
            # age forbids an empty last chunk unless it is the only one: one payload, one encoding.
            raise _refuse(name, "is damaged: its last chunk is empty")
        plain.append(chunk)
        if progress:
            progress(min((i + 1) * size, len(body)), len(body))
    return b"".join(plain)


def _opens(aead: AESGCM, nonce: bytes, piece: bytes) -> bool:
    try:
        aead.decrypt(nonce, piece, None)
        return True
    except InvalidTag:
        return False


def decode_payload(plain: bytes, name: str) -> tuple[dict[str, bytes], list[tuple[bytes, bytes]]]:
    """Strict: every length in range, no duplicates, nothing left over."""
    view = memoryview(plain)
    at = 0

    def take(n: int) -> bytes:
        nonlocal at
        if n < 0 or at + n > len(view):
            raise _refuse(name, "is damaged: its contents end early")
        out = bytes(view[at : at + n])
        at += n
        return out

    def count() -> int:
        return int(struct.unpack(">I", take(4))[0])

    devices: dict[str, bytes] = {}
    for _ in range(count()):
        public = take(32)
        devices[crypto.device_id_for(public)] = public
    versions: list[tuple[bytes, bytes]] = []
    seen: set[bytes] = set()
    for _ in range(count()):
        length = count()
        if not 0 < length <= MAX_VERSION_BYTES:
            raise _refuse(name, "is damaged: a version has an impossible length")
        raw = take(length)
        signature = take(64)
        digest = hashlib.sha256(raw).digest()
        if digest in seen:
            raise _refuse(name, "is malformed: it holds the same version twice")
        seen.add(digest)
        versions.append((raw, signature))
    if at != len(view):
        raise _refuse(name, "is damaged: it has data after its contents")
    return devices, versions


def read_bundle(
    data: bytes,
    *,
    inspection: str,
    inspection_key: bytes,
    name: str = "The bundle",
    progress: Progress | None = None,
) -> BundleContents:
    if len(data) > MAX_BUNDLE_BYTES:
        raise _refuse(name, "is larger than any bundle Fieldwork writes")
    header, their_inspection, sender, salt, mac, offset = _parse_header(data, name)
    if their_inspection != inspection:
        raise _refuse(name, "belongs to another inspection")
    header_key, payload_key = _keys(inspection_key, salt)
    if not hmac.compare_digest(_mac(header_key, header), mac):
        raise _refuse(name, "is damaged: its header does not verify")
    plain = _decrypt_chunks(AESGCM(payload_key), data[offset:], name, progress)
    devices, versions = decode_payload(plain, name)
    if sender not in devices:
        raise _refuse(name, "is malformed: its sender's key is missing")
    return BundleContents(their_inspection, sender, devices, versions)


def import_bundle(
    ws: "Workspace",
    data: bytes,
    *,
    name: str = "The bundle",
    progress: Progress | None = None,
    checking: Callable[[int], object] | None = None,
) -> "ImportResult":
    """Read, check and merge one bundle: all of it or none of it.

    `progress` follows the reading of the file; `checking` is told how many new versions are
    about to have their signatures checked, the slow part, so a screen can say so meanwhile.
    """
    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    contents = read_bundle(data, inspection=ring.inspection_id, inspection_key=ring.inspection_key, name=name, progress=progress)
    # Versions we hold already have the same bytes (the id is their hash), so decoding and
    # verifying them again would only cost time: with twelve laptops most of a bundle is known.
    known = ws.log.version_ids() | ws.log.pending_ids()
    fresh: list[Version] = []
    present = 0
    for raw, signature in contents.versions:
        if hashlib.sha256(raw).hexdigest() in known:
            present += 1
            continue
        try:
            fresh.append(decode_version(raw, signature))
        except MalformedVersion as err:
            raise _refuse(name, f"holds a malformed version ({err})") from None
    if checking and fresh:
        checking(len(fresh))
    try:
        result = ws.import_versions(fresh, contents.devices)
    except BundleError:
        raise
    except FieldworkError as err:
        # import_versions speaks of "the bundle"; name the file so a person knows which one.
        raise BundleError(f"{name}: {err}") from None
    result.present += present
    return result
