"""FixedWidthTable (screens/widgets/fixed_table.py) draws exactly what a DataTable draws with the
same columns and rows, scrolled or not, while measuring no cell when every width is given."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from screens.widgets.fixed_table import FixedWidthTable

ROWS = [
    (f"CR-1{n:05d}", Text("TRACKED" if n % 7 == 0 else "shortlist", style="bold" if n % 7 == 0 else ""),
     "a stage name longer than its column" if n % 5 == 0 else "16-17", Text(f"{n:>3}", style="bold white on #6e2222"),
     f"[b]{n}[/b] markup in a plain string")
    for n in range(60)
]


class Host(App[None]):
    def __init__(self, table: DataTable[Any], widths: tuple[int | None, ...]) -> None:
        super().__init__()
        self.table = table
        self.widths = widths

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        for n, width in enumerate(self.widths):
            self.table.add_column(f"col {n}", key=str(n), width=width)
        for n, row in enumerate(ROWS):
            self.table.add_row(*row, key=str(n))
        self.table.focus()


async def _drawn(table: DataTable[Any], widths: tuple[int | None, ...]) -> list[list[tuple[str, str]]]:
    app = Host(table, widths)
    frames: list[list[tuple[str, str]]] = []
    async with app.run_test(size=(70, 20)) as pilot:
        for row in (0, 45, 59, 3):
            table.move_cursor(row=row, column=1)
            await pilot.pause()
            frames.append([(seg.text, str(seg.style)) for strip in app.screen._compositor.render_strips() for seg in strip])
        frames.append([(str(table.virtual_size), "")])
    return frames


@pytest.mark.parametrize("widths", [(9, 9, 6, 3, 20), (9, None, 6, 3, 20)], ids=["fixed", "one-auto"])
async def test_draws_what_a_data_table_draws(widths: tuple[int | None, ...]) -> None:
    plain = await _drawn(DataTable(cursor_type="row", zebra_stripes=True), widths)
    fixed = await _drawn(FixedWidthTable(cursor_type="row", zebra_stripes=True), widths)
    assert fixed == plain


async def test_measures_no_cell_when_every_width_is_given(monkeypatch: Any) -> None:
    import screens.widgets.fixed_table as module
    from textual.widgets import _data_table

    measured: list[object] = []
    real = _data_table.measure
    monkeypatch.setattr(_data_table, "measure", lambda *a, **k: measured.append(a[1]) or real(*a, **k))
    await _drawn(module.FixedWidthTable(cursor_type="row"), (9, 9, 6, 3, 20))
    assert [str(m) for m in measured] == [f"col {n}" for n in range(5)]  # the headers, as add_column does
    measured.clear()
    await _drawn(DataTable(cursor_type="row"), (9, 9, 6, 3, 20))
    assert len(measured) >= 5 + len(ROWS) * 5  # DataTable measures every cell of every row
