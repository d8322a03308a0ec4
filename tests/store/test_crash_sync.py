"""A hard kill (Popen.kill) during bundle imports and exports, many times: the store and the sync folder survive.

A worker process (this file, run as a module) imports bundles into a laptop's store and writes
that laptop's own bundle after each import, as `fieldwork sync` does, printing a line at every
step: before and after each import, at each chunk of progress, before the write and after it.
The test kills it (Popen.kill) after a random number of those lines (its acknowledgements, not a
timer), again and again, and after every kill checks:

- the store opens;
- every import the worker acknowledged is there, and every bundle is there whole or not at all;
- under a real bundle name stands only a complete bundle (it reads back and verifies), holding
  at least what the last acknowledged export held; anything else is a temporary name, which the
  folder sync never takes as a bundle.

FIELDWORK_CRASH_ROUNDS sets the number of kills (default 10).
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

from store.files import atomic_write
from store.workspace import Change, Workspace
from sync.bundle import export_bundle, import_bundle, read_bundle
from sync.folder import other_bundles
from tests.conftest import PASSPHRASE
from tests.sync.conftest import make_team, sea

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("FIELDWORK_CRASH_ROUNDS", "10"))
BUNDLES = 40
PER_BUNDLE = 12
MINE = "mine.fwbundle"


# --- the worker ---------------------------------------------------------------------------------


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def worker(home: Path, bundles: Path, out: Path, start: int, end: int) -> None:
    ws = Workspace.open(home, PASSPHRASE)
    _say("ready")
    paths = sorted(bundles.glob("*.fwbundle"))
    for k in range(start, end):
        path = paths[k % len(paths)]
        _say(f"import-begin {k}")
        import_bundle(ws, path.read_bytes(), name=path.name, progress=lambda done, total: _say("progress"))
        _say(f"imported {k}")  # committed: the transaction is done before this line
        data, count = export_bundle(ws, progress=lambda done, total: _say("progress"))
        _say(f"writing {k}")
        atomic_write(out / MINE, data)
        _say(f"exported {k} {count} {hashlib.sha256(data).hexdigest()}")


# --- the test -----------------------------------------------------------------------------------


def _make_material(root: Path) -> tuple[Path, Path, dict[int, set[str]], bytes, str]:
    """A receiver's closed home, BUNDLES bundles of PER_BUNDLE new entries each (their version
    ids by bundle), the inspection key and id."""
    lead, member = make_team(root, 2)
    folder = root / "bundles"
    folder.mkdir()
    batches: dict[int, set[str]] = {}
    # One transaction for all of them (each commit is an fsync), then one bundle per batch.
    made = lead.write([Change("sea", sea(f"Batch {k} entry {n} about CR-5{k:02d}{n:03d}.")) for k in range(BUNDLES) for n in range(PER_BUNDLE)])
    for k in range(BUNDLES):
        batch = made[k * PER_BUNDLE : (k + 1) * PER_BUNDLE]
        batches[k] = {v.id for v in batch}
        (folder / f"laptop0-{k:02d}.fwbundle").write_bytes(export_bundle(lead, versions=batch)[0])
    ring = lead.ring
    assert ring is not None
    key, inspection = ring.inspection_key, ring.inspection_id
    lead.close()
    member.close()
    return root / "laptop1", folder, batches, key, inspection


def _check_folder(out: Path, key: bytes, inspection: str, last_export: int) -> int:
    """Only complete bundles under real names; returns how many versions the real one holds."""
    names = sorted(p.name for p in out.iterdir())
    for name in names:
        assert name == MINE or (name.startswith(f".{MINE}.") and name.endswith(".part")), f"half-written file under a real name: {name}"
    # The folder sync takes real bundle names only: a leftover temporary file is never read.
    assert [p.name for p in other_bundles(out, "0" * 32)] == ([MINE] if MINE in names else [])
    if MINE not in names:
        assert last_export == 0, "an acknowledged export is missing"
        return 0
    contents = read_bundle((out / MINE).read_bytes(), inspection=inspection, inspection_key=key, name=MINE)
    assert len(contents.versions) >= last_export, "the bundle holds less than the last acknowledged export"
    return len(contents.versions)


def test_sigkill_during_imports_and_exports_loses_nothing_acknowledged(tmp_path: Path) -> None:
    home, folder, batches, key, inspection = _make_material(tmp_path)
    out = tmp_path / "sync-folder"
    out.mkdir()
    rng = random.Random(20261125)
    acknowledged: set[int] = set()
    last_export = 0
    start = 0
    kills_mid_import = kills_mid_write = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FIELDWORK_KDF": "fast"}
    for _round in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.test_crash_sync", str(home), str(folder), str(out), str(start), str(start + 6)],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        stop_after = rng.randint(1, 30)
        last = ""
        for _ in range(stop_after):
            line = proc.stdout.readline().strip()
            if not line:
                break  # the worker finished its range before the kill came
            last = line
            word, *rest = line.split()
            if word == "imported":
                acknowledged.add(int(rest[0]) % BUNDLES)
                start = int(rest[0]) + 1  # next time, the first bundle not acknowledged
            elif word == "exported":
                last_export = int(rest[1])
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows (which has no SIGKILL)
        proc.wait()
        proc.stdout.close()
        kills_mid_import += last.startswith(("import-begin", "progress"))
        kills_mid_write += last.startswith("writing")

        ws = Workspace.open(home, PASSPHRASE)
        try:
            held = ws.log.version_ids()
            assert not ws.log.pending_ids()
        finally:
            ws.close()
        for k, ids in batches.items():
            present = len(ids & held)
            assert present in (0, len(ids)), f"bundle {k} is half imported ({present} of {len(ids)})"
            if k in acknowledged:
                assert present == len(ids), f"acknowledged import {k} was lost"
        _check_folder(out, key, inspection, last_export)
    assert len(acknowledged) >= ROUNDS // 2, "the worker hardly ever got an import done: the test tested little"
    # The kills did land inside the work, not only between actions.
    assert kills_mid_import + kills_mid_write >= ROUNDS // 3


if __name__ == "__main__":
    worker(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
