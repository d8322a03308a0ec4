"""Conflicts and Sync at 80x24 (the smallest laptop terminal) and 60x20 (a split window), on the demo
inspection: the demo is built on a simulated clock, so when each laptop wrote is fixed, and it is
shown in UTC here; Sync goes through a folder named relative to the test's own folder, so no
temporary path shows. Update with `--snapshot-update` after looking at the new pictures."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from screens.app import SECTIONS
from tests.screens.app_support import demo_home, demo_source, make_app, settle  # noqa: F401

SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are shown in the local zone: the pictures are taken in UTC wherever they run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _open(section: str, *then: str) -> Any:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press(SECTIONS[section].key)
        await settle(pilot)
        for key in then:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@SIZES
def test_conflicts(snap_compare: Any, demo_home: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=_open("conflicts"))


@SIZES
def test_conflicts_merge(snap_compare: Any, demo_home: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=_open("conflicts", "m"))


@SIZES
def test_sync(snap_compare: Any, demo_home: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=_open("sync"))


@SIZES
def test_sync_done(snap_compare: Any, demo_home: Path, tmp_path: Path, size: tuple[int, int],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """After a sync through an empty stick: what was taken in, mine written, the log."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stick").mkdir()

    async def run_before(pilot: Any) -> None:
        await _open("sync")(pilot)
        await pilot.press(*"stick", "enter")
        await settle(pilot)
        pilot.app.clear_notifications()  # the toast says what the summary line says; it would hide the log
        await settle(pilot)

    assert snap_compare(make_app(demo_home), terminal_size=size, run_before=run_before)
