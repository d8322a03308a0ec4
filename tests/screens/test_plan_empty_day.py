"""The Plan screen on a day with nothing planned for the inspector shown: Up highlights no row,
and the screen says so instead of ending the app (found by the keyboard monkey's long run; pressed
one key at a time, p, i, Up ended the app on the code before)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from tests.screens.app_support import demo_home, demo_source  # noqa: F401
from tests.screens.test_keys_in_turn import app_on


async def test_up_on_an_inspectors_empty_day_keeps_the_plan_open(demo_home: Path) -> None:
    async with app_on(demo_home, "p", "i", "up") as (app, pilot):
        assert app.is_running and app._exception is None
        screen = app.screen
        assert type(screen).__name__ == "PlanScreen" and screen.query_one("#plan-day", DataTable).row_count == 0
        assert "Nothing planned for this day for this inspector" in str(screen.query_one("#plan-detail-text", Static).render())
