"""The bundle's outer layer: round trip, and every damaged or foreign bundle refused with the home unchanged."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

import pytest

from fieldwork import records as rec
from store.workspace import Change, Workspace
from sync.bundle import CHUNK, TAG, BundleError, export_bundle, import_bundle, write_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import sea, snapshot

PIECE = CHUNK + TAG


def header_length(data: bytes) -> int:
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1


def chunks(data: bytes) -> tuple[bytes, list[bytes]]:
    at = header_length(data)
    body = data[at:]
    return data[:at], [body[i : i + PIECE] for i in range(0, len(body), PIECE)]


@pytest.fixture
def big(laptops: list[Workspace]) -> tuple[Workspace, Workspace, bytes]:
    """Laptop 0 with 250 entries the closed laptop 1 lacks, and its bundle of three chunks."""
    lead, other = laptops[0], laptops[1]
    lead.write([Change("sea", sea(f"Threshold decision {i} for CR-10{i:04d} was timely.")) for i in range(250)])
    data, _ = export_bundle(lead)
    assert len(chunks(data)[1]) == 3
    other.close()
    return lead, other, data


def test_round_trip_reads_back_every_version(big: tuple[Workspace, Workspace, bytes]) -> None:
    lead, other, data = big
    ws = Workspace.open(other.home, PASSPHRASE)
    try:
        result = import_bundle(ws, data)
        assert (result.new, result.pending, result.conflicts_created) == (250, 0, 0)
        assert ws.state_digest() == lead.state_digest()
        assert len(ws.records("sea")) == 250
    finally:
        ws.close()


def test_no_plaintext_in_a_bundle(big: tuple[Workspace, Workspace, bytes]) -> None:
    data = big[2]
    for secret in (b"CR-10", b"Threshold", b"Testshire", b"front-door"):
        assert secret not in data


def _other_inspection_bundle(tmp_path: Path) -> bytes:
    stranger = Workspace.create(
        tmp_path / "stranger",
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Elsewhere", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="ZZ", inspectorate="ofsted"),
    )
    try:
        return export_bundle(stranger)[0]
    finally:
        stranger.close()


def _bad_signature_bundle(lead: Workspace) -> bytes:
    """A well-formed bundle whose one new version carries a signature that does not verify."""
    version = lead.write([Change("sea", sea("A late entry about CR-204411."))])[0]
    signature = bytes([version.signature[0] ^ 1]) + version.signature[1:]
    ring = lead.ring
    assert ring is not None
    return write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=lead.devices(),
        versions=[(version.raw, signature)],
    )


def _cases(lead: Workspace, good: bytes, tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    header, body = chunks(good)
    again = export_bundle(lead)[0]  # same versions, fresh salt: its chunks are under another key
    _, body_again = chunks(again)
    return {
        "another inspection": (_other_inspection_bundle(tmp_path), "belongs to another inspection"),
        "newer format": (good.replace(b"fieldwork-bundle/v3\n", b"fieldwork-bundle/v4\n", 1), "newer Fieldwork"),
        "empty": (b"", "is empty"),
        "header cut short": (good[:40], "header is incomplete"),
        "header only": (header, "ends after its header"),
        "truncated mid-chunk": (header + body[0] + body[1][:500], "does not verify"),
        "truncated at a chunk boundary": (header + body[0] + body[1], "ends at a chunk boundary"),
        "last chunk cut short": (good[:-1], "does not verify"),
        "chunks reordered": (header + body[1] + body[0] + body[2], "does not verify"),
        "chunk duplicated": (header + body[0] + body[0] + body[1] + body[2], "does not verify"),
        "chunk spliced from another bundle": (header + body[0] + body_again[1] + body[2], "does not verify"),
        "data after the last chunk": (good + body[2], "does not verify"),
        "bad signature": (_bad_signature_bundle(lead), "signature that does not verify"),
        "not a bundle": (b"case_ref,stage\nCR-104233,tracked\n", "not a Fieldwork bundle"),
        "an invite": (b'{"format":"fieldwork-invite/v1"}\n', "not a Fieldwork bundle"),
        "header line altered": (good.replace(b"\ndevice ", b"\ndevise ", 1), "header is malformed"),
    }


def test_every_refusal_names_its_reason_and_leaves_the_home_byte_for_byte_unchanged(
    big: tuple[Workspace, Workspace, bytes], tmp_path: Path
) -> None:
    lead, other, good = big
    cases = _cases(lead, good, tmp_path)
    before = snapshot(other.home)
    for label, (data, reason) in cases.items():
        ws = Workspace.open(other.home, PASSPHRASE)
        digest = ws.state_digest()
        try:
            with pytest.raises(BundleError) as refused:
                import_bundle(ws, data, name="stick.fwbundle")
            message = str(refused.value)
            assert reason in message, (label, message)
            assert "Nothing was imported" in message and "\n" not in message, label
            assert ws.state_digest() == digest and ws.log.pending_ids() == set(), label
        finally:
            ws.close()
        assert snapshot(other.home) == before, label


def _flip(data: bytes, position: int, bit: int) -> bytes:
    return data[:position] + bytes([data[position] ^ (1 << bit)]) + data[position + 1 :]


def test_a_flipped_bit_anywhere_is_refused(big: tuple[Workspace, Workspace, bytes]) -> None:
    """Every header byte, each chunk's first and last bytes and tag, and a spread of random bytes."""
    lead, other, good = big
    head = header_length(good)
    positions = set(range(head))
    for start in range(head, len(good), PIECE):
        end = min(start + PIECE, len(good))
        positions |= {start, start + 1, end - TAG - 1, end - TAG, end - 1}
    positions |= set(random.Random(7).sample(range(head, len(good)), 60))
    before = snapshot(other.home)
    ws = Workspace.open(other.home, PASSPHRASE)
    try:
        digest = ws.state_digest()
        for position in sorted(positions):
            bit = position % 8
            with pytest.raises(BundleError, match="Nothing was imported"):
                import_bundle(ws, _flip(good, position, bit))
        assert ws.state_digest() == digest
    finally:
        ws.close()
    assert snapshot(other.home) == before


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw.replace(b'"o":"put"', b'"o":"put" '),  # not canonical: one version, one id
        lambda raw: b" " + raw,
    ],
)
def test_a_malformed_version_inside_a_valid_bundle_is_refused(laptops: list[Workspace], mangle: Callable[[bytes], bytes]) -> None:
    lead, other = laptops[0], laptops[1]
    version = lead.write([Change("sea", sea("An entry about CR-300120."))])[0]
    ring = lead.ring
    assert ring is not None
    data = write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=lead.devices(),
        versions=[(mangle(version.raw), version.signature)],
    )
    digest = other.state_digest()
    with pytest.raises(BundleError, match="malformed version"):
        import_bundle(other, data)
    assert other.state_digest() == digest


def test_an_all_or_nothing_bundle_with_one_bad_version_among_good_ones(laptops: list[Workspace]) -> None:
    lead, other = laptops[0], laptops[1]
    good = lead.write([Change("sea", sea(f"Entry {i} on CR-40{i:04d}.")) for i in range(20)])
    ring = lead.ring
    assert ring is not None
    versions = [(v.raw, v.signature) for v in good]
    raw, signature = versions[13]
    versions[13] = (raw, signature[:-1] + bytes([signature[-1] ^ 0x80]))
    data = write_bundle(
        inspection=ring.inspection_id, inspection_key=ring.inspection_key, sender=ring.device_id, devices=lead.devices(), versions=versions
    )
    count = other.version_count()
    with pytest.raises(BundleError, match="signature"):
        import_bundle(other, data)
    assert other.version_count() == count and not other.records("sea")
