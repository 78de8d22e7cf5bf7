"""What the customer list and the list of any record kind share: a header row, a row cursor, paging
keys, sideways scrolling in the wide layout and the row styles, drawn line by line.

A subclass keeps its rows, says how wide its columns are (`column_widths`), what is highlighted
(`highlighted`), draws a line (`render_line`), and declares its own `RowHighlighted` and
`RowSelected` messages (their names give the screens' handler names) and component classes,
named `<STYLE_PREFIX>--header`, `--odd` and `--cursor`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

STRIPS_KEPT = 400
"""Rows' drawn lines kept for redrawing (ten screens of a tall terminal). Textual's lines refer to
themselves through their caches, so only the cycle collector frees one: kept long, they reach
its oldest generation and make every full collection (a stall of the event loop) longer."""


class RowTable(ScrollView, can_focus=True):
    """A keyboard-driven table: one header row, then one line per row, a cursor on one of them."""

    STYLE_PREFIX: ClassVar[str] = "row-table"
    """The component classes' prefix, e.g. "customer-table" (`customer-table--cursor`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="open", key_display="⏎"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First row", show=False),
        Binding("end,ctrl+end", "last", "Last loaded row", show=False),
        # Only the wide layout (ctrl+w) is wider than the table.
        Binding("left", "sideways(-8)", "Scroll left", show=False),
        Binding("right", "sideways(8)", "Scroll right", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, init=False)
    """Index of the highlighted row."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.wide = False
        """Every column whatever the width; ←/→ scroll sideways (ctrl+w)."""
        self._left = 0
        """Cells scrolled sideways in the wide layout (the table never scrolls horizontally
        itself: overflow-x is hidden so the narrow layout always fits)."""
        self._styles: tuple[Style, Style, Style, Style] | None = None
        self._strips: dict[tuple[Any, ...], Strip] = {}

    # What a subclass provides -----------------------------------------------------------------

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    @property
    def highlighted(self) -> Any | None:
        raise NotImplementedError

    def column_widths(self) -> list[int]:
        """The widths of the columns as drawn now."""
        raise NotImplementedError

    def _line(self, segments: list[Segment], style: Style) -> Strip:
        """A row's line at the table's width, scrolled sideways. Built as it is when it fits:
        `Strip.crop_extend` returns such a line itself, cached in itself, a cycle that only the
        collector's full collection frees (thousands of lines while the agent types)."""
        width, left = self.scrollable_content_region.width, self._left
        length = sum(segment.cell_length for segment in segments)
        if left or length > width:
            return Strip(segments).crop_extend(left, left + width, style)
        if length < width:
            segments.append(Segment(" " * (width - length), style))
        return Strip(segments, width)

    def _keep_strip(self, key: tuple[Any, ...], strip: Strip) -> None:
        if len(self._strips) >= STRIPS_KEPT:
            self._strips.clear()
        self._strips[key] = strip

    # Layout ------------------------------------------------------------------------------------

    def _resize_virtual(self) -> None:
        width = self.size.width
        if self.wide:
            width = max(width, sum(w + 2 for w in self.column_widths()) + 1)
        self.virtual_size = Size(width, self.row_count + 1)

    def toggle_wide(self) -> bool:
        """Switch the wide layout on or off; True when it is now on."""
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
        self._scroll_cursor_into_view()
        self.refresh()
        if self.row_count:
            self.post_message(self._message("RowHighlighted", new))

    def _message(self, name: str, value: Any) -> Any:
        # The subclass's own message class: its name is what the screens' handlers are named by.
        return getattr(self, name)(self, value)

    def _body_height(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        top, height = round(self.scroll_y), self._body_height()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(row=self.cursor_row + direction * self._body_height())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_sideways(self, cells: int) -> None:
        total = sum(w + 2 for w in self.column_widths())
        room = self.scrollable_content_region.width
        self._left = min(max(self._left + cells, 0), max(total - room, 0))
        self._strips.clear()
        self.refresh()

    def action_select(self) -> None:
        record = self.highlighted
        if record is not None:
            self.post_message(self._message("RowSelected", record))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y > 0 and 0 <= row < self.row_count:
            if row == self.cursor_row and event.chain > 1:
                self.action_select()
            self.move_cursor(row=row)

    # Styles ------------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def on_focus(self) -> None:
        self.notify_style_update()

    def on_blur(self) -> None:
        self.notify_style_update()

    def _row_styles(self) -> tuple[Style, Style, Style, Style]:
        """Base, header, odd-row and cursor styles, computed once per style change."""
        if self._styles is None:
            base, prefix = self.rich_style, self.STYLE_PREFIX
            self._styles = (
                base,
                base + self.get_component_rich_style(f"{prefix}--header"),
                base + self.get_component_rich_style(f"{prefix}--odd"),
                self.get_component_rich_style(f"{prefix}--cursor"),
            )
        return self._styles
