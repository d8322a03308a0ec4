"""The Concerns list fits its terminal: at 120, 80 and 60 columns every header and every value in
the table is drawn whole (read from the rendered cells), the table never scrolls sideways, and what
a narrow list leaves out (the service, at 60) is in the detail below."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from screens.concerns import FIXED_COLUMNS, SERVICE, list_cells
from store import concerns as store
from store.workspace import Workspace
from tests.screens.test_concerns import TODAY, Harness
from tests.screens.test_concerns_snapshot import seed


def _rendered(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [table.render_line(y).text for y in range(table.size.height)]


@pytest.mark.parametrize("size", [(120, 30), (80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_header_and_value_is_drawn_whole(workspace: Workspace, size: tuple[int, int]) -> None:
    seed(workspace)
    app = Harness(workspace)
    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await pilot.pause()
        table = app.screen.query_one(DataTable)
        lines = _rendered(table)
        assert not any("…" in line for line in lines), lines
        assert table.virtual_size.width <= table.size.width, "the table scrolls sideways"
        headers = [str(c.label) for c in table.columns.values()]
        shown_service = SERVICE[1] in headers
        assert headers == [h for _k, h in FIXED_COLUMNS[:3]] + ([SERVICE[1]] if shown_service else []) + [
            h for _k, h in FIXED_COLUMNS[3:]]
        for header in headers:
            assert f" {header} " in lines[0] + " ", (header, lines[0])
        assert shown_service is (size[0] >= 80)
        y = 1  # under the header
        for row in table.ordered_rows:
            height = row.height
            drawn = " ".join(lines[y:y + height])
            y += height
            data = store.to_json(workspace, workspace.require(str(row.key.value)), TODAY)
            cells = list_cells(data)
            for key, _header in FIXED_COLUMNS:
                assert cells[key] in drawn, (key, cells[key], drawn)
            if shown_service:  # wrapped in its column: every word of it, whole
                assert all(word in drawn.split() for word in data["service"].split()), (data["service"], drawn)
        detail = str(app.screen.query_one("#concern-detail-text", Static).render())
        first = store.to_json(workspace, workspace.require(str(table.ordered_rows[0].key.value)), TODAY)
        # What the list leaves out is in the detail: the service, every case reference, the full state.
        assert first["state_label"] in detail and ", ".join(first["case_refs"]) in detail
        assert " ".join(first["service"].split()[:2]) in " ".join(detail.split())


async def test_a_resize_lays_the_columns_out_again(workspace: Workspace) -> None:
    seed(workspace)
    app = Harness(workspace)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert SERVICE[1] not in [str(c.label) for c in table.columns.values()]
        await pilot.resize_terminal(100, 30)
        for _ in range(3):
            await pilot.pause()
        assert SERVICE[1] in [str(c.label) for c in table.columns.values()]
        assert not any("…" in line for line in _rendered(table))
