"""Bundles: one file carrying a laptop's versions to the rest of the team (see sync/FORMAT.md).

The outer layer follows age v1 (C2SP): a short text header authenticated by an HMAC, then the
payload in 64 KiB AES-GCM chunks whose nonce is a counter and a last-chunk flag (age's STREAM),
so truncation, reordering, splicing or a flipped bit is caught before anything is applied. Inside,
the versions travel with attestations (format 2): one device signature over the ids of many of
that device's versions, the sender's own and those it passes on, so a receiver checks a dozen
signatures rather than one per version. Every check happens before `sync.merge.import_versions`
applies anything, in one transaction: a refused bundle leaves the store byte-for-byte as it was.
"""

from __future__ import annotations

import base64
import gc
import io
import hashlib
import hmac
import os
import re
import struct
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldwork.errors import FieldworkError
from store import crypto
from store.versions import Attestation, MalformedVersion, Version, attest, decode_version
from sync.merge import held_ids, import_versions

if TYPE_CHECKING:
    from store.workspace import ImportResult, Workspace

FORMAT = 3  # what this Fieldwork writes
# Format 1: no attestations, every version verified by its own signature. Format 2: attestations.
# Format 3: the header names the key epoch, and after a revocation carries that epoch's key sealed
# to the remaining devices (sync/FORMAT.md, "Key epochs").
READABLE = (1, 2, 3)
MAGIC = b"fieldwork-bundle/v"
CHUNK = 64 * 1024
TAG = 16
SALT_BYTES = 16
SUFFIX = ".fwbundle"
# Far above any real inspection (24,000 versions is a few MiB), far below what would hurt a laptop.
MAX_BUNDLE_BYTES = 1 << 30
MAX_VERSION_BYTES = 16 << 20
_HEADER_MAX = 512
_HEADER_MAX_V3 = 64 * 1024  # the epoch line carries an age file with a stanza per remaining device
_EPOCH = re.compile(rb"(0|[1-9][0-9]{0,5})(?: ([A-Za-z0-9+/]+={0,2}))?")
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
    ids: list[str]  # each version's id (the SHA-256 of its bytes, hex), in the same order
    attestations: list[Attestation]  # none in format 1; not yet verified
    format: int = FORMAT
    epoch: int = 0  # the key epoch the bundle is sealed in
    epoch_key: bytes | None = None  # that epoch's key, when it was unsealed from the header (a key new to the reader)

    def __repr__(self) -> str:
        return f"BundleContents(inspection={self.inspection!r}, sender={self.sender!r}, versions={len(self.versions)}, epoch={self.epoch})"


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(key)


def _keys(inspection_key: bytes, salt: bytes) -> tuple[bytes, bytes]:
    # Two keys from one secret, separated by label; the per-bundle salt means no two bundles
    # share a payload key, so a chunk counter starting at 0 in every file never reuses a nonce.
    # Format 2 keeps format 1's labels: the format number is in the MAC'd header already.
    header = _hkdf(inspection_key, salt, b"fieldwork-bundle/v1 header")
    payload = _hkdf(inspection_key, salt, b"fieldwork-bundle/v1 payload")
    return header, payload


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def _header_body(inspection: str, sender: str, salt: bytes, epoch: int = 0, sealed: bytes = b"") -> bytes:
    epoch_line = b"epoch " + str(epoch).encode() + ((b" " + base64.b64encode(sealed)) if sealed else b"") + b"\n"
    return (
        MAGIC + str(FORMAT).encode() + b"\n"
        + b"inspection " + inspection.encode("ascii") + b"\n"
        + b"device " + sender.encode("ascii") + b"\n"
        + epoch_line
        + b"salt " + salt.hex().encode() + b"\n"
        + b"---"
    )


def _mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()


# --- writing ------------------------------------------------------------------------------------


def encode_payload(
    devices: dict[str, bytes],
    versions: Iterable[tuple[bytes, bytes]],
    attestations: Iterable[Attestation] = (),
    ids: list[bytes] | None = None,
) -> bytes:
    """The format 2 plaintext. `ids` are the versions' raw 32-byte ids if the caller has them.

    An attestation is written only if its device's key is among `devices` and every version it
    covers is in the bundle: the receiver could not check it otherwise.
    """
    items = list(versions)
    order = sorted(devices)
    parts = [struct.pack(">I", len(devices))]
    parts.extend(devices[d] for d in order)
    parts.append(struct.pack(">I", len(items)))
    for raw, signature in items:
        parts.append(struct.pack(">I", len(raw)))
        parts.append(raw)
        parts.append(signature)
    written: list[bytes] = []
    chosen = [a for a in attestations if a.device in devices]
    if chosen:
        if ids is None:
            ids = [hashlib.sha256(raw).digest() for raw, _ in items]
        where = {vid: i for i, vid in enumerate(ids)}
        key_index = {d: i for i, d in enumerate(order)}
        for a in chosen:
            at = [where.get(a.ids[i : i + 32]) for i in range(0, len(a.ids), 32)]
            if not at or None in at:
                continue
            indices = sorted(i for i in at if i is not None)
            written.append(struct.pack(f">I64sI{len(indices)}I", key_index[a.device], a.signature, len(indices), *indices))
    parts.append(struct.pack(">I", len(written)))
    parts.extend(written)
    return b"".join(parts)


def write_bundle(
    *,
    inspection: str,
    inspection_key: bytes,
    sender: str,
    devices: dict[str, bytes],
    versions: Iterable[tuple[bytes, bytes]],
    attestations: Iterable[Attestation] = (),
    ids: list[bytes] | None = None,
    progress: Progress | None = None,
    epoch: int = 0,
    sealed_key: bytes = b"",
) -> bytes:
    """`inspection_key` is the key of `epoch` (the inspection key itself in epoch 0); after a
    revocation `sealed_key` is that key sealed to the remaining devices (an age file)."""
    salt = os.urandom(SALT_BYTES)
    header_key, payload_key = _keys(inspection_key, salt)
    body = _header_body(inspection, sender, salt, epoch, sealed_key)
    out = [body, b" ", _mac(header_key, body).hex().encode(), b"\n"]
    plain = encode_payload(devices, versions, attestations, ids)
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
    My own versions go with my attestation of them, signed now; others' with the attestations
    this store kept when it took them in, so a receiver checks a signature a device, not a version.
    """
    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    if versions is None:
        # Straight from the log: what goes out is the stored bytes, with no need to decode them.
        # Never what the trust chain refused (on import, or in this store when it was opened).
        status = ws.judge.status
        rows = [
            row
            for row in ws.log.shipping() + [(v.id, v.device, v.raw, v.signature) for v in ws.log.pending()]
            if status.get(row[0]) in ("accepted", "waiting")
        ]
        # My own versions that were refused still go out as mine (never anyone else's): a second
        # device that used an invite, or a revoked one, is then shown to the lead, who decides.
        rows += [(v.id, v.device, v.raw, v.signature) for v, _why, _source in ws.log.quarantined() if v.device == ring.device_id]
    else:
        rows = [(v.id, v.device, v.raw, v.signature) for v in versions]
    me = ring.device_id
    mine = [vid for vid, device, _, _ in rows if device == me]
    kept = [a for a in ws.log.attestations() if a.device != me]
    epoch = ws.current_epoch
    data = write_bundle(
        epoch=epoch,
        sealed_key=ws.sealed_epoch_key(epoch),
        inspection=ring.inspection_id,
        inspection_key=ws.current_key,
        sender=me,
        devices=ws.devices(),
        versions=[(raw, signature) for _, _, raw, signature in rows],
        attestations=([attest(ring.signing_key, ring.inspection_id, mine)] if mine else []) + kept,
        ids=[bytes.fromhex(vid) for vid, _, _, _ in rows],
        progress=progress,
    )
    return data, len(rows)


# --- reading ------------------------------------------------------------------------------------


def _refuse(name: str, reason: str) -> BundleError:
    return BundleError(f"{name} {reason}. Nothing was imported.")


def _parse_header(data: bytes, name: str) -> tuple[int, bytes, str, str, bytes, bytes, int, int, bytes]:
    """(format, authenticated header bytes, inspection, sender, salt, mac, payload offset, key
    epoch, the epoch's key sealed to the team's devices or b"")."""
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
    if int(digits) not in READABLE:
        if int(digits) > FORMAT:
            raise _refuse(name, f"was made by a newer Fieldwork (bundle format {int(digits)}); update Fieldwork to read it")
        raise _refuse(name, f"has an unsupported bundle format ({int(digits)})")
    limit = _HEADER_MAX_V3 if int(digits) >= 3 else _HEADER_MAX
    mac_at = data.find(b"\n--- ", 0, limit)
    end = data.find(b"\n", mac_at + 1, limit) if mac_at >= 0 else -1
    if end < 0:
        if len(data) < limit:
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
    labels = [b"inspection", b"device", b"epoch", b"salt"] if int(digits) >= 3 else [b"inspection", b"device", b"salt"]
    epoch_match = _EPOCH.fullmatch(fields.get(b"epoch", b"0"))
    if (
        list(fields) != labels
        or epoch_match is None
        or not _ID.fullmatch(fields[b"inspection"])
        or not _HEX32.fullmatch(fields[b"device"])
        or not _HEX32.fullmatch(fields[b"salt"])
        or not _HEX64.fullmatch(mac_hex)
    ):
        raise _refuse(name, "is damaged: its header is malformed")
    return (
        int(digits),
        data[: mac_at + 4],
        fields[b"inspection"].decode("ascii"),
        fields[b"device"].decode("ascii"),
        bytes.fromhex(fields[b"salt"].decode()),
        bytes.fromhex(mac_hex.decode()),
        end + 1,
        int(epoch_match.group(1)),
        base64.b64decode(epoch_match.group(2)) if epoch_match.group(2) else b"",
    )


def _opened(data: bytes | BinaryIO) -> tuple[BinaryIO, int]:
    """A bundle as a stream and the number of bytes it has left: bytes in memory, or an open file
    (read a chunk at a time, so the ciphertext is never held whole beside the plaintext)."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return io.BytesIO(data), len(data)
    start = data.tell()
    end = data.seek(0, io.SEEK_END)
    data.seek(start)
    return data, end - start


def _exactly(stream: BinaryIO, count: int, name: str) -> bytes:
    parts: list[bytes] = []
    wanted = count
    while wanted:
        piece = stream.read(wanted)
        if not piece:
            raise _refuse(name, "is truncated: it ended while it was being read")
        parts.append(piece)
        wanted -= len(piece)
    return b"".join(parts)


def _decrypt_chunks(aead: AESGCM, first: bytes, rest: BinaryIO, length: int, name: str, progress: Progress | None) -> bytes:
    """The payload of a body `length` bytes long: `first` (read with the header), then `rest`."""
    if not length:
        raise _refuse(name, "is truncated: it ends after its header")
    size = CHUNK + TAG
    count = -(-length // size)
    plain: list[bytes] = []
    buffered = first
    for i in range(count):
        want = min(size, length - i * size)
        if len(buffered) < want:
            buffered += _exactly(rest, want - len(buffered), name)
        piece, buffered = buffered[:want], buffered[want:]
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
            progress(min((i + 1) * size, length), length)
    return b"".join(plain)


def _opens(aead: AESGCM, nonce: bytes, piece: bytes) -> bool:
    try:
        aead.decrypt(nonce, piece, None)
        return True
    except InvalidTag:
        return False


def decode_payload(
    plain: bytes, name: str, fmt: int = FORMAT
) -> tuple[dict[str, bytes], list[tuple[bytes, bytes]], list[bytes], list[Attestation]]:
    """Strict: every length and index in range, no duplicates, nothing left over.

    Returns the device keys, the (raw, signature) pairs, each version's raw 32-byte id, and the
    attestations with their indices turned into ids (their signatures are checked on import).
    """
    size = len(plain)
    at = 0

    def count() -> int:
        nonlocal at
        if at + 4 > size:
            raise _refuse(name, "is damaged: its contents end early")
        (n,) = struct.unpack_from(">I", plain, at)
        at += 4
        return int(n)

    keys: list[bytes] = []
    for _ in range(count()):
        if at + 32 > size:
            raise _refuse(name, "is damaged: its contents end early")
        keys.append(plain[at : at + 32])
        at += 32
    devices = {crypto.device_id_for(public): public for public in keys}
    versions: list[tuple[bytes, bytes]] = []
    ids: list[bytes] = []
    sha256 = hashlib.sha256
    for _ in range(count()):
        length = count()
        if not 0 < length <= MAX_VERSION_BYTES:
            raise _refuse(name, "is damaged: a version has an impossible length")
        if at + length + 64 > size:
            raise _refuse(name, "is damaged: its contents end early")
        raw = plain[at : at + length]
        versions.append((raw, plain[at + length : at + length + 64]))
        ids.append(sha256(raw).digest())
        at += length + 64
    if len(set(ids)) != len(ids):
        raise _refuse(name, "is malformed: it holds the same version twice")
    attestations: list[Attestation] = []
    if fmt >= 2:
        attested: set[tuple[str, bytes]] = set()
        for _ in range(count()):
            key = count()
            if key >= len(keys):
                raise _refuse(name, "is malformed: an attestation names no device of the bundle")
            device = crypto.device_id_for(keys[key])
            if at + 64 > size:
                raise _refuse(name, "is damaged: its contents end early")
            signature = plain[at : at + 64]
            at += 64
            covered = count()
            if not 0 < covered <= len(versions) or at + 4 * covered > size:
                raise _refuse(name, "is damaged: an attestation has an impossible length")
            indices = struct.unpack_from(f">{covered}I", plain, at)
            at += 4 * covered
            if indices[-1] >= len(versions) or any(a >= b for a, b in zip(indices, indices[1:])):
                raise _refuse(name, "is malformed: an attestation's versions are out of order or out of range")
            attestation = Attestation(device, signature, b"".join(sorted(ids[i] for i in indices)))
            if (device, attestation.ids) in attested:
                raise _refuse(name, "is malformed: it holds the same attestation twice")
            attested.add((device, attestation.ids))
            attestations.append(attestation)
    if at != size:
        raise _refuse(name, "is damaged: it has data after its contents")
    return devices, versions, ids, attestations


def read_bundle(
    data: bytes | BinaryIO,
    *,
    inspection: str,
    inspection_key: bytes,
    name: str = "The bundle",
    progress: Progress | None = None,
    epoch_keys: Mapping[int, bytes] | None = None,
    unseal: Callable[[bytes], bytes | None] | None = None,
) -> BundleContents:
    """`inspection_key` opens epoch 0; `epoch_keys` any later epoch the reader knows; `unseal`
    opens a later epoch's key from the header with the reader's own device key, if it can.
    `data` is the bundle's bytes or a file open for reading (then read as a stream)."""
    stream, total = _opened(data)
    if total > MAX_BUNDLE_BYTES:
        raise _refuse(name, "is larger than any bundle Fieldwork writes")
    # The parser never looks past the longest header, so it reads only this much of the file.
    head = stream.read(max(_HEADER_MAX, _HEADER_MAX_V3))
    fmt, header, their_inspection, sender, salt, mac, offset, epoch, sealed = _parse_header(head, name)
    if their_inspection != inspection:
        raise _refuse(name, "belongs to another inspection")
    key: bytes | None = inspection_key if epoch == 0 else (epoch_keys or {}).get(epoch)
    learned = None
    if key is None and sealed and unseal is not None:
        key = learned = unseal(sealed)
    if key is None:
        raise _refuse(
            name,
            f"is sealed with the team's key from after a revocation (epoch {epoch}), which this laptop was not given: "
            "it may be the revoked laptop, or it needs the lead's newer invite",
        )
    header_key, payload_key = _keys(key, salt)
    if not hmac.compare_digest(_mac(header_key, header), mac):
        raise _refuse(name, "is damaged: its header does not verify")
    plain = _decrypt_chunks(AESGCM(payload_key), head[offset:], stream, total - offset, name, progress)
    devices, versions, ids, attestations = decode_payload(plain, name, fmt)
    if sender not in devices:
        raise _refuse(name, "is malformed: its sender's key is missing")
    return BundleContents(their_inspection, sender, devices, versions, [i.hex() for i in ids], attestations, fmt, epoch, learned)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A merge makes a few objects per version and keeps most of them, tens of thousands a
    bundle: the cyclic collector would walk the growing heap again and again for nothing (as
    `Workspace._load` knows). It runs again as soon as the bundle is in."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_bundle(
    ws: "Workspace",
    data: bytes | BinaryIO,
    *,
    name: str = "The bundle",
    progress: Progress | None = None,
    checking: Callable[[int], object] | None = None,
) -> "ImportResult":
    """Read, check and merge one bundle: all of it or none of it.

    `progress` follows the reading of the file; `checking` is told how many new versions are
    about to be checked, decrypted and applied, most of the time a bundle takes after reading, so
    a screen can say so meanwhile.
    """
    with _collector_paused():
        return _import(ws, data, name, progress, checking)


def _import(
    ws: "Workspace", data: bytes | BinaryIO, name: str, progress: Progress | None, checking: Callable[[int], object] | None
) -> "ImportResult":
    ring = ws.ring
    if ring is None:
        raise FieldworkError("The inspection is locked.")
    contents = read_bundle(
        data,
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        name=name,
        progress=progress,
        epoch_keys=ws.keys,
        unseal=ws.unseal_epoch_key,
    )
    if contents.epoch_key is not None:
        # A later epoch's key, sealed to this device: known from now on (and again on every open,
        # from the epoch record that came in the same bundle).
        ws.learn_epoch_key(contents.epoch, contents.epoch_key)
    # Versions we hold already have the same bytes (the id is their hash), so decoding and
    # verifying them again would only cost time: with twelve laptops most of a bundle is known.
    known = held_ids(ws)
    fresh: list[Version] = []
    present = 0
    for (raw, signature), vid in zip(contents.versions, contents.ids):
        if vid in known:
            present += 1
            continue
        try:
            fresh.append(decode_version(raw, signature, vid=vid))
        except MalformedVersion as err:
            raise _refuse(name, f"holds a malformed version ({err})") from None
    if checking and fresh:
        checking(len(fresh))
    try:
        result = import_versions(ws, fresh, contents.devices, contents.attestations, source=name)
    except BundleError:
        raise
    except FieldworkError as err:
        # import_versions speaks of "the bundle"; name the file so a person knows which one.
        raise BundleError(f"{name}: {err}") from None
    result.present += present
    return result
