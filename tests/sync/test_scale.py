"""Twelve laptops × 2,000 versions each merge correctly: the findings meeting's whole team at once.

Kept in the suite (it is the shape of the Thursday afternoon), and kept as quick as it can be by
writing each laptop's versions in two big `write()` batches: 1,000 new entries, then an edit of
each. Marked `slow` so a quick local loop can leave it out with `-m "not slow"`.
"""

from __future__ import annotations

import hashlib
import random
import time
from pathlib import Path

import pytest

from store.workspace import Change
from sync.bundle import export_bundle, import_bundle
from tests.sync.conftest import make_team, sea

LAPTOPS = 12
ENTRIES = 1000  # each written, then edited once: 2,000 versions a laptop


@pytest.mark.slow
def test_twelve_laptops_of_two_thousand_versions_merge_into_one_state(tmp_path: Path) -> None:
    # A lead and twelve members, each joined through their own invite: every version is judged.
    team = make_team(tmp_path, LAPTOPS + 1)
    target, laptops = team[0], team[1:]
    base = [v.id for v in target.all_versions()]
    written: list[str] = []
    latest: dict[str, str] = {}
    for i, ws in enumerate(laptops):
        made = ws.write([Change("sea", sea(f"Laptop {i} entry {n} on CR-8{n:05d}")) for n in range(ENTRIES)])
        edits = ws.write([Change("sea", sea(f"Laptop {i} entry {n}, revised"), record=v.record) for n, v in enumerate(made)])
        written += [v.id for v in made + edits]
        latest.update({v.record: v.id for v in edits})
    bundles = [export_bundle(ws)[0] for ws in laptops]
    random.Random(12).shuffle(bundles)  # the order laptops reach the table is nobody's choice

    started, cpu = time.perf_counter(), time.process_time()
    results = [import_bundle(target, data) for data in bundles]
    # CPU time too: on a shared machine the wall clock says more about the neighbours than about us.
    print(f"merged {LAPTOPS} bundles, {len(written)} versions: {time.perf_counter() - started:.2f} s, {time.process_time() - cpu:.2f} s CPU")

    assert sum(r.new for r in results) == LAPTOPS * 2 * ENTRIES
    assert all(r.pending == 0 and r.conflicts_created == 0 and not r.quarantined for r in results)
    assert target.version_count() == len(written) + len(base)
    expected = hashlib.sha256(b"".join(v.encode() + b"\n" for v in sorted(written + base))).hexdigest()
    assert target.state_digest() == expected
    assert {r.id: r.version for r in target.records("sea")} == latest
    assert target.conflict_count() == 0 and not target.log.pending_ids()
    for ws in team:
        ws.close()
