"""Attestations (bundle format 2): one device signature over many of its versions' ids.

A laptop's own versions are taken in on its attestation alone; versions of other devices are
still checked one by one unless their own device attested them; a bad attestation refuses the
whole bundle with the store byte for byte unchanged; what a store took in on an attestation's
word it passes on with that attestation, so the next laptop never refuses it; format 1 bundles
still import, every version checked by its own signature.
"""

from __future__ import annotations

import sqlite3
import struct
from typing import Callable, Iterator

import pytest

from store import crypto
from store.versions import Attestation, Version, attest, verify_version
from store.workspace import Change, Workspace
from sync.bundle import BundleContents, BundleError, encode_payload, export_bundle, import_bundle, read_bundle, write_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import exchange, sea, snapshot
from tests.sync.test_fuzz_bundles import seal


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The ids of versions whose own signature an import verified (batches here stay under the
    threads' threshold, so every check runs on the calling thread)."""
    seen: list[str] = []

    def counting(version: Version, public_key: bytes) -> bool:
        seen.append(version.id)
        return verify_version(version, public_key)

    monkeypatch.setattr("sync.merge.verify_version", counting)
    yield seen


def contents_of(ws: Workspace, data: bytes) -> BundleContents:
    ring = ws.ring
    assert ring is not None
    return read_bundle(data, inspection=ring.inspection_id, inspection_key=ring.inspection_key)


def rewritten(
    ws: Workspace,
    data: bytes,
    *,
    versions: Callable[[list[tuple[bytes, bytes]]], list[tuple[bytes, bytes]]] = lambda v: v,
    attestations: Callable[[list[Attestation]], list[Attestation]] = lambda a: a,
) -> bytes:
    """`data` written again with the same key, its versions or attestations changed: what a buggy
    or hostile laptop of the team could send."""
    ring = ws.ring
    assert ring is not None
    contents = contents_of(ws, data)
    return write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=contents.sender,
        devices=contents.devices,
        versions=versions(list(contents.versions)),
        attestations=attestations(list(contents.attestations)),
    )


def bad_signature(versions: list[tuple[bytes, bytes]], target: Version) -> list[tuple[bytes, bytes]]:
    return [(raw, bytes([sig[0] ^ 1]) + sig[1:] if raw == target.raw else sig) for raw, sig in versions]


def flipped(a: Attestation) -> Attestation:
    return Attestation(a.device, a.signature[:-1] + bytes([a.signature[-1] ^ 0x40]), a.ids)


# --- the sender's own versions ------------------------------------------------------------------


def test_a_laptops_own_versions_are_taken_in_on_its_attestation_with_no_check_one_by_one(
    laptops: list[Workspace], checked: list[str]
) -> None:
    lead, b, _ = laptops
    made = b.write([Change("sea", sea(f"Strategy meeting {i} for CR-50{i:04d} was timely.")) for i in range(30)])
    data, _ = export_bundle(b)
    (mine,) = [a for a in contents_of(lead, data).attestations if a.device == b.device_id]
    assert {v.id for v in made} <= mine.covered()
    result = import_bundle(lead, data)
    assert result.new == 30 and checked == []
    assert lead.state_digest() == b.state_digest()


def test_an_attested_version_whose_own_signature_is_bad_is_taken_in_and_passed_on_whole(
    laptops: list[Workspace], checked: list[str]
) -> None:
    """Its device's key signed its id: that is the version's signature. The next laptop gets
    the same attestation with it, so a relay never hands on what the next store would refuse."""
    lead, b, c = laptops
    made = c.write([Change("sea", sea(f"Entry {i} about CR-60{i:04d}.")) for i in range(3)])
    data = rewritten(c, export_bundle(c)[0], versions=lambda vs: bad_signature(vs, made[1]))
    assert import_bundle(lead, data).new == 3
    assert import_bundle(b, export_bundle(lead)[0]).new == 3
    assert checked == [] and b.state_digest() == lead.state_digest()


def test_inspection_and_inspector_versions_are_always_checked_one_by_one(laptops: list[Workspace], checked: list[str]) -> None:
    """Invites carry them with their own signatures, which a joiner checks: none may be bad."""
    lead, _, c = laptops
    renamed = c.write([Change("inspector", {**c.me, "name": "CX"}, record=c.me_id)])[0]
    good = export_bundle(c)[0]
    bad = rewritten(c, good, versions=lambda vs: bad_signature(vs, renamed))
    digest = lead.state_digest()
    with pytest.raises(BundleError, match="signature that does not verify"):
        import_bundle(lead, bad)
    assert lead.state_digest() == digest and checked == [renamed.id]
    assert import_bundle(lead, good).new == 1


# --- a bad attestation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bend",
    [
        pytest.param(lambda a, extra: flipped(a), id="a flipped bit in its signature"),
        pytest.param(lambda a, extra: Attestation(a.device, a.signature, a.ids[32:]), id="one version fewer than was signed"),
        pytest.param(lambda a, extra: Attestation(a.device, a.signature, b"".join(sorted([*[a.ids[i : i + 32] for i in range(0, len(a.ids), 32)], extra]))), id="one version more"),
    ],
)
def test_a_bad_attestation_refuses_the_whole_bundle_naming_the_file_and_changes_no_byte(
    laptops: list[Workspace], bend: Callable[[Attestation, bytes], Attestation]
) -> None:
    lead, b, _ = laptops
    b.write([Change("sea", sea(f"Entry {i} about CR-70{i:04d}.")) for i in range(5)])
    extra = bytes.fromhex(lead.all_versions()[0].id)  # a version of another device, in the bundle too
    data = rewritten(b, export_bundle(b)[0], attestations=lambda atts: [bend(a, extra) if a.device == b.device_id else a for a in atts])
    before, digest, kept = snapshot(lead.home), lead.state_digest(), lead.log.attestations()
    with pytest.raises(BundleError) as refused:
        import_bundle(lead, data, name="laptop-b.fwbundle")
    message = str(refused.value)
    assert message.startswith("laptop-b.fwbundle") and "signature that does not verify" in message
    assert "Nothing was imported" in message and "\n" not in message
    assert lead.state_digest() == digest and lead.log.pending_ids() == set() and lead.log.attestations() == kept
    assert snapshot(lead.home) == before


# --- versions relayed from other devices ---------------------------------------------------------


def test_the_senders_attestation_never_vouches_for_another_devices_version(laptops: list[Workspace], checked: list[str]) -> None:
    """b passes on c's entry without c's attestation, and signs the entry's id itself: the entry
    is still checked by c's own signature, and a bad one refuses the whole bundle."""
    lead, b, c = laptops
    theirs = c.put("sea", sea("A relayed entry about CR-800001."))
    exchange(c, b)
    mine = b.put("sea", sea("An entry of my own about CR-800002."))
    ring = b.ring
    assert ring is not None
    claims = attest(ring.signing_key, ring.inspection_id, [v.id for v in b.all_versions() if v.device == b.device_id] + [theirs.id])

    def relayed(versions: Callable[[list[tuple[bytes, bytes]]], list[tuple[bytes, bytes]]]) -> bytes:
        return rewritten(b, export_bundle(b)[0], versions=versions, attestations=lambda _: [claims])

    before, digest = snapshot(lead.home), lead.state_digest()
    with pytest.raises(BundleError, match="signature that does not verify"):
        import_bundle(lead, relayed(lambda vs: bad_signature(vs, theirs)))
    assert snapshot(lead.home) == before and lead.state_digest() == digest
    checked.clear()
    result = import_bundle(lead, relayed(lambda vs: vs))
    assert result.new == 2 and checked == [theirs.id]
    assert lead.get(mine.record) is not None and lead.get(theirs.record) is not None


def test_a_relay_passes_attestations_on_so_the_next_laptop_checks_nothing_one_by_one(
    laptops: list[Workspace], checked: list[str]
) -> None:
    lead, b, c = laptops
    c.write([Change("sea", sea(f"Entry {i} about CR-90{i:04d}.")) for i in range(40)])
    exchange(c, lead)
    assert c.device_id in {a.device for a in lead.log.attestations()}
    checked.clear()
    assert exchange(lead, b).new == 40
    assert checked == [] and b.state_digest() == lead.state_digest() == c.state_digest()


# --- which attestation a store keeps --------------------------------------------------------------


def test_a_store_keeps_the_widest_attestation_of_each_device(laptops: list[Workspace]) -> None:
    lead, b, c = laptops
    c.write([Change("sea", sea(f"Early entry {i} on CR-91{i:04d}.")) for i in range(3)])
    older = export_bundle(c)[0]
    c.write([Change("sea", sea(f"Later entry {i} on CR-92{i:04d}.")) for i in range(3)])
    newer = export_bundle(c)[0]
    import_bundle(lead, newer)
    import_bundle(lead, older)  # a narrower one arriving late changes nothing
    import_bundle(b, older)
    import_bundle(b, newer)  # a wider one replaces it
    for ws in (lead, b):
        (kept,) = [a for a in ws.log.attestations() if a.device == c.device_id]
        assert kept.covered() == {v.id for v in c.all_versions() if v.device == c.device_id}


def test_a_store_made_before_attestations_takes_them_in(laptops: list[Workspace]) -> None:
    lead, b, c = laptops
    home = lead.home
    lead.close()
    db = sqlite3.connect(home / "store.db")
    db.execute("DROP TABLE attestations")
    db.commit()
    db.close()
    lead = laptops[0] = Workspace.open(home, PASSPHRASE)
    assert lead.log.attestations() == []
    export_bundle(lead)  # nothing kept to pass on: only my own
    b.put("sea", sea("An entry about CR-930001."))
    assert exchange(b, lead).new == 1
    # b's own, and c's that b kept when the team converged.
    assert sorted(a.device for a in lead.log.attestations()) == sorted([b.device_id, c.device_id])


# --- format 1 ----------------------------------------------------------------------------------


def test_a_format_1_bundle_still_imports_every_version_checked_one_by_one(laptops: list[Workspace], checked: list[str]) -> None:
    lead, b, _ = laptops
    made = b.write([Change("sea", sea(f"Entry {i} about CR-94{i:04d}.")) for i in range(20)])
    ring = b.ring
    assert ring is not None
    # Format 1's plaintext is format 2's without the attestation count at its end.
    plain = encode_payload(b.devices(), [(v.raw, v.signature) for v in b.all_versions()])
    assert plain.endswith(struct.pack(">I", 0))
    data = seal(ring.inspection_id, ring.inspection_key, ring.device_id, plain[:-4], crypto.new_key()[:16], fmt=1)
    assert data.startswith(b"fieldwork-bundle/v1\n")
    assert import_bundle(lead, data).new == 20
    assert sorted(checked) == sorted(v.id for v in made) and lead.state_digest() == b.state_digest()
    # The same bytes with the count left on are not format 1.
    with pytest.raises(BundleError, match="data after its contents"):
        import_bundle(lead, seal(ring.inspection_id, ring.inspection_key, ring.device_id, plain, crypto.new_key()[:16], fmt=1))


# --- strict decoding of the attestation section ----------------------------------------------------


def _section(key: int, signature: bytes, indices: list[int]) -> bytes:
    return struct.pack(f">I64sI{len(indices)}I", key, signature, len(indices), *indices)


@pytest.mark.parametrize(
    "section,reason",
    [
        (lambda n, sig: struct.pack(">I", 1) + _section(9, sig, [0]), "names no device of the bundle"),
        (lambda n, sig: struct.pack(">I", 1) + _section(0, sig, [1, 0]), "out of order or out of range"),
        (lambda n, sig: struct.pack(">I", 1) + _section(0, sig, [0, 0]), "out of order or out of range"),
        (lambda n, sig: struct.pack(">I", 1) + _section(0, sig, [n]), "out of order or out of range"),
        (lambda n, sig: struct.pack(">I", 1) + _section(0, sig, []), "impossible length"),
        (lambda n, sig: struct.pack(">I", 2) + _section(0, sig, [0]) * 2, "the same attestation twice"),
        (lambda n, sig: struct.pack(">I", 1) + _section(0, sig, [0])[:30], "end early"),
        (lambda n, sig: struct.pack(">I", 1) + _section(0, sig, [0])[:-2], "impossible length"),
        (lambda n, sig: struct.pack(">I", 0) + b"\x00", "data after its contents"),
    ],
)
def test_a_malformed_attestation_section_is_refused(laptops: list[Workspace], section: Callable[[int, bytes], bytes], reason: str) -> None:
    lead, b, _ = laptops
    ring = b.ring
    assert ring is not None
    versions = [(v.raw, v.signature) for v in b.all_versions()]
    head = encode_payload({b.device_id: ring.public_key}, versions)[:-4]
    data = seal(ring.inspection_id, ring.inspection_key, ring.device_id, head + section(len(versions), bytes(64)), crypto.new_key()[:16])
    with pytest.raises(BundleError, match=reason):
        import_bundle(lead, data)


def test_the_bundle_of_a_store_writes_each_kept_attestation_once(laptops: list[Workspace]) -> None:
    lead, b, c = laptops
    c.put("sea", sea("An entry about CR-950001."))
    exchange(c, lead)
    exchange(b, lead)
    atts = contents_of(lead, export_bundle(lead)[0]).attestations
    assert sorted(a.device for a in atts) == sorted([lead.device_id, b.device_id, c.device_id])
