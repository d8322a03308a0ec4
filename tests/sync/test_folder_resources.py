"""Bounded resources in the shared folder (issue 12, part 8): a file's size is checked before it
is read, so a 6 GB `*.fwbundle` is refused in one line and my own bundle is still written; the
temporary files of writes that died are cleared at the start of a sync, here and in the home."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from store.files import STALE_PART_S, atomic_write, clean_stale_parts

SIX_GB = 6 * 10**9


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def _huge(folder: Path) -> Path:
    path = folder / "0123456789abcdef0123456789abcdef.fwbundle"
    with open(path, "wb") as handle:
        handle.truncate(SIX_GB)  # sparse: no disk used, but its size is 6 GB
    return path


@pytest.fixture
def never_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the huge file at all fails the test."""
    real = Path.read_bytes

    def guarded(self: Path) -> bytes:
        assert self.stat().st_size < SIX_GB, f"{self.name} was read"
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)


def test_a_six_gb_bundle_is_refused_unread_and_mine_is_still_written(cli: Any, inspection: Path, stick: Path, never_read: None) -> None:
    huge = _huge(stick)
    result = cli("sync", str(stick), "--json")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and huge.name in lines[0] and "larger than any bundle" in lines[0] and "not read" in lines[0]
    report = json.loads(result.out)
    assert Path(report["wrote"]["file"]).exists() and report["wrote"]["versions"] > 0
    assert [r["file"] for r in report["refused"]] == [str(huge)]


def test_bundle_import_refuses_a_six_gb_file_in_one_line(cli: Any, inspection: Path, stick: Path, never_read: None) -> None:
    result = cli("bundle", "import", str(_huge(stick)))
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1 and "5.6 GiB" in result.err


def _part(folder: Path, name: str, age_s: float) -> Path:
    path = folder / name
    path.write_bytes(b"half a bundle")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_sync_clears_stale_part_files_in_the_folder_and_the_home(cli: Any, inspection: Path, stick: Path) -> None:
    stale = [_part(stick, ".ab12.fwbundle.k3j_x9q2.part", STALE_PART_S + 60), _part(inspection, ".store.db.abcdefgh.part", 2 * STALE_PART_S)]
    fresh = _part(stick, ".cd34.fwbundle.zz9y8x7w.part", 5)  # a teammate's laptop may be writing it now
    other = _part(stick, ".notes.part", STALE_PART_S * 3)  # not one of ours
    assert cli("sync", str(stick)).code == 0
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists()


def test_the_cleaner_matches_what_atomic_write_leaves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A write killed between the temporary file and the rename leaves exactly such a name.
    monkeypatch.setattr("store.files._replace", lambda *_a: (_ for _ in ()).throw(KeyboardInterrupt()))
    monkeypatch.setattr("os.unlink", lambda *_a: None)  # as if killed before the clean-up ran
    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "x.fwbundle", b"data")
    monkeypatch.undo()
    (left,) = list(tmp_path.iterdir())
    assert clean_stale_parts(tmp_path, older_than_s=-1) == 1 and not left.exists()


class _Watched:
    """A file that records how much each read asked for."""

    def __init__(self, path: Path) -> None:
        self.handle = open(path, "rb")
        self.reads: list[int] = []

    def read(self, size: int = -1) -> bytes:
        self.reads.append(size)
        return self.handle.read(size)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.handle, attr)


def test_a_bundle_is_read_a_chunk_at_a_time_with_the_same_result(workspace: Any, tmp_path: Path) -> None:
    from fieldwork import records as rec
    from sync.bundle import CHUNK, TAG, export_bundle, read_bundle

    from store.workspace import Change

    # Enough children for the bundle to span several chunks.
    workspace.write([Change("child", rec.child_payload({"case_ref": f"CR-{100000 + i}"})) for i in range(900)])
    data, _count = export_bundle(workspace)
    assert len(data) > 3 * (CHUNK + TAG)
    path = tmp_path / "mine.fwbundle"
    path.write_bytes(data)
    ring = workspace.ring
    from_bytes = read_bundle(data, inspection=ring.inspection_id, inspection_key=ring.inspection_key)
    watched = _Watched(path)
    try:
        from_file = read_bundle(watched, inspection=ring.inspection_id, inspection_key=ring.inspection_key)  # type: ignore[arg-type]
    finally:
        watched.handle.close()
    assert from_file.versions == from_bytes.versions and from_file.attestations == from_bytes.attestations
    assert watched.reads and max(watched.reads) <= 64 * 1024 + CHUNK + TAG and -1 not in watched.reads


def test_a_bundle_cut_short_while_read_is_refused_in_words(workspace: Any, tmp_path: Path) -> None:
    from sync.bundle import BundleError, export_bundle, read_bundle

    data, _count = export_bundle(workspace)
    path = tmp_path / "mine.fwbundle"
    path.write_bytes(data)
    ring = workspace.ring
    with open(path, "rb") as handle:
        path.write_bytes(data[: len(data) // 2])  # opened, then the stick was pulled: the file shrank
        with pytest.raises(BundleError, match="truncated|damaged"):
            read_bundle(handle, inspection=ring.inspection_id, inspection_key=ring.inspection_key)
