"""What the SEA list and editor look like at 80x24 (the smallest laptop terminal we support) and
120x40, on the harness's fixed entries and date. Update with `pytest --snapshot-update` after
checking the new pictures by eye."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot

from screens.sea_editor import SeaEditorScreen
from screens.sea_list import SeaListScreen
from tests.screens.sea_harness import TODAY, Harness, no_timers, team  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("no_timers")

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_list(snap_compare: Any, workspace: Any, team: dict[str, str], size: tuple[int, int]) -> None:
    async def filter_and_move(pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"-j:context", "enter", "down")  # into the list, cursor on the second row
        await pilot.pause()

    app = Harness(lambda: SeaListScreen(workspace, today=TODAY))
    assert snap_compare(app, terminal_size=size, run_before=filter_and_move)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_new_entry_with_a_name_flagged(snap_compare: Any, workspace: Any, team: dict[str, str],
                                       size: tuple[int, int]) -> None:
    async def write(pilot: Pilot[None]) -> None:
        await pilot.press("7", "enter", "tab", "enter", "down", "enter")
        screen = pilot.app.screen
        screen.query_one("#evidence-date").value = "2026-11-20"
        screen.query_one("#children").value = "CR-104233"
        screen.query_one("#text").focus()
        await pilot.pause()
        # Invented name, to show the check that blocks it.
        pilot.app.post_message(events.Paste("The social worker saw Hannah at school and the visit "
                                            "was written up."))
        await pilot.pause()

    app = Harness(lambda: SeaEditorScreen(workspace, today=TODAY))
    assert snap_compare(app, terminal_size=size, run_before=write)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_editing_a_late_entry(snap_compare: Any, workspace: Any, team: dict[str, str],
                              size: tuple[int, int]) -> None:
    entry = next(r for r in workspace.records("sea") if r.payload["criteria"] == ["ESN 17"])
    app = Harness(lambda: SeaEditorScreen(workspace, entry.id, today=TODAY))

    async def settle(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#text").focus()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_detail_view(snap_compare: Any, workspace: Any, team: dict[str, str], size: tuple[int, int],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    from screens import record_detail
    from screens.record_detail import SeaDetailScreen

    # The history's times are when the fixture ran: fixed here so the picture is stable.
    monkeypatch.setattr(record_detail, "local_time", lambda iso: "2026-11-24 10:00")
    entry = next(r for r in workspace.records("sea") if r.payload["criteria"] == ["ESN 17"])
    app = Harness(lambda: SeaDetailScreen(workspace, entry.id, today=TODAY))
    assert snap_compare(app, terminal_size=size)
