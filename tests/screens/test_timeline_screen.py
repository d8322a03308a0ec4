"""The timeline screen: every milestone as a date with the guidance's label, today highlighted (or
given its own row when no milestone falls on it), and the statement-of-action date. Dates are
hand-counted for a notification on Tuesday 10 November 2026 (the conftest workspace)."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable, Static

from fieldwork.timeline import STEPS
from screens.timeline import TODAY_KEY, TimelineScreen
from store.workspace import Workspace
from tests.screens.test_gaps_screen import Harness


def timeline_app(workspace: Workspace, today: date) -> Harness:
    return Harness(workspace, lambda ws: TimelineScreen(ws, today=today))


async def test_every_milestone_with_today_on_a_milestone(workspace: Workspace) -> None:
    app = timeline_app(workspace, date(2026, 11, 26))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(STEPS)  # today is day 12: no extra row
        assert str(table.get_cell("day12", "date")) == "Thu 26 Nov 2026"
        assert str(table.get_cell("day12", "label")) == "Week three Thursday"
        assert str(table.get_cell("day0", "date")) == "Tue 10 Nov 2026"
        # The cursor (and so the detail below) starts on today.
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "day12"
        detail = str(app.screen.query_one("#timeline-activity", Static).render())
        assert detail.startswith("Day 12 · Thursday 26 November 2026 · on site")
        title = str(app.screen.query_one("#timeline-title", Static).render())
        assert "day 12, on site" in title
        # Para 98: 70 working days after day 41 (Monday 11 January 2027) is Wednesday 21 April 2027.
        assert "statement of action due 21 Apr 2027" in title
        assert str(table.get_cell("day111", "date")) == "Wed 21 Apr 2027"


async def test_today_between_milestones_gets_its_own_row(workspace: Workspace) -> None:
    app = timeline_app(workspace, date(2026, 11, 28))  # a Saturday: between day 13 and day 14
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(STEPS) + 1
        keys = [row.key.value for row in table.ordered_rows]
        at = keys.index(TODAY_KEY)
        assert keys[at - 1] == "day13" and keys[at + 1] == "day14"
        assert table.cursor_row == at
        # No day number of its own (it read as a second day 13): it says what it is.
        assert str(table.get_cell(TODAY_KEY, "day")).strip() == ""
        assert "Today: not a working day; next working day, Monday 30 November, is day 14" in str(table.get_cell(TODAY_KEY, "label"))
        await pilot.press("up")
        assert "Day 13" in str(app.screen.query_one("#timeline-activity", Static).render())
        await pilot.press("t")
        assert table.cursor_row == at


async def test_a_bank_holiday_moves_a_milestone_off_its_usual_weekday(workspace: Workspace) -> None:
    # Day 33 falls on Tuesday 29 December 2026 (Christmas and Boxing Day observed moved it).
    app = timeline_app(workspace, date(2026, 12, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_cell("day33", "label")) == "Week seven Friday  ⚠ a Tuesday this time"


async def test_a_notification_off_the_usual_tuesday_is_said_once(workspace: Workspace) -> None:
    payload = {**workspace.inspection, "notified": "2026-11-06"}  # a Friday
    workspace.put("inspection", payload, record=workspace.inspection_id)
    app = timeline_app(workspace, date(2026, 11, 21))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.screen.query_one("#timeline-title", Static).render())
        assert "Notified on a Friday, not the usual Tuesday" in title
        table = app.screen.query_one(DataTable)
        assert str(table.get_cell("day0", "label")) == "Week one Tuesday"  # no flag on every row
        assert str(table.get_cell("day12", "date")) == "Tue 24 Nov 2026"
