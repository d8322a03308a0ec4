"""A DataTable whose columns all have a width given in advance: it does not measure its cells.

Textual's DataTable measures every cell of every new row (rendering each one) to learn how wide
its columns should be, even when every column was given its width, which then ignores what was
measured. Children (60 rows of nine columns) spent about 8 ms of its first frame on it. When every
column has a fixed width and no row has a label or an automatic height, nothing measured is used:
this table only updates its scrollable size, as DataTable does at the end of the same step. In any
other case it measures exactly as DataTable does.

Written against Textual 8.2's DataTable (`_update_dimensions` and the row and column fields it
reads); tests/screens/test_fixed_table.py draws the same rows in both and compares them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class FixedWidthTable(DataTable[Any]):
    """Styled as a DataTable: Textual matches a subclass by its bases' type names too."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        rows = self.rows
        measured_for_nothing = all(not c.auto_width for c in self.columns.values()) and not any(
            row_key in rows and (rows[row_key].label is not None or rows[row_key].auto_height) for row_key in new_rows
        )
        if not measured_for_nothing:
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values()) + self._row_label_column_width
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header_height)
