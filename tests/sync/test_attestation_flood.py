"""An attestation flood costs what its bytes do (issue 12, part 8): thousands of overlapping
attestations by one member are checked and kept in time linear in their number, and the store
keeps at most one attestation a version of them, so the flood never travels on."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest

from store.versions import Attestation, attest
from store.workspace import Change, Workspace
from sync.bundle import import_bundle, write_bundle
from tests.sync.conftest import make_team, sea

VERSIONS = 200


def _flood(member: Workspace, count: int, *, signed: bool) -> bytes:
    """The member's bundle with `count` attestations, each over a different pair of its versions."""
    ring = member.ring
    assert ring is not None
    rows = member.log.shipping()
    mine = [vid for vid, device, _, _ in rows if device == ring.device_id]
    pairs = list(itertools.islice(itertools.combinations(mine, 2), count))
    if signed:
        floods = [attest(ring.signing_key, ring.inspection_id, pair) for pair in pairs]
    else:  # well-formed, with signatures the test's patched check accepts: only the bookkeeping is timed
        floods = [Attestation(ring.device_id, os.urandom(64), b"".join(sorted(bytes.fromhex(v) for v in pair))) for pair in pairs]
    return write_bundle(
        inspection=ring.inspection_id,
        inspection_key=ring.inspection_key,
        sender=ring.device_id,
        devices=member.devices(),
        versions=[(raw, signature) for _, _, raw, signature in rows],
        attestations=floods,
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Workspace, Workspace]:
    lead, member = make_team(tmp_path, 2)
    member.write([Change("sea", sea(f"Entry {i}: the strategy discussion was timely and well recorded.")) for i in range(VERSIONS)])
    yield lead, member
    lead.close()
    member.close()


def _kept(ws: Workspace, device: str) -> list[Attestation]:
    return [a for a in ws.log.attestations() if a.device == device]


def test_a_signed_flood_is_taken_in_and_kept_as_at_most_one_attestation_a_version(pair: tuple[Workspace, Workspace]) -> None:
    lead, member = pair
    result = import_bundle(lead, _flood(member, 1500, signed=True))
    assert result.new >= VERSIONS
    kept = _kept(lead, member.device_id)
    covered = set().union(*(a.covered() for a in kept))
    assert len(kept) <= len(covered) <= VERSIONS + 5
    # Every member version the lead took in on an attestation's word leaves with one covering it.
    theirs = {vid for vid, device, _, _ in lead.log.shipping() if device == member.device_id}
    assert theirs <= covered


def test_the_bookkeeping_of_a_flood_grows_linearly(pair: tuple[Workspace, Workspace], monkeypatch: pytest.MonkeyPatch) -> None:
    lead, member = pair
    monkeypatch.setattr("sync.merge.verify_attestation", lambda *_args: True)
    data = _flood(member, 19_900, signed=False)  # every pair of 200 versions
    began = time.perf_counter()
    import_bundle(lead, data)
    took = time.perf_counter() - began
    # Comparing each attestation with every one kept before (the old way) took minutes here.
    assert took < 20, f"{took:.1f} s for 19,900 attestations"
    assert len(_kept(lead, member.device_id)) <= VERSIONS
    print(f"\n19,900 attestations over {VERSIONS} versions: {took:.2f} s")
