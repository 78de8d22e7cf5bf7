"""A detail tab's table (users, roles, sales reps) from a kind's columns: sized to fit, masked in mask mode."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from tui.core.kinds import Column
from tui.core.shown import label as one_line
from tui.ui.masking import shown
from tui.ui.widgets.record_views import cell_text

log = logging.getLogger(__name__)


class TabTable(DataTable[Any]):
    """Rows of `items`, one cell per column; the cursor stays on its row across a refill."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def fill(self, columns: Sequence[Column], items: Sequence[Any]) -> None:
        row = self.cursor_row
        self.clear(columns=True)
        rows = [[self._cell(c, item) for c in columns] for item in items]
        for column, width in zip(columns, self._widths(columns, rows), strict=True):
            self.add_column(column.label, width=width, key=column.name)
        for cells in rows:
            self.add_row(*cells)
        if items:
            self.move_cursor(row=min(row, len(items) - 1))

    def _widths(self, columns: Sequence[Column], rows: list[list[Text]]) -> list[int]:
        """The kind's widths, each grown to its longest cell while the table still fits the
        terminal (cut rather than scrolling sideways); the `natural` columns (an e-mail) first,
        so the room goes to the value an agent cannot guess when cut."""
        widths = [c.width for c in columns]
        room = self.app.size.width - 2 - sum(w + 2 for w in widths)
        order = sorted(range(len(columns)), key=lambda i: not columns[i].natural)
        for i in order:
            column = columns[i]
            longest = max([len(column.label), *(r[i].cell_len for r in rows)])
            grow = min(max(longest - widths[i], 0), max(room, 0))
            widths[i] += grow
            room -= grow
        return widths

    def _cell(self, column: Column, item: Any) -> Text:
        try:
            value = column.value(item)
        except Exception as exc:  # one odd record must not cost the whole table
            log.error("could not read a cell", exc_info=exc)
            value = "?"
        return Text(one_line(cell_text(shown(self.app, column.name, value))))
