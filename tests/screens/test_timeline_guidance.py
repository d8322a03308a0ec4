"""The timeline screen as the guidance plans it: the on-site meetings with their paragraphs in a
day's detail (para 27, 35, 93), the statement of action from the day the letter was actually sent
(para 98), and a warning when the on-site week is broken by days off (para 9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from fieldwork import records as rec
from screens.timeline import TimelineScreen
from store import letter_details
from store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.screens.test_gaps_screen import Harness


def _app(ws: Workspace, today: date) -> Harness:
    return Harness(ws, lambda w: TimelineScreen(w, today=today))


def _title(app: Harness) -> str:
    return str(app.screen.query_one("#timeline-title", Static).render())


async def test_para_35_the_days_meetings_show_in_its_detail(workspace: Workspace) -> None:
    app = _app(workspace, date(2026, 11, 26))  # day 12 of a Tuesday 10 November notification
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        detail = str(app.screen.query_one("#timeline-activity", Static).render())
        assert "Keep-in-touch meeting with senior leaders, in the morning (para 35)" in detail
        assert "(para 93)" in detail
        assert "broken by days off" not in _title(app)


async def test_para_98_the_statement_counts_from_the_day_the_letter_was_sent(workspace: Workspace) -> None:
    letter_details.set_letter_sent(workspace, on="2027-01-13", today=date(2027, 1, 20))
    app = _app(workspace, date(2027, 1, 20))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # 70 working days after Wednesday 13 January 2027 (Good Friday and Easter Monday skipped).
        assert "statement of action due 23 Apr 2027" in _title(app)
        table = app.screen.query_one(DataTable)
        assert any("sent on 2027-01-13" in str(table.get_row_at(i)[2]) for i in range(table.row_count))


async def test_para_9_a_tuesday_before_easter_warns_of_the_broken_on_site_week(tmp_path: Path) -> None:
    ws = Workspace.create(
        tmp_path / "easter",
        PASSPHRASE,
        inspection=rec.inspection_payload(area="Testshire", theme="Neglect", notified="2027-03-09", packs=["jtai-2016-front-door"]),
        me=rec.inspector_payload(name="AB", inspectorate="ofsted"),
    )
    try:
        app = _app(ws, date(2027, 3, 22))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            title = _title(app)
            assert "The on-site week (days 9-13, Monday 22 March 2027 to Tuesday 30 March 2027)" in title
            assert "Good Friday" in title and "Easter Monday" in title
    finally:
        ws.close()
