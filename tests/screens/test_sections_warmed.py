"""Once Home is drawn and the store decrypted, every section's screen module is imported in the
background, so a first press of a section's key does not import it before its first frame.

Run in a fresh interpreter: in the test process every screen module is imported already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.screens.app_support import demo_home, demo_source  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from screens.app import SECTIONS
from tests.screens.app_support import make_app, settle

async def main() -> None:
    before = sorted(s.module for s in SECTIONS.values() if s.module in sys.modules)
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        after = sorted(s.module for s in SECTIONS.values() if s.module in sys.modules)
    print(json.dumps({"before": before, "after": after}))

asyncio.run(main())
"""


def test_every_sections_module_is_ready_before_its_key_is_pressed(demo_home: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(demo_home)], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    inspection_sections = {"screens.children", "screens.sea_list", "screens.concerns", "screens.gaps", "screens.findings",
                           "screens.timeline", "screens.conflicts", "screens.sync", "screens.plan", "screens.meetings",
                           "screens.retention"}
    assert not inspection_sections <= set(seen["before"])  # not imported by starting the app
    assert inspection_sections <= set(seen["after"])
    assert "screens.qa" not in seen["after"]  # an inspection's start brings none of the audit's screens
