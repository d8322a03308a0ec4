"""Sync through a real FAT file system, as inspectors carry bundles on FAT- or exFAT-formatted USB
sticks: no permission bits, no owner, 8.3 names underneath the long ones, coarse timestamps.

The test makes a FAT image and reaches it the most direct way the machine allows:
1. a loop mount (root, and a kernel with vfat),
2. a FUSE mount with fusefat (Debian's `fusefat`, where /dev/fuse is usable, as in containers
   whose kernel has no vfat),
3. mtools with no mount at all: the folder the laptops sync with is copied into the image and back
   out again around each sync, so every bundle read was stored on FAT;
and is skipped, saying why, where none of these exists (CI is a fresh machine with only Python).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.conftest import INIT_ARGS

INVITE_WORDS = "plum kettle orbit lantern quiver saddle meadow"
IMAGE_MB = 32


def _run(*argv: str | Path) -> bool:
    try:
        return subprocess.run([str(a) for a in argv], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _format(image: Path) -> bool:
    with image.open("wb") as handle:
        handle.truncate(IMAGE_MB * 1024 * 1024)
    if shutil.which("mkfs.vfat"):
        return _run("mkfs.vfat", "-n", "FWSTICK", image)
    if shutil.which("mformat"):
        return _run("mformat", "-i", image, "-v", "FWSTICK", "-T", str(IMAGE_MB * 2048), "-h", "2", "-s", "32", "::")
    return False


class Stick:
    """A FAT stick: `folder` is what `fieldwork sync` is given; `around` wraps each sync."""

    def __init__(self, how: str, folder: Path, image: Path) -> None:
        self.how, self.folder, self.image = how, folder, image

    def before(self) -> None:
        if self.how == "mtools":
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
            assert _run("mcopy", "-n", "-i", self.image, "-s", "::/*", self.folder) or not list(self._listing())

    def after(self) -> None:
        if self.how == "mtools":
            for item in self.folder.iterdir():
                assert _run("mcopy", "-o", "-i", self.image, item, f"::/{item.name}")

    def names(self) -> list[str]:
        return sorted(self._listing()) if self.how == "mtools" else sorted(p.name for p in self.folder.iterdir())

    def _listing(self) -> list[str]:
        done = subprocess.run(["mdir", "-b", "-i", str(self.image), "::/"], capture_output=True, text=True)
        return [line.rsplit("/", 1)[-1] for line in done.stdout.splitlines() if line.strip() and not line.endswith("/")]


def _stick(tmp_path: Path) -> Iterator[Stick]:
    image = tmp_path / "stick.img"
    if not _format(image):
        pytest.skip("no FAT tools: install dosfstools (mkfs.vfat) or mtools to run the FAT stick test")
    mount = tmp_path / "mnt"
    mount.mkdir()
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("mount") and _run("mount", "-o", "loop", image, mount):
        stick = Stick("loop", mount, image)
        try:
            yield stick
        finally:
            _run("umount", mount)
        return
    fuse_ok = os.path.exists("/dev/fuse") and os.access("/dev/fuse", os.R_OK | os.W_OK)
    if shutil.which("fusefat") and fuse_ok and _run("fusefat", "-o", "rw+", image, mount):
        stick = Stick("fusefat", mount, image)
        try:
            yield stick
        finally:
            _run("fusermount", "-u", mount) or _run("fusermount3", "-u", mount) or _run("umount", mount)
        return
    if shutil.which("mcopy") and shutil.which("mdir"):
        stick = Stick("mtools", tmp_path / "through-fat", image)
        yield stick
        return
    pytest.skip("the FAT image cannot be reached: no loop mount (needs root and vfat), no fusefat with /dev/fuse, no mtools")


@pytest.fixture
def stick(tmp_path: Path) -> Iterator[Stick]:
    yield from _stick(tmp_path)


def test_two_laptops_sync_through_a_fat_stick(cli: Any, tmp_path: Path, stick: Stick, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDWORK_INVITE_PASSPHRASE", INVITE_WORDS)
    lead, member = tmp_path / "lead", tmp_path / "member"
    assert cli(*INIT_ARGS, home_dir=lead).code == 0
    invite = tmp_path / "team.fwinvite"
    assert cli("invite", str(invite), "--name", "CD", "--inspectorate", "cqc", home_dir=lead).code == 0
    joined = cli("join", str(invite), "--name", "CD", "--inspectorate", "cqc", home_dir=member)
    assert joined.code == 0, joined.err

    def sync(home: Path) -> None:
        stick.before()
        result = cli("sync", str(stick.folder), home_dir=home)
        assert result.code == 0, (stick.how, result.err)
        stick.after()

    assert cli("child", "add", "CR-104233", home_dir=lead).code == 0
    assert cli("child", "add", "CR-104234", home_dir=member).code == 0
    for home in (lead, member, lead, member):
        sync(home)

    def state(home: Path) -> dict[str, Any]:
        result = cli("status", "--json", home_dir=home)
        assert result.code == 0, result.err
        return json.loads(result.out)

    assert state(lead)["state_digest"] == state(member)["state_digest"], stick.how
    refs = json.loads(cli("child", "list", "--json", home_dir=member).out)
    assert {c["case_ref"] for c in refs} >= {"CR-104233", "CR-104234"}
    names = stick.names()
    assert len([n for n in names if n.lower().endswith(".fwbundle")]) == 2, (stick.how, names)
    assert not [n for n in names if n.endswith(".part")], names  # no temporary left on the stick
