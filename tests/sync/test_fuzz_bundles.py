"""Fuzzing bundles: many random mutations of valid bundles, each refused cleanly or imported whole.

The outer layer (header, 64 KiB AES-GCM chunks) is mutated as a damaged USB stick or a confused
copy would: truncations, bit flips, overwritten and inserted bytes, chunks spliced in from another
bundle, duplicated, dropped or swapped, headers swapped between two inspections, edited headers
and plain garbage. The inner layer is mutated too, then sealed again with the right key, as a
buggy or hostile laptop of the same team could: flipped bits, cut or extended payloads, lying
counts, duplicated, reordered or mangled versions, missing device keys, and attestations that
lie, are bent, duplicated or dropped.

For each mutation, exactly one of:
- refused: a FieldworkError (never another type) with one plain line saying nothing was imported,
  and the receiving store's state digest, pending set and every file byte-for-byte unchanged;
- imported: the store then holds exactly what the unmutated bundle gives (same state digest).

A quick run is part of the suite (a few hundred mutations, seconds). FIELDWORK_FUZZ_LONG=1 runs
thousands; FIELDWORK_FUZZ_SEED picks the seed; the counts by kind and outcome are printed (see
them with -s) and written to FIELDWORK_FUZZ_REPORT (default: fieldwork-fuzz-bundles.json in the
system temp folder).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import shutil
import struct
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldwork import records as rec
from fieldwork.errors import FieldworkError
from store.versions import Attestation, make_version
from store.workspace import Change, Workspace
from sync.bundle import CHUNK, TAG, encode_payload, export_bundle, import_bundle, read_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import make_team, sea, snapshot
from tests.sync.test_bundle_format import chunks, header_length

LONG = os.environ.get("FIELDWORK_FUZZ_LONG") == "1"
MUTATIONS = 6000 if LONG else 320
SEED = int(os.environ.get("FIELDWORK_FUZZ_SEED", "0")) or (int(time.time()) if LONG else 20261124)
REPORT = Path(os.environ.get("FIELDWORK_FUZZ_REPORT", Path(tempfile.gettempdir()) / "fieldwork-fuzz-bundles.json"))
PIECE = CHUNK + TAG


# --- sealing a plaintext as a bundle, written from sync/FORMAT.md alone ----------------------------


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(key)


def seal(inspection: str, key: bytes, sender: str, plain: bytes, salt: bytes, fmt: int = 2) -> bytes:
    """A bundle holding `plain` as its payload, authenticated with the inspection key: what a
    laptop of the same team could write, whatever its payload says. Both formats derive their
    keys with the same labels."""
    body = (
        f"fieldwork-bundle/v{fmt}\ninspection {inspection}\ndevice {sender}\nsalt {salt.hex()}\n---".encode()
    )
    mac = hmac.new(_hkdf(key, salt, b"fieldwork-bundle/v1 header"), body, hashlib.sha256).hexdigest()
    aead = AESGCM(_hkdf(key, salt, b"fieldwork-bundle/v1 payload"))
    count = max(1, -(-len(plain) // CHUNK))
    sealed = [
        aead.encrypt(i.to_bytes(11, "big") + (b"\x01" if i == count - 1 else b"\x00"), plain[i * CHUNK : (i + 1) * CHUNK], None)
        for i in range(count)
    ]
    return body + b" " + mac.encode() + b"\n" + b"".join(sealed)


# --- the material: one inspection's valid bundles, another inspection's, and a receiver -----------


@dataclass
class Material:
    good: bytes  # the lead's bundle: 250 entries (and edits) the receiver lacks
    again: bytes  # the same versions in another bundle (another salt, so other chunk keys)
    foreign: bytes  # a bundle of another inspection
    inspection: str
    key: bytes
    sender: str
    devices: dict[str, bytes]
    versions: list[tuple[bytes, bytes]]
    attestations: list[Attestation]  # the lead's over its own versions, and the member's it passes on
    template: Path  # the receiver, closed: copied afresh whenever an import changed it
    expected: str  # the receiver's state digest after importing `good`

    @property
    def plain(self) -> bytes:
        return encode_payload(self.devices, self.versions, self.attestations)

    @property
    def attestations_at(self) -> int:
        """Where the attestation count sits in `plain`: after the versions."""
        return len(encode_payload(self.devices, self.versions)) - 4


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Material:
    root = tmp_path_factory.mktemp("fuzz")
    lead, member = make_team(root, 2)
    made = lead.write([Change("sea", sea(f"Threshold decision {i} for CR-10{i:04d} was timely.")) for i in range(250)])
    lead.write([Change("sea", sea(f"Threshold decision {i} for CR-10{i:04d}, revised."), record=v.record) for i, v in enumerate(made[:40])])
    good, _ = export_bundle(lead)
    again, _ = export_bundle(lead)
    ring = lead.ring
    assert ring is not None and len(chunks(good)[1]) >= 3
    versions = [(v.raw, v.signature) for v in lead.all_versions()]
    devices = lead.devices()
    attestations = read_bundle(good, inspection=ring.inspection_id, inspection_key=ring.inspection_key).attestations
    # The lead's over its own versions, and the member's it kept when the team converged.
    assert sorted(a.device for a in attestations) == sorted(devices)
    stranger = Workspace.create(
        root / "stranger",
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Elsewhere", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="ZZ", inspectorate="ofsted"),
    )
    stranger.write([Change("sea", sea(f"Entry {i} about CR-20{i:04d}.")) for i in range(120)])
    foreign, _ = export_bundle(stranger)
    stranger.close()
    member.close()
    lead.close()
    probe = root / "probe"
    shutil.copytree(root / "laptop1", probe)
    ws = Workspace.open(probe, PASSPHRASE)
    try:
        import_bundle(ws, good)
        expected = ws.state_digest()
    finally:
        ws.close()
    return Material(
        good, again, foreign, ring.inspection_id, ring.inspection_key, ring.device_id, devices, versions, attestations, root / "laptop1", expected
    )


# --- mutations ----------------------------------------------------------------------------------

Mutator = Callable[[random.Random, Material], bytes]


def _flip(data: bytes, rng: random.Random, flips: int, within: range | None = None) -> bytes:
    out = bytearray(data)
    span = within or range(len(out))
    for _ in range(flips):
        out[rng.choice(span)] ^= 1 << rng.randrange(8)
    return bytes(out)


def _boundaries(m: Material) -> list[int]:
    head = header_length(m.good)
    return [0, len(b"fieldwork-bundle/v"), head - 1, head] + list(range(head + PIECE, len(m.good), PIECE)) + [len(m.good) - 1]


def truncate(rng: random.Random, m: Material) -> bytes:
    if rng.random() < 0.3:
        cut = max(0, rng.choice(_boundaries(m)) + rng.randint(-2, 2))
    else:
        cut = rng.randrange(len(m.good))
    return m.good[:cut]


def bit_flip(rng: random.Random, m: Material) -> bytes:
    head = header_length(m.good)
    within = range(head) if rng.random() < 0.4 else None
    return _flip(m.good, rng, rng.randint(1, 4), within)


def overwrite_bytes(rng: random.Random, m: Material) -> bytes:
    at = rng.randrange(len(m.good))
    size = rng.randint(1, 64)
    filler = rng.choice([b"\x00" * size, b"\xff" * size, rng.randbytes(size)])
    return m.good[:at] + filler + m.good[at + size :]


def insert_bytes(rng: random.Random, m: Material) -> bytes:
    at = rng.randrange(len(m.good) + 1)
    return m.good[:at] + rng.randbytes(rng.randint(1, 40)) + m.good[at:]


def splice_chunk(rng: random.Random, m: Material) -> bytes:
    header, body = chunks(m.good)
    source = chunks(rng.choice([m.again, m.foreign]))[1]
    i = rng.randrange(min(len(body), len(source)))
    body[i] = source[i]
    return header + b"".join(body)


def splice_bytes(rng: random.Random, m: Material) -> bytes:
    # The same byte range from another bundle of the same inspection: same place, other key.
    head = header_length(m.good)
    start = rng.randrange(head, min(len(m.good), len(m.again)) - 1)
    end = min(start + rng.randint(1, 3 * PIECE), len(m.good), len(m.again))
    return m.good[:start] + m.again[start:end] + m.good[end:]


def duplicate_chunk(rng: random.Random, m: Material) -> bytes:
    header, body = chunks(m.good)
    i = rng.randrange(len(body))
    body.insert(rng.randrange(len(body) + 1), body[i])
    return header + b"".join(body)


def drop_chunk(rng: random.Random, m: Material) -> bytes:
    header, body = chunks(m.good)
    del body[rng.randrange(len(body))]
    return header + b"".join(body)


def swap_chunks(rng: random.Random, m: Material) -> bytes:
    header, body = chunks(m.good)
    i, j = rng.sample(range(len(body)), 2)
    body[i], body[j] = body[j], body[i]
    return header + b"".join(body)


def swap_headers(rng: random.Random, m: Material) -> bytes:
    good_head, good_body = chunks(m.good)
    foreign_head, foreign_body = chunks(m.foreign)
    again_head, _ = chunks(m.again)
    choice = rng.randrange(3)
    if choice == 0:
        return foreign_head + b"".join(good_body)  # another inspection's header on our chunks
    if choice == 1:
        return good_head + b"".join(foreign_body)  # our header on another inspection's chunks
    return again_head + b"".join(good_body)  # our inspection, another bundle's header (salt)


def edit_header(rng: random.Random, m: Material) -> bytes:
    head, body = chunks(m.good)
    lines = head.split(b"\n")
    edits: list[Callable[[], bytes]] = [
        lambda: head.replace(b"/v2\n", rng.choice([b"/v1\n", b"/v3\n", b"/v0\n", b"/v02\n", b"/v2 \n", b"/v99999999\n", b"/v\n"]), 1),
        lambda: head.replace(b"\n", b"\r\n"),
        lambda: b"\n".join(lines[:2] + [b"note hello"] + lines[2:]),
        lambda: b"\n".join(lines[:1] + lines[2:]),
        lambda: b"\n".join(lines[:2] + lines[1:]),
        lambda: head.replace(b"salt ", b"salt " + b"A", 1),
        lambda: head.replace(b"inspection ", b"inspection ../", 1),
        lambda: head.replace(b"--- ", b"---  ", 1),
        lambda: head.upper(),
    ]
    return rng.choice(edits)() + b"".join(body)


def append_data(rng: random.Random, m: Material) -> bytes:
    _, body = chunks(m.good)
    return m.good + rng.choice([rng.randbytes(rng.randint(1, 100)), body[0], body[-1], b"\n"])


def garbage(rng: random.Random, m: Material) -> bytes:
    return rng.choice(
        [
            b"",
            rng.randbytes(rng.randint(1, 5000)),
            b"fieldwork-bundle/v" + rng.randbytes(rng.randint(0, 600)),
            b"fieldwork-bundle/v1\n" + rng.randbytes(rng.randint(0, 600)),
            m.good[: header_length(m.good)] + rng.randbytes(rng.randint(1, 2 * PIECE)),
        ]
    )


def _resealed(rng: random.Random, m: Material, plain: bytes) -> bytes:
    return seal(m.inspection, m.key, m.sender, plain, rng.randbytes(16))


def inner_bit_flip(rng: random.Random, m: Material) -> bytes:
    return _resealed(rng, m, _flip(m.plain, rng, rng.randint(1, 3)))


def inner_truncate(rng: random.Random, m: Material) -> bytes:
    plain = m.plain
    return _resealed(rng, m, plain[: rng.randrange(len(plain))])


def inner_extend(rng: random.Random, m: Material) -> bytes:
    return _resealed(rng, m, m.plain + rng.randbytes(rng.randint(1, 200)))


def inner_count_lie(rng: random.Random, m: Material) -> bytes:
    plain = bytearray(m.plain)
    at = rng.choice([0, 4 + 32 * len(m.devices), m.attestations_at])  # devices, versions or attestations
    (count,) = struct.unpack_from(">I", plain, at)
    struct.pack_into(">I", plain, at, rng.choice([0, count - 1, count + 1, 2**32 - 1, 2**31]) % 2**32)
    return _resealed(rng, m, bytes(plain))


def inner_duplicate_version(rng: random.Random, m: Material) -> bytes:
    versions = list(m.versions)
    versions.insert(rng.randrange(len(versions) + 1), rng.choice(versions))
    return _resealed(rng, m, encode_payload(m.devices, versions))


def inner_reorder(rng: random.Random, m: Material) -> bytes:
    versions = list(m.versions)
    rng.shuffle(versions)  # children before parents: held pending, then applied; same state
    return _resealed(rng, m, encode_payload(m.devices, versions))


def inner_drop_devices(rng: random.Random, m: Material) -> bytes:
    keep = {d: k for d, k in m.devices.items() if rng.random() < 0.5}
    return _resealed(rng, m, encode_payload(keep, m.versions))


def inner_mangle_version(rng: random.Random, m: Material) -> bytes:
    """One version's bytes or signature altered, its signature left as it was."""
    versions = list(m.versions)
    i = rng.randrange(len(versions))
    raw, signature = versions[i]
    data = json.loads(raw)
    field_name = rng.choice(sorted(data))
    data[field_name] = rng.choice([None, 2, -1, "", "x" * 200, [], {}, ["0" * 64], data[field_name]])
    mangled = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    deep = b"[" * 100_000 + b"]" * 100_000  # nested past the JSON parser's recursion limit
    versions[i] = rng.choice([(mangled, signature), (raw, _flip(signature, rng, 1)), (raw, signature[:63]), (raw[:-1], signature), (deep, signature)])
    return _resealed(rng, m, encode_payload(m.devices, versions))


def inner_attestation(rng: random.Random, m: Material) -> bytes:
    """One attestation bent: its signature, the versions it names, its device; or one twice, or dropped."""
    plain = m.plain
    at = m.attestations_at
    (count,) = struct.unpack_from(">I", plain, at)
    entries: list[tuple[int, bytes, list[int]]] = []
    at += 4
    for _ in range(count):
        key, signature, covered = struct.unpack_from(">I64sI", plain, at)
        entries.append((key, signature, list(struct.unpack_from(f">{covered}I", plain, at + 72))))
        at += 72 + 4 * covered
    i = rng.randrange(len(entries))
    key, signature, indices = entries[i]
    others = sorted(set(range(len(m.versions))) - set(indices))
    choice = rng.randrange(7)
    if choice == 0:  # a flipped bit in the signature
        entries[i] = (key, _flip(signature, rng, 1), indices)
    elif choice == 1 and len(indices) > 1:  # one version fewer than was signed
        entries[i] = (key, signature, indices[:-1])
    elif choice == 2 and others:  # one version more, another device's
        entries[i] = (key, signature, sorted(indices + [rng.choice(others)]))
    elif choice == 3:  # the signature credited to another device of the bundle
        entries[i] = ((key + rng.randint(1, len(m.devices) - 1)) % len(m.devices), signature, indices)
    elif choice == 4:  # the same attestation twice
        entries.insert(i, entries[i])
    elif choice == 5:  # out of order, or out of range
        entries[i] = (key, signature, [indices[-1] + (len(m.versions) if rng.random() < 0.5 else 0)] + indices[:-1])
    else:  # dropped: its versions are then checked by their own signatures, and still import
        del entries[i]
    section = b"".join(struct.pack(f">I64sI{len(x)}I", k, sig, len(x), *x) for k, sig, x in entries)
    return _resealed(rng, m, plain[: m.attestations_at] + struct.pack(">I", len(entries)) + section)


OUTER: dict[str, Mutator] = {
    "truncate": truncate,
    "bit_flip": bit_flip,
    "overwrite_bytes": overwrite_bytes,
    "insert_bytes": insert_bytes,
    "splice_chunk": splice_chunk,
    "splice_bytes": splice_bytes,
    "duplicate_chunk": duplicate_chunk,
    "drop_chunk": drop_chunk,
    "swap_chunks": swap_chunks,
    "swap_headers": swap_headers,
    "edit_header": edit_header,
    "append_data": append_data,
    "garbage": garbage,
}
INNER: dict[str, Mutator] = {
    "inner_bit_flip": inner_bit_flip,
    "inner_truncate": inner_truncate,
    "inner_extend": inner_extend,
    "inner_count_lie": inner_count_lie,
    "inner_duplicate_version": inner_duplicate_version,
    "inner_reorder": inner_reorder,
    "inner_drop_devices": inner_drop_devices,
    "inner_mangle_version": inner_mangle_version,
    "inner_attestation": inner_attestation,
}


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Tally:
    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    reasons: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def report(self, seconds: float) -> dict[str, object]:
        totals: Counter[str] = Counter()
        for counts in self.outcomes.values():
            totals.update(counts)
        return {
            "seed": SEED,
            "long": LONG,
            "mutations": sum(totals.values()),
            "refused": totals["refused"],
            "imported": totals["imported"],
            "failed": len(self.failures),
            "by_kind": {k: dict(v) for k, v in sorted(self.outcomes.items())},
            # Each refusal's reason without the file name: how many distinct things were caught.
            "reasons": dict(self.reasons.most_common()),
            "seconds": round(seconds, 1),
        }


class Receiver:
    """The receiving laptop's store, open; restored from the template whenever an import changed it."""

    def __init__(self, template: Path, home: Path) -> None:
        self.template = template
        self.home = home
        self.ws = self._fresh()

    def _fresh(self) -> Workspace:
        if self.home.exists():
            shutil.rmtree(self.home)
        shutil.copytree(self.template, self.home)
        ws = Workspace.open(self.home, PASSPHRASE)
        self.digest = ws.state_digest()
        self.files = snapshot(self.home)
        return ws

    def reset(self) -> None:
        self.ws.close()
        self.ws = self._fresh()

    def close(self) -> None:
        self.ws.close()


def _plain(message: str) -> bool:
    return (
        bool(message.strip())
        and "\n" not in message
        and "Traceback" not in message
        and message.isprintable()
        and len(message) < 300
        and "Nothing was imported" in message
    )


def try_one(receiver: Receiver, kind: str, data: bytes, expected: str, tally: Tally) -> None:
    ws = receiver.ws
    try:
        import_bundle(ws, data, name="stick.fwbundle")
    except FieldworkError as err:
        message = str(err)
        tally.outcomes[kind]["refused"] += 1
        tally.reasons[message.replace("stick.fwbundle", "FILE").split(" (")[0]] += 1
        if not _plain(message):
            tally.failures.append(f"{kind}: refusal message is not one plain line: {message!r}")
        if ws.state_digest() != receiver.digest or ws.log.pending_ids():
            tally.failures.append(f"{kind}: refused, but the store's state changed (a partial import)")
            receiver.reset()
        elif snapshot(receiver.home) != receiver.files:
            tally.failures.append(f"{kind}: refused, but a file under the home changed")
            receiver.reset()
        return
    except Exception as err:  # noqa: BLE001 - exactly what this test hunts for
        tally.outcomes[kind]["crashed"] += 1
        tally.failures.append(f"{kind}: {type(err).__name__}: {err}")
        receiver.reset()
        return
    tally.outcomes[kind]["imported"] += 1
    if ws.state_digest() != expected or ws.log.pending_ids():
        tally.failures.append(f"{kind}: imported, but the state differs from the unmutated bundle's")
    receiver.reset()


def mutations(rng: random.Random, m: Material, count: int) -> Iterator[tuple[str, bytes]]:
    # Two thirds on the outer layer (what a damaged file looks like), a third re-sealed inside.
    kinds = list(OUTER) * 2 + list(INNER) * 1
    for _ in range(count):
        kind = rng.choice(kinds)
        mutate = OUTER.get(kind) or INNER[kind]
        data = mutate(rng, m)
        if data == m.good:
            continue  # e.g. a flip that flipped a bit back: not a mutation
        yield kind, data


def test_fuzzed_bundles_are_refused_cleanly_or_imported_whole(material: Material, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    tally = Tally()
    receiver = Receiver(material.template, tmp_path / "receiver")
    started = time.perf_counter()
    try:
        for kind, data in mutations(rng, material, MUTATIONS):
            try_one(receiver, kind, data, material.expected, tally)
    finally:
        receiver.close()
    report = tally.report(time.perf_counter() - started)
    REPORT.write_text(json.dumps(report, indent=2))
    print(f"\nbundle fuzz (seed {SEED}): {json.dumps(report, indent=1)}")
    assert not tally.failures, f"seed {SEED}: " + "; ".join(tally.failures[:10])
    # Every kind ran, and the run was not all one outcome: the fuzzer reached both paths.
    assert set(tally.outcomes) == set(OUTER) | set(INNER), set(OUTER) | set(INNER) - set(tally.outcomes)
    assert report["refused"] and report["imported"]
    # After all that, the receiver still opens and still takes the real bundle.
    ws = Workspace.open(receiver.home, PASSPHRASE)
    try:
        import_bundle(ws, material.good)
        assert ws.state_digest() == material.expected
    finally:
        ws.close()


def test_a_fuzzed_file_through_the_cli_is_one_plain_line_and_exit_1(material: Material, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same mutations as a person meets them: `fieldwork bundle import FILE`, no traceback."""
    from fieldwork.cli import main

    rng = random.Random(SEED + 1)
    home = tmp_path / "home"
    shutil.copytree(material.template, home)
    before = snapshot(home)
    for kind in sorted(OUTER):
        data = OUTER[kind](rng, material)
        path = tmp_path / f"{kind}.fwbundle"
        path.write_bytes(data)
        capsys.readouterr()
        code = main(["--home", str(home), "bundle", "import", str(path)])
        out, err = capsys.readouterr()
        lines = [line for line in err.splitlines() if line.strip()]
        assert code == 1, (kind, code, err)
        assert len(lines) == 1 and "Traceback" not in err and "Nothing was imported" in err, (kind, err)
        assert snapshot(home) == before, kind


# Payloads a newer or buggier Fieldwork could write and sign with a real team device key: right
# kind, odd shapes. Signed and decryptable, so the checks before applying pass them.
ODD_PAYLOADS = [
    pytest.param("text is a number", {**sea("An entry about CR-100001."), "text": 123}),
    pytest.param("children is null", {**sea("An entry about CR-100002."), "children": None}),
    pytest.param("agencies are numbers", {**sea("An entry about CR-100004."), "agencies": [1, 2]}),
    pytest.param("criteria is a string", {**sea("An entry about CR-100003."), "criteria": "ESN 07"}),
    pytest.param("payload is a list", ["not", "an", "object"]),
    pytest.param("an unknown kind", {"anything": {"nested": [1, 2, 3]}}),
]


@pytest.mark.parametrize("label,payload", ODD_PAYLOADS, ids=lambda v: v if isinstance(v, str) else "")
def test_a_signed_version_with_an_odd_payload_never_bricks_the_receiver(
    material: Material, tmp_path: Path, label: str, payload: object
) -> None:
    home = tmp_path / "receiver"
    shutil.copytree(material.template, home)
    # Sign as the lead's device, which the receiver knows from the invite.
    lead_home = material.template.parent / "laptop0"
    lead = Workspace.open(lead_home, PASSPHRASE)
    try:
        ring = lead.ring
        assert ring is not None
        kind = "note" if label == "an unknown kind" else "sea"
        version = make_version(
            key=ring.inspection_key, signing_key=ring.signing_key, inspection=ring.inspection_id, record=f"odd-{label.replace(' ', '-')}",
            kind=kind, parents=(), clock=lead.clock.tick().encode(), author=ring.inspector_id, op="put",
            payload=payload,  # type: ignore[arg-type]
        )
    finally:
        lead.close()
    data = seal(material.inspection, material.key, material.sender, encode_payload(material.devices, [(version.raw, version.signature)]), os.urandom(16))
    ws = Workspace.open(home, PASSPHRASE)
    before = snapshot(home)
    digest = ws.state_digest()
    try:
        try:
            import_bundle(ws, data)
        except FieldworkError as err:
            assert _plain(str(err)), str(err)
            assert ws.state_digest() == digest
            assert snapshot(home) == before  # while open: closing checkpoints the WAL
    finally:
        ws.close()
    # Refused or taken in, the store must open again, and its lists must work.
    ws = Workspace.open(home, PASSPHRASE)
    try:
        assert ws.counts()["sea"] >= 0
    finally:
        ws.close()


# --- signed but bad: what a certified member's laptop could sign --------------------------------
#
# Every record kind, with each field of a real payload given the wrong type, dropped, or given a
# value no Fieldwork writes; clocks far past, far future and malformed; a record's kind changed
# between versions; huge payloads. Each is signed by a certified member's device (the demo lead's,
# so the lead-only kinds are reached too), attested and sealed as its laptop would, and imported
# by a teammate holding the whole demo inspection. Each one is either refused (quarantined with
# its reason: exactly those fieldwork/schemas.py or the trust chain refuse) or taken in, and after
# each every verb a person reads with still exits 0; at the end, with every one taken in together,
# the app opens Home, SEA, Concerns, Gaps and Findings. The quick run samples the mutations; the
# long run (FIELDWORK_FUZZ_LONG=1) tries them all. The counts are printed (-s) and written to
# FIELDWORK_FUZZ_REPORT_BAD (default: fieldwork-fuzz-signed.json in the system temp folder).

from datetime import date  # noqa: E402

from fieldwork import schemas  # noqa: E402
from fieldwork.clock import MAX_AHEAD_MS, Stamp, wall_ms  # noqa: E402
from store.versions import Version, attest  # noqa: E402
from sync.bundle import write_bundle  # noqa: E402
from sync.invite import join, make_invite, open_invite  # noqa: E402
from tests.fieldwork.test_schemas import wrong_value  # noqa: E402
from tests.sync.conftest import INVITE_PASSPHRASE, exchange  # noqa: E402

BAD_SAMPLE = 10**9 if LONG else 70  # field mutations tried in the quick run (every kind and class among them)
DEMO_TODAY = date(2026, 11, 25)
REPORT_BAD = Path(os.environ.get("FIELDWORK_FUZZ_REPORT_BAD", Path(tempfile.gettempdir()) / "fieldwork-fuzz-signed.json"))


@dataclass
class Signed:
    lead: Path  # the demo lead's laptop: the certified member who signs the bad versions
    receiver: Path  # a teammate who joined and took in the whole demo
    samples: dict[str, tuple[str, dict[str, object], tuple[str, ...]]]  # kind -> (record, payload, heads)


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Signed:
    from store import criteria, findings, gaps, letter_details
    from store.demo import build_demo

    root = tmp_path_factory.mktemp("signed")
    lead = build_demo(root / "lead", PASSPHRASE, today=DEMO_TODAY)
    # The kinds the demo does not write, by the project's own writers.
    criteria.add(lead, label="Return home interviews are offered and recorded", strand="custom")
    gaps.set_sufficient(lead, "ESN 07")
    findings.set_summary(lead, "The partnership shares information well at the front door.")
    letter_details.add_recipient(lead, agency="Police", title="Chief constable")
    invite = open_invite(make_invite(lead, INVITE_PASSPHRASE, name="QZ", inspectorate="cqc"), INVITE_PASSPHRASE)
    receiver = join(root / "receiver", invite, PASSPHRASE)
    exchange(lead, receiver)
    exchange(receiver, lead)
    exchange(lead, receiver)
    samples: dict[str, tuple[str, dict[str, object], tuple[str, ...]]] = {}
    for kind in schemas.SCHEMAS:
        for r in lead.records(kind):
            if r.payload and kind not in samples:
                samples[kind] = (r.id, dict(r.payload), r.heads)
    ring = lead.ring
    assert ring is not None
    from fieldwork import tickets

    samples["revocation"] = ("revocation-of-nothing", tickets.revocation_payload(device="0" * 32, seen=[], reason="Lost laptop"), ())
    lead.close()
    receiver.close()
    # A partnership audit's kinds, as its demo writes them, sent to the inspection as new records.
    from store.audit_demo import build_audit_demo

    audit = build_audit_demo(root / "audit", PASSPHRASE)
    for kind in ("activity", "action", "case-grade", "case-domain"):
        samples[kind] = (f"audit-{kind}", dict(audit.records(kind)[0].payload), ())
    audit.close()
    assert len(samples) >= 20, sorted(samples)
    return Signed(root / "lead", root / "receiver", samples)


@dataclass
class Bad:
    label: str
    cls: str  # wrong-type, missing, unknown-value, clock, kind-change, huge
    kind: str
    record: str
    payload: object
    parents: tuple[str, ...]
    clock: str | None = None  # None: the signer's next stamp


def bad_versions(s: Signed) -> list[Bad]:
    out: list[Bad] = []
    for kind, (record, payload, heads) in sorted(s.samples.items()):
        for name, value in sorted(payload.items()):
            out.append(Bad(f"{kind}.{name} of the wrong type", "wrong-type", kind, record, {**payload, name: wrong_value(value)}, heads))
            out.append(Bad(f"{kind}.{name} missing", "missing", kind, record, {k: v for k, v in payload.items() if k != name}, heads))
            if isinstance(value, str):
                out.append(Bad(f"{kind}.{name} unknown", "unknown-value", kind, record, {**payload, name: "zz-unknown-value"}, heads))
        out.append(Bad(f"{kind} new and empty", "missing", kind, f"empty-{kind}", {}, ()))
    entry, payload, heads = s.samples["sea"]
    for label, clock in (
        ("year 10000", "253402300800000-000000"),
        ("all nines", "999999999999999-000000"),
        ("not a clock", "not-a-clock"),
        ("1970", "000000000000001-000000"),
        ("2001", "001000000000000-000000"),
        ("a counter of seven digits", "001796000000000-1000000"),
    ):
        out.append(Bad(f"clock {label}", "clock", "sea", f"clock-{label}", payload, (), clock))
    concern, _, concern_heads = s.samples["concern"]
    out.append(Bad("an SEA entry made a finding", "kind-change", "finding", entry, s.samples["finding"][1], heads))
    out.append(Bad("a concern made an SEA entry", "kind-change", "sea", concern, payload, concern_heads))
    out.append(Bad("a child made an unknown kind", "kind-change", "note", s.samples["child"][0], {"x": 1}, s.samples["child"][2]))
    out.append(Bad("an 8 MB entry text", "huge", "sea", entry, {**payload, "text": "evidence " * 1_000_000}, heads))
    out.append(Bad("4 MB in an unknown field", "huge", "concern", concern, {**s.samples["concern"][1], "later": ["x" * 4000] * 1000}, concern_heads))
    out.append(Bad("nested 500 deep", "huge", "finding", "deep-finding", {**s.samples["finding"][1], "later": _deep(500)}, ()))
    return out


def _deep(n: int) -> object:
    value: object = "x"
    for _ in range(n):
        value = [value]
    return value


def _seal_bad(lead: Workspace, bad: Bad) -> tuple[Version, bytes]:
    ring = lead.ring
    assert ring is not None
    version = make_version(
        key=ring.inspection_key,
        signing_key=ring.signing_key,
        inspection=ring.inspection_id,
        record=bad.record,
        kind=bad.kind,
        parents=bad.parents,
        clock=bad.clock or lead.clock.tick().encode(),
        author=ring.inspector_id,
        op="put",
        payload=bad.payload,  # type: ignore[arg-type]
    )
    data = write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=lead.devices(),
        versions=[(version.raw, version.signature)],
        attestations=[attest(ring.signing_key, ring.inspection_id, [version.id])],
    )
    return version, data


READ_VERBS: list[tuple[str, ...]] = [
    ("status", "--json"),
    ("sea", "list", "--json"),
    ("concern", "list", "--json"),
    ("child", "list", "--json"),
    ("finding", "list", "--json"),
    ("gaps", "--json"),
    ("timeline", "--json"),
]


def run_verbs(home: Path, folder: Path, record: str) -> dict[str, int]:
    """Every verb a person reads with, as they would type it: their exit codes."""
    import contextlib
    import io

    from fieldwork.cli import main

    codes: dict[str, int] = {}
    calls = [*READ_VERBS, ("kit", "export", str(folder.parent / "kit.md")), ("history", record, "--json"), ("sync", str(folder))]
    for argv in calls:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["--home", str(home), *argv])
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        codes[" ".join(argv[:2] if argv[0] in ("sea", "concern", "child", "finding", "kit") else argv[:1])] = code
        if code != 0:
            codes[f"{argv[0]} said"] = err.getvalue().strip()[-300:]  # type: ignore[assignment]
    return codes


async def open_sections(home: Path) -> list[str]:
    """The app on the receiving laptop, under Pilot: Home, then SEA, Concerns, Gaps and Findings."""
    from screens.app import FieldworkApp
    from screens.concerns import ConcernsScreen
    from screens.findings import FindingsScreen
    from screens.gaps import GapsScreen
    from screens.home import HomeScreen
    from screens.sea_list import SeaListScreen
    from tests.screens.app_support import press, settle

    app = FieldworkApp(home, passphrase=PASSPHRASE, today=DEMO_TODAY, idle_check_every=0)
    opened: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if isinstance(app.screen, HomeScreen):
            opened.append("Home")
        for key, cls in (("s", SeaListScreen), ("o", ConcernsScreen), ("g", GapsScreen), ("f", FindingsScreen)):
            await press(pilot, key)
            if isinstance(app.screen, cls) and app._exception is None:  # noqa: SLF001
                opened.append(cls.__name__)
            await press(pilot, "f2")
    assert app._exception is None  # noqa: SLF001
    return opened


def test_signed_but_bad_versions_are_refused_or_harmless(signed: Signed, tmp_path: Path) -> None:
    import asyncio

    rng = random.Random(SEED)
    home = tmp_path / "receiver"
    shutil.copytree(signed.receiver, home)
    folder = tmp_path / "folder"
    folder.mkdir()
    everything = bad_versions(signed)
    kept = [b for b in everything if b.cls not in ("wrong-type", "missing", "unknown-value")]
    fields = [b for b in everything if b.cls in ("wrong-type", "missing", "unknown-value")]
    # The quick run: every kind once for each class, then a seeded sample of the rest.
    firsts: dict[tuple[str, str], Bad] = {}
    for b in fields:
        firsts.setdefault((b.kind, b.cls), b)
    rest = [b for b in fields if b not in firsts.values()]
    chosen = list(firsts.values()) + rng.sample(rest, min(len(rest), max(BAD_SAMPLE - len(firsts), 0)))
    todo = sorted(kept + (fields if LONG else chosen), key=lambda b: b.cls)
    # The store keeps every mutation taken in so far. The long run reads with every verb after
    # each one taken in, each clock, kind and size one, and every tenth refused one (a refused
    # version changes nothing a verb shows but the quarantine); the quick run after the classes
    # that are taken in and at the end.
    last_of_class = {b.cls: n for n, b in enumerate(todo)}
    read_after = {last_of_class[c] for c in ("missing", "unknown-value")} | {len(todo) - 1}
    counts: Counter[str] = Counter()
    by_class: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: Counter[str] = Counter()
    failures: list[str] = []
    verbs_run = verbs_ok = 0
    started = time.perf_counter()
    lead = Workspace.open(signed.lead, PASSPHRASE)
    ws = Workspace.open(home, PASSPHRASE)
    try:
        for n, bad in enumerate(todo):
            version, data = _seal_bad(lead, bad)
            try:
                import_bundle(ws, data, name="teammate.fwbundle")
                quarantined = {v.id: why for v, why, _ in ws.log.quarantined()}
                accepted = ws.log.has(version.id) and version.id not in quarantined and version.id not in ws.log.pending_ids()
            except FieldworkError as err:  # refused whole: a bundle this size or shape never goes in
                quarantined, accepted = {version.id: str(err)}, False
            except Exception as err:  # noqa: BLE001 - exactly what this test hunts for
                failures.append(f"{bad.label}: import crashed with {type(err).__name__}")
                quarantined, accepted = {}, False
            outcome = "accepted" if accepted else "refused" if version.id in quarantined else "waiting"
            counts[outcome] += 1
            by_class[bad.cls][outcome] += 1
            if version.id in quarantined:
                reasons[quarantined[version.id].split(":")[0][:60]] += 1
            why = schemas.problem(bad.kind, "put", bad.payload)
            if why and accepted:
                failures.append(f"{bad.label}: the schema refuses it ({why}), but it was taken in")
            if bad.cls in ("clock", "kind-change", "huge") and accepted:
                failures.append(f"{bad.label}: taken in")
            if n in read_after or LONG and (accepted or bad.cls in ("clock", "kind-change", "huge") or n % 10 == 0):
                ws.close()  # the verbs open the store as a person's next command would
                # History of the record it aimed at, when there is one to show.
                codes = run_verbs(home, folder, bad.record if accepted or bad.parents else signed.samples["sea"][0])
                ws = Workspace.open(home, PASSPHRASE)
                verbs_run += sum(1 for k in codes if not k.endswith(" said"))
                verbs_ok += sum(1 for v in codes.values() if v == 0)
                broken = {k: v for k, v in codes.items() if v != 0}
                if broken:
                    failures.append(f"{bad.label} ({outcome}): {broken}")
    finally:
        ws.close()
        lead.close()
    opened = asyncio.run(open_sections(home))
    report = {
        "seed": SEED,
        "mutations": len(todo),
        "of_possible": len(everything),
        "refused": counts["refused"],
        "accepted": counts["accepted"],
        "waiting": counts["waiting"],
        "by_class": {k: dict(v) for k, v in sorted(by_class.items())},
        "verbs_run": verbs_run,
        "verbs_exit_0": verbs_ok,
        "screens_opened": opened,
        "reasons": dict(reasons.most_common(12)),
        "seconds": round(time.perf_counter() - started, 1),
    }
    REPORT_BAD.write_text(json.dumps(report, indent=2))
    print(f"\nsigned-but-bad fuzz: {json.dumps(report, indent=1)}")
    assert not failures, "; ".join(failures[:12])
    assert opened == ["Home", "SeaListScreen", "ConcernsScreen", "GapsScreen", "FindingsScreen"]
    assert counts["refused"] and counts["accepted"] and verbs_run == verbs_ok
    assert {"wrong-type", "missing", "unknown-value", "clock", "kind-change", "huge"} <= set(by_class)
    # Every wrong type of a field a schema names is refused, whatever the kind.
    assert by_class["wrong-type"]["accepted"] == 0


def test_a_far_future_stamp_taken_in_does_not_drag_the_receivers_clock(signed: Signed, tmp_path: Path) -> None:
    home = tmp_path / "receiver"
    shutil.copytree(signed.receiver, home)
    entry, payload, heads = signed.samples["sea"]
    in_2031 = Stamp(1_924_992_000_000, 0).encode()  # inside 2020-2099, so the trust chain takes it
    lead = Workspace.open(signed.lead, PASSPHRASE)
    try:
        version, data = _seal_bad(lead, Bad("stamped 2031", "clock", "sea", "from-2031", payload, (), in_2031))
    finally:
        lead.close()
    ws = Workspace.open(home, PASSPHRASE)
    try:
        import_bundle(ws, data)
        assert ws.get("from-2031") is not None
        mine = ws.put("child", rec.child_payload({"case_ref": "CR-999001"}))
        assert mine.clock < in_2031
        assert Stamp.parse(mine.clock).wall_ms <= wall_ms() + MAX_AHEAD_MS
    finally:
        ws.close()
