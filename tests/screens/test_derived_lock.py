"""What Gaps and Findings work out from the records (store/derived.py): ready a moment after Home
is drawn, and gone when the app locks."""

from __future__ import annotations

from pathlib import Path

from screens.gaps import GapsScreen
from store import derived
from tests.screens.app_support import FakeClock, demo_home, demo_source, make_app, open_with, settle  # noqa: F401


async def test_the_lock_drops_what_gaps_kept(demo_home: Path) -> None:
    clock = FakeClock()
    app = make_app(demo_home, idle_clock=clock, lock_after=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_with(pilot, "g", GapsScreen)
        ws = app.workspace
        assert ws is not None
        assert derived._KEPT[ws]["gaps.entry"]  # Gaps read every entry through it
        clock.advance(11)
        assert await app.check_idle_lock() is True
        await settle(pilot)
        assert ws not in derived._KEPT


async def test_the_entries_are_ready_before_gaps_is_first_opened(demo_home: Path) -> None:
    app = make_app(demo_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause(0.3)  # a moment after Home's first frame
        ws = app.workspace
        assert ws is not None
        kept = derived._KEPT[ws]["gaps.entry"]
        assert len(kept) == len(ws.records("sea"))
