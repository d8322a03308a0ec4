"""Every section of the demo inspection at 80x24 (the smallest laptop terminal) and 60x20 (a split
window): keys in the footer, nothing cut that matters. Conflicts and Sync have their own pictures
(test_conflicts_sync_snapshots: times shown in UTC, a folder named without a temporary path); the
SEA list has its own on fixed entries (test_sea_snapshots).
Update with `--snapshot-update` after looking at the new pictures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screens.app import SECTIONS
from tests.screens.app_support import demo_home, demo_source, make_app, settle  # noqa: F401

SHOWN = ["children", "concerns", "gaps", "findings", "timeline"]  # the SEA list: test_sea_snapshots


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("section", SHOWN)
def test_section(snap_compare: Any, demo_home: Path, section: str, size: tuple[int, int]) -> None:
    async def open_it(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press(SECTIONS[section].key)
        await settle(pilot)

    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=open_it)
