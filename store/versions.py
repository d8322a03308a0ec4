"""A version: one immutable step in a record's history, exactly as it is stored and shipped.

The stored bytes are canonical JSON holding the metadata merging needs (ids, kind, parents,
clock, author, device, operation) in clear and the payload as AES-GCM ciphertext whose
associated data is that same metadata, so neither can be swapped. The version id is the SHA-256
of those exact bytes, and the device's Ed25519 signature covers those exact bytes: nothing is
ever re-serialised before hashing or verifying.
"""

from __future__ import annotations

import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any, Iterable, NamedTuple

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from store import crypto

FORMAT = 1
OPS = ("put", "delete")
_FIELDS = {"v", "i", "r", "k", "p", "c", "d", "a", "o", "n", "x"}
_HEX = {32: re.compile("[0-9a-f]{32}").fullmatch, 64: re.compile("[0-9a-f]{64}").fullmatch}


class MalformedVersion(ValueError):
    """The bytes are not a version this Fieldwork can read."""


# One encoder for the process: json.dumps with options builds a new encoder on every call, and a
# merge encodes a quarter of a million small objects.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical_json(obj: Any) -> bytes:
    return _CANONICAL(obj).encode("utf-8")


class Version(NamedTuple):
    """Immutable, as the graph's `Meta` is: a merge makes tens of thousands, and a tuple is made
    ten times faster than a frozen dataclass."""

    id: str
    raw: bytes
    signature: bytes
    inspection: str
    record: str
    kind: str
    parents: tuple[str, ...]
    clock: str
    device: str
    author: str
    op: str
    nonce: bytes
    ciphertext: bytes

    @property
    def deleted(self) -> bool:
        return self.op == "delete"


def _layout(inspection: str, record: str, kind: str, parents: Any, clock: str, device: str, author: str, op: str) -> tuple[str, str]:
    """The canonical JSON of the metadata, in the two pieces the nonce goes between.

    Exactly what `canonical_json` writes for these fields (sorted keys, no spaces, the same
    string encoder), built directly: decoding checks every version against it, and a merge
    decodes tens of thousands. Device, operation and parents are checked as hex or known words
    before this is called, so they need no escaping.
    """
    q = encode_basestring
    listed = '["' + '","'.join(parents) + '"]' if parents else "[]"
    head = f'{{"a":{q(author)},"c":{q(clock)},"d":"{device}","i":{q(inspection)},"k":{q(kind)},'
    tail = f'"o":"{op}","p":{listed},"r":{q(record)},"v":{FORMAT}'
    return head, tail


def _metadata(inspection: str, record: str, kind: str, parents: tuple[str, ...], clock: str, device: str, author: str, op: str) -> dict[str, Any]:
    return {"v": FORMAT, "i": inspection, "r": record, "k": kind, "p": list(parents), "c": clock, "d": device, "a": author, "o": op}


def version_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def make_version(
    *,
    key: bytes,
    signing_key: crypto.Ed25519PrivateKey,
    inspection: str,
    record: str,
    kind: str,
    parents: tuple[str, ...] | list[str],
    clock: str,
    author: str,
    op: str,
    payload: dict[str, Any],
) -> Version:
    if op not in OPS:
        raise ValueError(f"unknown operation {op!r}")
    device = crypto.device_id_for(crypto.public_raw(signing_key))
    ordered = tuple(sorted(set(parents)))
    meta = _metadata(inspection, record, kind, ordered, clock, device, author, op)
    nonce, ciphertext = crypto.seal(key, canonical_json(payload), canonical_json(meta))
    raw = canonical_json({**meta, "n": crypto.b64(nonce), "x": crypto.b64(ciphertext)})
    return Version(
        id=version_id(raw),
        raw=raw,
        signature=crypto.sign(signing_key, raw),
        inspection=inspection,
        record=record,
        kind=kind,
        parents=ordered,
        clock=clock,
        device=device,
        author=author,
        op=op,
        nonce=nonce,
        ciphertext=ciphertext,
    )


def _is_hex(text: Any, length: int) -> bool:
    return isinstance(text, str) and _HEX[length](text) is not None


# A string field whose canonical encoding is itself in quotes: nothing encode_basestring would
# escape, between 1 and 100 characters (the limits decode_version sets).
_PLAIN = r'"([^"\\\x00-\x1f]{1,100})"'
# The canonical layout (_layout) of a version whose strings need no escaping, every version
# Fieldwork writes, up to the ciphertext: matching it is the parse, the field checks and the
# canonical-form check in one. The ciphertext, most of the bytes, is left to the base64 decoder,
# whose strict mode refuses any character a JSON string would have had to escape.
_CANONICAL_HEAD = re.compile(
    rf'\{{"a":{_PLAIN},"c":{_PLAIN},"d":"([0-9a-f]{{32}})","i":{_PLAIN},"k":{_PLAIN},"n":"([A-Za-z0-9+/=]*)",'
    rf'"o":"({"|".join(OPS)})","p":\[((?:"[0-9a-f]{{64}}"(?:,"[0-9a-f]{{64}}")*)?)\],"r":{_PLAIN},"v":{FORMAT}'
).fullmatch
_CIPHER_FIELD = ',"x":"'


def _decode_plain(text: str, raw: bytes, signature: bytes, vid: str | None) -> Version | None:
    """The fast path of decode_version: None whenever the slow path must decide (and word the
    refusal), so the two accept exactly the same bytes (tests/store/test_decode_fast_path.py)."""
    # Base64 holds no quote, so the last `,"x":"` is where the ciphertext starts, if anywhere.
    cut = text.rfind(_CIPHER_FIELD)
    if cut < 0 or not text.endswith('"}'):
        return None
    match = _CANONICAL_HEAD(text, 0, cut)
    if match is None:
        return None
    author, clock, device, inspection, kind, n, op, listed, record = match.groups()
    parents = listed[1:-1].split('","') if listed else []
    if len(parents) > 1 and any(a >= b for a, b in zip(parents, parents[1:])):
        return None  # not sorted, or the same parent twice
    try:
        nonce = binascii.a2b_base64(n, strict_mode=True)
        ciphertext = binascii.a2b_base64(text[cut + len(_CIPHER_FIELD) : -2], strict_mode=True)
    except (ValueError, TypeError):
        return None
    if len(nonce) != crypto.NONCE_BYTES or not isinstance(signature, bytes) or len(signature) != 64:
        return None
    return Version(vid or version_id(raw), raw, signature, inspection, record, kind, tuple(parents), clock, device, author, op, nonce, ciphertext)


def decode_version(raw: bytes, signature: bytes, *, trusted: bool = False, vid: str | None = None) -> Version:
    """Strict parse of stored bytes. Signature and decryption are checked separately.

    `trusted` skips the check that the bytes are in canonical form: for bytes read back from our
    own log, which were checked (or made canonical) on the way in. Unlock reads thousands of them.
    `vid` is `version_id(raw)` when the caller has hashed the bytes already.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedVersion("not JSON") from None
    # Every version Fieldwork writes takes the fast path (a merge decodes 24,000, three times
    # faster this way); anything else is parsed as JSON and checked field by field below.
    fast = _decode_plain(text, raw, signature, vid)
    if fast is not None:
        return fast
    return _decode_json(text, raw, signature, trusted, vid)


def _decode_json(text: str, raw: bytes, signature: bytes, trusted: bool, vid: str | None) -> Version:
    """The slow path: parsed as JSON, every field checked, and the refusal worded."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise MalformedVersion("not JSON") from None
    if not isinstance(data, dict) or data.keys() != _FIELDS:
        raise MalformedVersion("unexpected fields")
    if data["v"] != FORMAT:
        raise MalformedVersion(f"version format {data['v']!r:.20} is not supported")
    parents = data["p"]
    if not isinstance(parents, list) or not all(_is_hex(p, 64) for p in parents) or parents != sorted(set(parents)):
        raise MalformedVersion("bad parents")
    for name in ("i", "r", "k", "c", "a"):
        if not isinstance(data[name], str) or not data[name] or len(data[name]) > 100:
            raise MalformedVersion(f"bad field {name}")
    if not _is_hex(data["d"], 32) or data["o"] not in OPS:
        raise MalformedVersion("bad device or operation")
    n, x = data["n"], data["x"]
    if not isinstance(n, str) or not isinstance(x, str):
        raise MalformedVersion("bad ciphertext encoding")
    if not trusted:
        # Only the canonical form is accepted, so one version has exactly one id. The nonce and
        # ciphertext go in as they are: if either needed escaping, the text cannot match.
        head, tail = _layout(data["i"], data["r"], data["k"], parents, data["c"], data["d"], data["a"], data["o"])
        if text != f'{head}"n":"{n}",{tail},"x":"{x}"}}':
            raise MalformedVersion("not in canonical form")
    try:
        # As crypto.unb64, without its wrapping: only the alphabet, padding only at the end.
        nonce = binascii.a2b_base64(n, strict_mode=True)
        ciphertext = binascii.a2b_base64(x, strict_mode=True)
    except (ValueError, TypeError):
        raise MalformedVersion("bad ciphertext encoding") from None
    if len(nonce) != crypto.NONCE_BYTES or not isinstance(signature, bytes) or len(signature) != 64:
        raise MalformedVersion("bad nonce or signature length")
    return Version(
        vid or version_id(raw),
        raw,
        signature,
        data["i"],
        data["r"],
        data["k"],
        tuple(parents),
        data["c"],
        data["d"],
        data["a"],
        data["o"],
        nonce,
        ciphertext,
    )


_NONCE_KEY = b'"n":"'
_CIPHER_KEY = b',"x":"'
_NONCE_TEXT = 4 * -(-crypto.NONCE_BYTES // 3)  # its base64 length: 16 characters for 12 bytes


def associated_data(version: Version) -> bytes:
    """The metadata's canonical JSON: the stored bytes without the nonce and the ciphertext.

    Cut straight out of the bytes, which are canonical (checked on the way in, or our own):
    `"n":"` cannot occur inside a JSON string, whose quotes are escaped, and base64 holds no
    quote, so the first `"n":"` and the last `,"x":"` are the fields themselves.
    """
    raw = version.raw
    at = raw.find(_NONCE_KEY)
    end = raw.rfind(_CIPHER_KEY)
    if at < 0 or end < at or raw[at + 5 + _NONCE_TEXT : at + 7 + _NONCE_TEXT] != b'",':
        head, tail = _layout(version.inspection, version.record, version.kind, version.parents, version.clock, version.device, version.author, version.op)
        return f"{head}{tail}}}".encode("utf-8")
    return raw[:at] + raw[at + 7 + _NONCE_TEXT : end] + b"}"


def payload_cipher(key: bytes) -> AESGCM:
    """For a caller that decrypts many versions: made once, handed to `decrypt_text`."""
    return AESGCM(key)


class KeyChain:
    """The inspection's keys, one per key epoch, as one cipher for `decrypt_text`: a version is
    opened with whichever sealed it, newest first (a wrong key fails its tag in a microsecond).
    After a revocation new versions are sealed with the new epoch's key; older ones keep theirs."""

    def __init__(self, keys: Iterable[bytes]) -> None:
        self._ciphers = [AESGCM(k) for k in keys]
        if not self._ciphers:
            raise ValueError("no key")

    def decrypt(self, nonce: bytes, data: bytes, associated: bytes) -> bytes:
        for cipher in self._ciphers[:-1]:
            try:
                return cipher.decrypt(nonce, data, associated)
            except crypto.InvalidTag:
                continue
        return self._ciphers[-1].decrypt(nonce, data, associated)

    def __repr__(self) -> str:
        return f"KeyChain({len(self._ciphers)} keys, redacted)"


def decrypt_text(version: Version, key: bytes, aead: "AESGCM | KeyChain | None" = None) -> str:
    """The payload's JSON text. Raises crypto.InvalidTag on a wrong key or any tampering.

    `aead` is `payload_cipher(key)`, made once by a caller that decrypts many versions.
    """
    return (aead or AESGCM(key)).decrypt(version.nonce, version.ciphertext, associated_data(version)).decode("utf-8")


def decrypt_payload(version: Version, key: bytes, aead: "AESGCM | KeyChain | None" = None) -> dict[str, Any]:
    """Raises crypto.InvalidTag when the key is wrong or the version was tampered with."""
    payload = json.loads(decrypt_text(version, key, aead))
    if not isinstance(payload, dict):
        raise MalformedVersion("payload is not an object")
    return payload


def verify_version(version: Version, public_key: bytes) -> bool:
    return crypto.device_id_for(public_key) == version.device and crypto.verify(public_key, version.signature, version.raw)


# --- attestations: one signature for many versions ---------------------------------------------

ATTESTATION = b"fieldwork-attestation/v1"
# The kinds an invite carries with their own signatures, which a joiner checks one by one: these
# are always verified individually on import, so a store never hands on one that would fail.
INVITE_KINDS = ("inspection", "inspector")


@dataclass(frozen=True)
class Attestation:
    """A device's signature over a set of version ids: "these versions are mine".

    Each id is the SHA-256 of a version's exact bytes, which name the device, so the device's
    key signing the id vouches for the bytes as surely as its signature over the bytes does.
    A laptop attests its own versions in every bundle it writes; a receiver keeps the attestation
    and passes it on with those versions, so every later receiver checks one signature instead
    of one per version (sync/FORMAT.md, "Attestations").
    """

    device: str
    signature: bytes
    ids: bytes  # the ids, 32 raw bytes each, in ascending order, none twice

    def covered(self) -> set[str]:
        return {self.ids[i : i + 32].hex() for i in range(0, len(self.ids), 32)}


def attestation_message(inspection: str, device: str, ids: bytes) -> bytes:
    """What the device signs: a label no version's bytes can start with, then what is vouched for."""
    return b"%s\ninspection %s\ndevice %s\nversions %d %s\n" % (
        ATTESTATION,
        inspection.encode("utf-8"),
        device.encode("ascii"),
        len(ids) // 32,
        hashlib.sha256(ids).hexdigest().encode("ascii"),
    )


def id_list(version_ids: Iterable[str]) -> bytes:
    """Ids as an attestation holds them: raw, ascending, each once."""
    return b"".join(sorted({bytes.fromhex(v) for v in version_ids}))


def attest(signing_key: crypto.Ed25519PrivateKey, inspection: str, version_ids: Iterable[str]) -> Attestation:
    device = crypto.device_id_for(crypto.public_raw(signing_key))
    ids = id_list(version_ids)
    return Attestation(device, crypto.sign(signing_key, attestation_message(inspection, device, ids)), ids)


def verify_attestation(attestation: Attestation, public_key: bytes, inspection: str) -> bool:
    return crypto.device_id_for(public_key) == attestation.device and crypto.verify(
        public_key, attestation.signature, attestation_message(inspection, attestation.device, attestation.ids)
    )
