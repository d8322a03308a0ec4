"""What a start with the passphrase in hand imports: not the unlock screen's modules before Home
is drawn (screens/opening.py), and every section's screen module once Home is drawn and the store
decrypted, in the background, so a first press of a section's key does not import it before its
first frame.

Run in a fresh interpreter: in the test process every screen module is imported already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.screens.app_support import copy_demo, demo_source  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from screens.app import SECTIONS
from tests.screens.app_support import make_app, settle

async def main() -> None:
    before = sorted(s.module for s in SECTIONS.values() if s.module in sys.modules)
    app = make_app(Path(sys.argv[1]))
    display = app._display
    at_home: list[bool] = []

    def noting(screen, renderable) -> None:
        display(screen, renderable)
        if type(screen).__name__ == "HomeScreen" and not at_home:
            at_home.append("screens.unlock" in sys.modules)

    app._display = noting
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        after = sorted(s.module for s in SECTIONS.values() if s.module in sys.modules)
    print(json.dumps({"before": before, "after": after, "unlock_at_home": at_home}))

asyncio.run(main())
"""


@pytest.fixture(scope="module")
def started(demo_source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[object]]:
    home = copy_demo(demo_source, tmp_path_factory.mktemp("warmed") / "demo")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(home)], capture_output=True, text=True, env=env,
                          cwd=str(ROOT), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_every_sections_module_is_ready_before_its_key_is_pressed(started: dict[str, list[object]]) -> None:
    inspection_sections = {"screens.children", "screens.sea_list", "screens.concerns", "screens.gaps", "screens.findings",
                           "screens.timeline", "screens.conflicts", "screens.sync", "screens.plan", "screens.meetings",
                           "screens.retention"}
    assert not inspection_sections <= set(started["before"])  # not imported by starting the app
    assert inspection_sections <= set(started["after"])
    assert "screens.qa" not in started["after"]  # an inspection's start brings none of the audit's screens


def test_the_unlock_screen_is_not_imported_when_the_passphrase_is_given(started: dict[str, list[object]]) -> None:
    assert started["unlock_at_home"] == [False]
