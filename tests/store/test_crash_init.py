"""Kill `init` and `join` (Popen.kill: SIGKILL) at random moments, many times: every home is then
either absent or whole, never "no inspection here" and "already holds an inspection" at once
(issue 12, part 10). An absent home takes a fresh `init` or `join` at once.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldwork.errors import NoInspection
from store import creating
from store.workspace import Workspace
from tests.conftest import INIT_ARGS, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
INVITE_WORDS = "plum-kettle-orbit-lantern-quarry-velvet"
# More kills for a long run: FIELDWORK_CRASH_ROUNDS=N (each of init and join).
ROUNDS = int(os.environ.get("FIELDWORK_CRASH_ROUNDS", "0"))
JOIN_ARGS = ("--name", "CD", "--inspectorate", "cqc")


def _fieldwork(home: Path, *argv: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FIELDWORK_INVITE_PASSPHRASE": INVITE_WORDS}
    code = "import sys; from fieldwork.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--home", str(home), *argv],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _creation_time(home: Path, argv: tuple[str, ...]) -> float:
    """How long a start keeps its marker (the window a kill must hit), measured once."""
    proc = _fieldwork(home, *argv)
    while not creating.interrupted(home) and proc.poll() is None:
        time.sleep(0.0005)
    began = time.monotonic()
    while creating.interrupted(home) and proc.poll() is None:
        time.sleep(0.0005)
    span = time.monotonic() - began
    assert proc.wait(timeout=120) == 0
    return span


def _kill_during(home: Path, argv: tuple[str, ...], delay: float) -> None:
    proc = _fieldwork(home, *argv)
    # Wait for the process to start writing the home, then let it run a random while.
    deadline = time.monotonic() + 60
    while not creating.interrupted(home) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0005)
    time.sleep(delay)
    proc.kill()
    proc.wait(timeout=30)


def _whole_or_absent(home: Path) -> str:
    if Workspace.exists(home):
        ws = Workspace.open(home, PASSPHRASE)  # whole: it opens, with its inspection and me in it
        try:
            assert ws.has_inspection and ws.me.get("name"), "a home said to exist is not whole"
        finally:
            ws.close()
        return "whole"
    with pytest.raises(NoInspection):
        Workspace.open(home, PASSPHRASE)
    return "absent"


def _kill_repeatedly(root: Path, argv: tuple[str, ...], rounds: int, seed: int) -> dict[str, int]:
    span = _creation_time(root / "measured", argv)
    rng = random.Random(seed)
    seen = {"whole": 0, "absent": 0}
    for n in range(rounds):
        home = root / f"killed-{n}"
        _kill_during(home, argv, rng.uniform(0, span * 1.2))
        state = _whole_or_absent(home)
        seen[state] += 1
        if state == "absent":
            # What the interrupted start left is cleared by the next one, which then succeeds.
            again = _fieldwork(home, *argv)
            assert again.wait(timeout=120) == 0
            assert _whole_or_absent(home) == "whole"
    print(f"\n{argv[0]}: killed {rounds} times, {seen}")
    return seen


def test_sigkill_during_init_leaves_no_half_made_home(tmp_path: Path) -> None:
    seen = _kill_repeatedly(tmp_path, INIT_ARGS, rounds=ROUNDS or 5, seed=2026)
    assert seen["absent"] >= 1  # the kills did land inside the creation


def test_sigkill_during_join_leaves_no_half_made_home(tmp_path: Path) -> None:
    lead = tmp_path / "lead"
    for argv in (INIT_ARGS, ("invite", str(tmp_path / "cd.fwinvite"), *JOIN_ARGS)):
        assert _fieldwork(lead, *argv).wait(timeout=120) == 0
    seen = _kill_repeatedly(tmp_path, ("join", str(tmp_path / "cd.fwinvite"), *JOIN_ARGS), rounds=ROUNDS or 4, seed=12)
    assert seen["absent"] >= 1
