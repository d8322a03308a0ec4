"""Kill `fieldwork recover` (Popen.kill: SIGKILL) as it writes the new keyring, and at random
moments, many times: the keyring then opens with the old passphrase or the new one, never neither,
and every record is still there (issue 12, part 10: half-done work is impossible). The keyring is
only ever replaced whole.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

from fieldwork import records as rec
from fieldwork.errors import AccessDenied
from store import crypto
from store.workspace import Workspace
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("FIELDWORK_CRASH_ROUNDS", "0")) or 6
OTHER = "a second passphrase, long enough and hard to guess"


def _open_with_either(home: Path) -> tuple[str, str]:
    for passphrase in (PASSPHRASE, OTHER):
        try:
            ws = Workspace.open(home, passphrase)
        except AccessDenied:
            continue
        try:
            return passphrase, ws.state_digest()
        finally:
            ws.close()
    raise AssertionError("the keyring opens with neither passphrase: a recovery was half done")


def test_a_killed_recovery_leaves_the_old_passphrase_or_the_new_one(tmp_path: Path) -> None:
    home = tmp_path / "home"
    code = crypto.new_recovery_code()
    ws = Workspace.create(
        home,
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Testshire", theme="Neglect", notified="2026-11-10", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
        recovery_code=code,
    )
    ws.put("child", rec.child_payload({"case_ref": "CR-104233", "stage": "tracked"}))
    digest = ws.state_digest()
    ws.close()
    code_file = tmp_path / "code.txt"
    code_file.write_text(code + "\n")
    rng = random.Random(75)
    outcomes = {PASSPHRASE: 0, OTHER: 0}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("FIELDWORK_PASSPHRASE", None)
    run = "import sys; from fieldwork.cli import main; sys.exit(main(sys.argv[1:]))"
    for n in range(ROUNDS):
        current, _ = _open_with_either(home)
        new = OTHER if current == PASSPHRASE else PASSPHRASE
        new_file = tmp_path / f"new-{n}.txt"
        new_file.write_text(new + "\n")
        proc = subprocess.Popen(
            [sys.executable, "-c", run, "--home", str(home), "recover", "--code-file", str(code_file), "--new-passphrase-file", str(new_file)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        if n % 2 == 0:
            # On the event that matters: the new keyring is being written beside the old one.
            while proc.poll() is None and not any(home.glob(".keyring.json.*.part")):
                time.sleep(0.0005)
        else:
            time.sleep(rng.uniform(0.05, 1.2))  # anywhere else in the run
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows
        proc.wait(timeout=30)
        opened, seen = _open_with_either(home)
        assert seen == digest, "a record was lost"
        outcomes[opened] += 1
    assert sum(outcomes.values()) == ROUNDS
