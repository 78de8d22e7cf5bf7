"""The list of any record kind: columns from the kind's description, a row cursor, cells masked on demand.

Drawn line by line (Textual's line API), as the customer list is, so that a search replacing
every row per keystroke stays cheap. Which columns show depends on the width (`min_terminal`),
spare room goes to the columns that may grow (`max_width`), and every cell's text passes
through `cell_text`, the one place mask mode applies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.kinds import Column, RecordKind
from tui.core.mask import mask_value


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


def fitted(columns: Sequence[Column], width: int, *, wide: bool = False) -> tuple[Placed, ...]:
    """The columns shown in `width` cells (all of them when `wide`), spare room handed to the
    columns that may grow, in the kind's order (its first columns matter most)."""
    shown = [c for c in columns if wide or width >= c.min_terminal]
    spare = width - 1 - sum(c.width + 2 for c in shown)  # one cell for the scrollbar
    placed = []
    for column in shown:
        grow = min(max(spare, 0), max(column.max_width - column.width, 0))
        spare -= grow
        placed.append(Placed(column, column.width + grow))
    return tuple(placed)


def _fit(text: str, width: int) -> str:
    """Pad or cut to exactly `width` cells, marking a cut with an ellipsis."""
    text = " ".join(text[: width * 2].split("\n"))  # a cell never measures megabytes
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class RecordTable(ScrollView, can_focus=True):
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
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="open", key_display="⏎"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last loaded row", show=False),
        Binding("left", "sideways(-8)", "Scroll left", show=False),
        Binding("right", "sideways(8)", "Scroll right", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)

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
        self.wide = False
        """Every column whatever the width; ←/→ scroll sideways (ctrl+w)."""
        self._left = 0
        self._styles: tuple[Style, Style, Style, Style] | None = None
        self._strips: dict[tuple[Any, ...], Strip] = {}

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
        self.records, self._keys = [], {}
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
        self._resize_virtual()
        self._strips.clear()
        self.refresh()
        return len(self.records) - before

    def replace(self, record: Any) -> None:
        """Show a fresh copy of one record in place (after a change elsewhere)."""
        index = self._keys.get(self.kind.key(record))
        if index is not None:
            self.records[index] = record
            self._strips.clear()
            self.refresh()

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

    def _resize_virtual(self) -> None:
        width = self.size.width
        if self.wide:
            width = max(width, sum(p.width + 2 for p in self.placed()) + 1)
        self.virtual_size = Size(width, self.row_count + 1)

    def toggle_wide(self) -> bool:
        self.wide = not self.wide
        self._left = 0
        self._strips.clear()
        self._resize_virtual()
        self.refresh()
        return self.wide

    # Cursor ------------------------------------------------------------------------------------

    def move_cursor(self, *, row: int) -> None:
        self.cursor_row = max(0, min(row, self.row_count - 1)) if self.row_count else 0

    def watch_cursor_row(self, _old: int, new: int) -> None:
        top, height = round(self.scroll_y), self._body_height()
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()
        if self.row_count:
            self.post_message(self.RowHighlighted(self, new))

    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * self._body_height())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_sideways(self, cells: int) -> None:
        total = sum(p.width + 2 for p in self.placed())
        room = self.scrollable_content_region.width
        self._left = min(max(self._left + cells, 0), max(total - room, 0))
        self._strips.clear()
        self.refresh()

    def action_select(self) -> None:
        record = self.highlighted
        if record is not None:
            self.post_message(self.RowSelected(self, record))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y > 0 and 0 <= row < self.row_count:
            if row == self.cursor_row and event.chain > 1:
                self.action_select()
            self.move_cursor(row=row)

    def on_resize(self) -> None:
        self._strips.clear()
        self._resize_virtual()

    # Drawing -----------------------------------------------------------------------------------

    def placed(self) -> tuple[Placed, ...]:
        """The columns as drawn now."""
        width = self.size.width or self.app.size.width
        return fitted(self.kind.columns, width, wide=self.wide)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def on_focus(self) -> None:
        self.notify_style_update()

    def on_blur(self) -> None:
        self.notify_style_update()

    def _row_styles(self) -> tuple[Style, Style, Style, Style]:
        if self._styles is None:
            base = self.rich_style
            self._styles = (
                base,
                base + self.get_component_rich_style("record-table--header"),
                base + self.get_component_rich_style("record-table--odd"),
                self.get_component_rich_style("record-table--cursor"),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, header, odd, cursor_style = self._row_styles()
        placed, left = self.placed(), self._left
        if y == 0:
            labels = [Segment(f" {_fit(p.column.label, p.width)} ", header) for p in placed]
            return Strip(labels).crop_extend(left, left + width, header)
        row = round(self.scroll_y) + y - 1
        if row >= self.row_count:
            return Strip.blank(width, base)
        record = self.records[row]
        cursor = row == self.cursor_row
        key = (row, cursor, width, id(record), len(placed), left)
        strip = self._strips.get(key)
        if strip is None:
            style = odd if row % 2 else base
            if cursor:
                style = style + cursor_style
            segments = [
                Segment(f" {_fit(cell_text(self.app, p.column, record), p.width)} ", style)
                for p in placed
            ]
            strip = Strip(segments).crop_extend(left, left + width, style)
            if len(self._strips) > 2000:
                self._strips.clear()
            self._strips[key] = strip
        return strip
