"""Kill a writing process (Popen.kill: SIGKILL, or TerminateProcess on Windows) at random moments, many times; then reopen.

The store must open, every write the process acknowledged must be there, and nothing half
written may be: each transaction wrote two children together, so they come in pairs.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from store.workspace import Workspace
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_during_writes_loses_nothing_acknowledged(workspace: Workspace, home: Path) -> None:
    workspace.close()
    rng = random.Random(20261121)
    acknowledged: set[int] = set()
    start = 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _round in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.crash_writer", str(home), str(start), "100000"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        # Kill after a random number of acknowledged writes: the next write is then in flight.
        stop_after = rng.randint(1, 25)
        seen = 0
        while seen < stop_after:
            line = proc.stdout.readline()
            assert line.startswith("ok "), line
            acknowledged.add(int(line.split()[1]))
            seen += 1
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows (which has no SIGKILL)
        proc.wait()
        start = max(acknowledged) + 2  # skip the possibly in-flight number
        ws = Workspace.open(home, PASSPHRASE)
        try:
            refs = {int(r.payload["case_ref"][4:]) for r in ws.records("child") if r.payload["case_ref"].startswith("CR-9")}
            pairs = {int(r.payload["case_ref"][4:]) for r in ws.records("child") if r.payload["case_ref"].startswith("CR-8")}
            assert acknowledged <= refs
            assert refs == pairs, "a transaction was half applied"
        finally:
            ws.close()
    assert len(acknowledged) >= 12
