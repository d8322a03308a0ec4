"""The gaps screen, driven with Pilot: the heatmap, drilling down from a cell to an entry, marking a
criterion sufficient, the threshold, and the other tabs. Plus an 80x24 snapshot."""

from __future__ import annotations

from datetime import date
from typing import Callable

from textual.app import App
from textual.screen import Screen
from textual.widgets import DataTable, Static

from screens.gaps import EntryListScreen, EntryScreen, GapsScreen
from store import gaps as store_gaps
from store.workspace import Workspace
from tests.store.test_gaps_store import populate

TODAY = date(2026, 11, 24)


class Harness(App[None]):
    """Stands in for the app shell: holds the workspace and opens one screen."""

    def __init__(self, workspace: Workspace, make: Callable[[Workspace], Screen[None]]) -> None:
        super().__init__()
        self.workspace = workspace
        self.make = make

    def on_mount(self) -> None:
        self.push_screen(self.make(self.workspace))


def gaps_app(workspace: Workspace) -> Harness:
    return Harness(workspace, lambda ws: GapsScreen(ws, today=TODAY))


def _plain(widget: Static) -> str:
    return str(widget.render())


async def test_drill_down_from_a_cell_to_an_entry(workspace: Workspace) -> None:
    built = populate(workspace)
    app = gaps_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, GapsScreen)
        assert "20 gaps" in _plain(app.screen.query_one("#gaps-title", Static))
        # The cursor starts on ESN 01's code; one step right is its strengths cell.
        await pilot.press("right", "enter")
        assert isinstance(app.screen, EntryListScreen)
        assert app.screen.ids == (built.ids["s1"],)
        assert app.screen.list_title == "ESN 01 · Strength"
        await pilot.press("enter")
        assert isinstance(app.screen, EntryScreen)
        shown = str(app.screen.query_one("#entry-text", Static).render())
        assert "SEA entry " + built.ids["s1"][:8] in shown
        assert "Practice seen in entry s1" in shown and "CR-100001" in shown
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, GapsScreen)
        # Six rows down and four columns right: ESN 07's total, which lists both of its entries.
        await pilot.press(*["down"] * 6, *["right"] * 4, "enter")
        assert isinstance(app.screen, EntryListScreen)
        assert set(app.screen.ids) == {built.ids["s3"], built.ids["s4"]}


async def test_marking_sufficient_and_the_threshold(workspace: Workspace) -> None:
    populate(workspace)
    app = gaps_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GapsScreen)
        await pilot.press(*["down"] * 13)  # ESN 14: one entry, a gap
        await pilot.press("s")
        assert store_gaps.report(workspace, today=TODAY).criterion("ESN 14").sufficient
        assert "19 gaps" in _plain(screen.query_one("#gaps-title", Static))
        table = screen.query_one("#criteria-table", DataTable)
        assert str(table.get_cell("ESN 14", "mark")) == "ok ✓"
        await pilot.press("s")  # and off again
        assert not store_gaps.report(workspace, today=TODAY).criterion("ESN 14").sufficient
        await pilot.press("minus")  # threshold 1: only criteria with no entry at all
        assert "18 gaps" in _plain(screen.query_one("#gaps-title", Static))
        assert table.cursor_row == 13  # the cursor stays where the lead was


async def test_children_strands_and_team_tabs_drill_down(workspace: Workspace) -> None:
    built = populate(workspace)
    app = gaps_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        table = app.screen.query_one("#children-table", DataTable)
        assert table.has_focus
        assert str(table.get_cell("CR-100001", "missing")) == "Education"
        assert str(table.get_cell("CR-100003", "missing")) == "no entry at all"
        await pilot.press("enter")
        assert isinstance(app.screen, EntryListScreen)
        assert app.screen.ids == (built.ids["s1"], built.ids["s2"])
        await pilot.press("escape", "4")
        team = app.screen.query_one("#team-table", DataTable)
        team.move_cursor(row=1, column=3)  # CD's late entries
        await pilot.press("enter")
        assert isinstance(app.screen, EntryListScreen)
        assert app.screen.ids == (built.ids["s3"],)


def test_snapshot_gaps_80x24(workspace: Workspace, snap_compare) -> None:  # type: ignore[no-untyped-def]
    populate(workspace)
    store_gaps.set_sufficient(workspace, "ESN 17")
    assert snap_compare(gaps_app(workspace), terminal_size=(80, 24))
