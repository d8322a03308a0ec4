"""At rest: the home folder is 0700 and every file in it 0600, by a umask at start, and a home
made before that is tightened when a verb opens it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import INIT_ARGS, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps access lists, not mode bits")


def _modes(home: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(home.stat().st_mode)}
    for path in home.rglob("*"):
        found[str(path.relative_to(home))] = stat.S_IMODE(path.stat().st_mode)
    return found


def _private(modes: dict[str, int]) -> bool:
    return all(mode & 0o077 == 0 for mode in modes.values())


def test_a_new_home_is_private_from_a_real_process(tmp_path: Path) -> None:
    # A new process, with the umask a person's shell usually has, so the test's own does not count.
    env = {**os.environ, "FIELDWORK_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(ROOT)}
    home = tmp_path / "home"
    code = f"import os, sys; os.umask(0o022); from fieldwork.cli import main; sys.exit(main(sys.argv[1:]))"
    for argv in (INIT_ARGS, ("status",)):
        done = subprocess.run([sys.executable, "-c", code, "--home", str(home), *argv], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        assert done.returncode == 0, done.stderr
    modes = _modes(home)
    assert {"keyring.json", "store.db"} <= set(modes)
    assert modes["."] == 0o700 and all(mode == 0o600 for name, mode in modes.items() if name != "." and (home / name).is_file())


def test_an_older_open_home_is_tightened_by_the_next_verb(cli: Any, inspection: Path) -> None:
    os.chmod(inspection, 0o755)
    for path in inspection.iterdir():
        os.chmod(path, 0o644)
    assert not _private(_modes(inspection))
    assert cli("status").code == 0
    assert _private(_modes(inspection))


def test_a_folder_that_is_not_an_inspection_is_left_alone(cli: Any, tmp_path: Path) -> None:
    other = tmp_path / "photos"
    other.mkdir()
    os.chmod(other, 0o755)  # not mkdir's mode: an earlier in-process run set this process's umask
    (other / "a.jpg").write_bytes(b"x")
    os.chmod(other / "a.jpg", 0o644)
    assert cli("status", home_dir=other).code == 4
    assert stat.S_IMODE(other.stat().st_mode) == 0o755 and stat.S_IMODE((other / "a.jpg").stat().st_mode) == 0o644
