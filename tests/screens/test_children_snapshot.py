"""Children at 80x24 and 120x40, from the fixed demo on a fixed day."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.screens.app_support import demo_home, demo_source, make_app, press, settle  # noqa: F401


def open_children(*keys: str) -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await press(pilot, "c", *keys)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_children_snapshot(demo_home: Path, snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=open_children())


def test_children_tracked_with_balance_snapshot(demo_home: Path, snap_compare: Any) -> None:
    assert snap_compare(make_app(demo_home), terminal_size=(80, 24), run_before=open_children("3", "b"))
