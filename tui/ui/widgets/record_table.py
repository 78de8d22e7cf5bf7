"""The list of any record kind: columns from the kind's description, a row cursor, cells masked on demand.

Drawn line by line (Textual's line API), as the customer list is, so that a search replacing
every row per keystroke stays cheap. Which columns show depends on the width (`min_terminal`),
spare room goes to the columns that may grow (`max_width`), and every cell's text passes
through `cell_text`, the one place mask mode applies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.app import App
from textual.message import Message
from textual.strip import Strip

from tui.core.kinds import Column, RecordKind
from tui.core.mask import mask_value
from tui.ui.widgets.row_table import RowTable


def cell_text(app: App[Any], column: Column, record: Any) -> str:
    """What one cell shows: the column's text for the record, masked while mask mode is on."""
    text = column.value(record)
    if getattr(app, "masked", False):
        masked = mask_value(column.name, text)
        return "" if masked is None else str(masked)
    return text


@dataclass(frozen=True)
class Placed:
    """A column as drawn: the kind's column and the cells it gets at this width."""

    column: Column
    width: int


def fitted(
    columns: Sequence[Column],
    width: int,
    *,
    wide: bool = False,
    needs: Mapping[str, int] | None = None,
) -> tuple[Placed, ...]:
    """The columns shown in `width` cells (all of them when `wide`), spare room handed to the
    columns that may grow, in the kind's order (its first columns matter most).

    `needs` is, per `natural` column, the cells its longest value in the rows takes: that column
    gets it first (up to its max_width), the optional columns (`min_terminal` > 0) left out to
    make room, the last first, before the others grow."""
    shown = [c for c in columns if wide or width >= c.min_terminal]
    room = width - 1  # one cell for the scrollbar
    widths = {c.name: c.width for c in shown}
    natural: dict[str, int] = {}
    for c in shown:
        need = (needs or {}).get(c.name, 0)
        if c.natural and need:
            natural[c.name] = min(max(need, cell_len(c.label)), c.max_width or need)
            widths[c.name] = natural[c.name]
    wider = [c for c in shown if c.name in natural and natural[c.name] > c.width]

    def over() -> int:
        return sum(widths[c.name] + 2 for c in shown) - room

    for c in reversed(shown[:]):
        if over() <= 0 or wide or not wider:
            break
        if c.min_terminal > 0 and not c.natural:
            shown.remove(c)
    for c in wider:
        if over() > 0 and not wide:
            # Still too narrow: it gets what is left, never less than its usual width.
            widths[c.name] = max(c.width, widths[c.name] - over())
    spare = room - sum(widths[c.name] + 2 for c in shown)
    placed = []
    for c in shown:
        top = natural.get(c.name, c.max_width)
        grow = min(max(spare, 0), max(top - widths[c.name], 0))
        spare -= grow
        placed.append(Placed(c, widths[c.name] + grow))
    return tuple(placed)


def _fit(text: str, width: int) -> str:
    """Pad or cut to exactly `width` cells, marking a cut with an ellipsis."""
    text = " ".join(text[: width * 2].split("\n"))  # a cell never measures megabytes
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class RecordTable(RowTable):
    """Rows of one record kind with a fixed header row and a row cursor; Enter selects."""

    DEFAULT_CSS = """
    RecordTable {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
    }
    RecordTable > .record-table--header { text-style: bold; background: $panel; }
    RecordTable > .record-table--odd { background: $surface-lighten-1 20%; }
    RecordTable > .record-table--cursor { background: $block-cursor-blurred-background; }
    RecordTable:focus > .record-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header",
        "record-table--odd",
        "record-table--cursor",
    }
    STYLE_PREFIX = "record-table"

    class RowHighlighted(Message):
        """The cursor moved (the screen may read the next page)."""

        def __init__(self, table: RecordTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> RecordTable:
            return self.table

    class RowSelected(Message):
        """Enter (or a double click) on a record."""

        def __init__(self, table: RecordTable, record: Any) -> None:
            super().__init__()
            self.table = table
            self.record = record

        @property
        def control(self) -> RecordTable:
            return self.table

    def __init__(self, kind: RecordKind, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self.records: list[Any] = []
        self._keys: dict[str, int] = {}
        self._needs: dict[str, int] = {}
        """Per natural column, the cells its longest value in the rows takes."""

    # Data --------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.records)

    @property
    def highlighted(self) -> Any | None:
        if 0 <= self.cursor_row < self.row_count:
            return self.records[self.cursor_row]
        return None

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def index_of(self, key: str) -> int | None:
        return self._keys.get(key)

    def show(self, records: Sequence[Any]) -> None:
        """Replace every row (a new search); the cursor goes to the top."""
        self.records, self._keys, self._needs = [], {}, {}
        self.append(records)
        self.move_cursor(row=0)
        self.scroll_to(y=0, animate=False)

    def append(self, records: Sequence[Any]) -> int:
        """Add a page; a record listed already is not repeated. Returns how many were new."""
        before = len(self.records)
        for record in records:
            key = self.kind.key(record)
            if key not in self._keys:
                self._keys[key] = len(self.records)
                self.records.append(record)
                self._measure(record)
        self._resize_virtual()
        self._strips.clear()
        self.refresh()
        return len(self.records) - before

    def replace(self, record: Any) -> None:
        """Show a fresh copy of one record in place (after a change elsewhere)."""
        index = self._keys.get(self.kind.key(record))
        if index is not None:
            self.records[index] = record
            self._measure(record)
            self._strips.clear()
            self.refresh()

    def _measure(self, record: Any) -> None:
        """Note how wide each natural column's value is, as it is and as mask mode shows it."""
        for column in self.kind.columns:
            if column.natural:
                text = column.value(record)[: (column.max_width or 200) + 1]
                masked = mask_value(column.name, text)
                for name, cells in (
                    (column.name, cell_len(text)),
                    ("masked:" + column.name, cell_len("" if masked is None else str(masked))),
                ):
                    self._needs[name] = max(self._needs.get(name, 0), cells)

    def remove_record(self, key: str) -> None:
        """Take one record's row out (it no longer exists); the cursor stays on its row."""
        if key not in self._keys:
            return
        self.records = [r for r in self.records if self.kind.key(r) != key]
        self._keys = {self.kind.key(r): i for i, r in enumerate(self.records)}
        self._resize_virtual()
        self._strips.clear()
        self.move_cursor(row=min(self.cursor_row, max(self.row_count - 1, 0)))
        self.refresh()

    def redraw(self) -> None:
        """Draw every row again (mask mode switched)."""
        self._strips.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._strips.clear()
        self._resize_virtual()

    # Drawing -----------------------------------------------------------------------------------

    def placed(self) -> tuple[Placed, ...]:
        """The columns as drawn now."""
        width = self.size.width or self.app.size.width
        needs = self._needs
        if getattr(self.app, "masked", False):
            needs = {
                k.removeprefix("masked:"): v for k, v in needs.items() if k.startswith("masked:")
            }
        return fitted(self.kind.columns, width, wide=self.wide, needs=needs)

    def column_widths(self) -> list[int]:
        return [p.width for p in self.placed()]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, header, odd, cursor_style = self._row_styles()
        placed, left = self.placed(), self._left
        if y == 0:
            labels = [Segment(f" {_fit(p.column.label, p.width)} ", header) for p in placed]
            return self._line(labels, header)
        row = round(self.scroll_y) + y - 1
        if row >= self.row_count:
            return Strip.blank(width, base)
        record = self.records[row]
        cursor = row == self.cursor_row
        layout = tuple((p.column.name, p.width) for p in placed)
        key = (row, cursor, width, id(record), layout, left)
        strip = self._strips.get(key)
        if strip is None:
            style = odd if row % 2 else base
            if cursor:
                style = style + cursor_style
            segments = [
                Segment(f" {_fit(cell_text(self.app, p.column, record), p.width)} ", style)
                for p in placed
            ]
            strip = self._line(segments, style)
            self._keep_strip(key, strip)
        return strip
