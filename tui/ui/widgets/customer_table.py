"""The customer list: one row per customer, columns that fit the terminal width, marks for bulk actions.

Rows are drawn line by line (Textual's line API) rather than with DataTable: a search replaces every
row on each keystroke, and DataTable's per-cell Rich layout kept the event loop busy for hundreds of
milliseconds on a busy machine (see benchmarks/ui_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message
from textual.strip import Strip

from tui.ui.masking import Mask, mask_of
from tui.ui.screen_lifetime import watch_app
from tui.ui.widgets.badges import SHORT_STATUS, customer_status, status_style
from tui.ui.widgets.row_table import RowTable

MARK = "✔"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    min_terminal: int
    """Shown only when the table is at least this wide: less important columns go first."""
    max_width: int = 0
    """Grows up to this with spare room (0: never grows)."""


# The narrow set fits 80 columns with a one-cell scrollbar; wider terminals add the creation date,
# then the company, then the site (the order of importance for an agent on a ticket).
COLUMNS: tuple[Column, ...] = (
    Column("number", "Number", 9, 0),
    Column("name", "Name", 15, 0, 22),
    Column("company", "Company", 12, 110, 30),
    Column("email", "Contact e-mail", 23, 0, 36),
    Column("status", "Status", 10, 0, 17),
    Column("model", "Model", 5, 0),
    Column("restriction", "Restr", 5, 0),
    Column("site", "Site", 5, 140),
    Column("created", "Created", 10, 92),
)
GROW_ORDER = ("email", "status", "name", "company")
"""Who gets spare room first: a cut e-mail is the one an agent cannot guess, a cut company is."""
EMAIL_MAX = 40
"""The e-mail column's natural width stops here: a longer address is cut (within reason)."""
SHRINK_FOR_EMAIL = (("name", 12),)
"""Made narrower, down to these widths, so the e-mail column gets its natural width..."""
DROP_FOR_EMAIL = ("model",)
"""...and then left out if that is still not enough (ctrl+w shows it). Not the restriction:
"none" says who can see the customer, which the agent cannot tell from anything else here."""


def _email_width(email: int) -> int:
    # With rows: their longest e-mail, never narrower than the heading. Without: the default.
    label = next(c.label for c in COLUMNS if c.key == "email")
    return min(max(email, len(label)), EMAIL_MAX) if email else 0


@lru_cache(maxsize=64)
def fitted_columns(width: int, room: int, email: int = 0) -> tuple[Column, ...]:
    """The columns shown at this table width, the spare room (of `room` cells, the width
    without the scrollbar) handed out in GROW_ORDER.

    `email` is the longest e-mail of the rows (cells; 0: not known): the e-mail column gets
    that natural width first, up to EMAIL_MAX, the other columns shrinking (SHRINK_FOR_EMAIL)
    and then being left out (DROP_FOR_EMAIL) to make room, before any other column grows."""
    shown = [c for c in COLUMNS if width >= c.min_terminal]
    widths = {c.key: c.width for c in shown}
    natural = _email_width(email)
    if natural:
        widths["email"] = natural

    def over() -> int:
        return sum(widths[c.key] + 2 for c in shown) - room

    for key, floor in SHRINK_FOR_EMAIL:
        if over() > 0 and key in widths:
            widths[key] = max(floor, widths[key] - over())
    for key in DROP_FOR_EMAIL:
        if (
            over() > 0
            and key in widths
            and natural > next(c.width for c in COLUMNS if c.key == "email")
        ):
            shown = [c for c in shown if c.key != key]
            del widths[key]
    if over() > 0 and natural:
        # Still too narrow (a tiny terminal): the e-mail gets what is left, down to its default.
        default = next(c.width for c in COLUMNS if c.key == "email")
        widths["email"] = max(min(natural, default), widths["email"] - over())
    spare = room - sum(widths[c.key] + 2 for c in shown)
    for key, _floor in SHRINK_FOR_EMAIL:
        # What a drop freed beyond the e-mail's need goes back to the shrunk ones first.
        default = next(c.width for c in COLUMNS if c.key == key)
        if key in widths and spare > 0:
            back = min(spare, default - widths[key])
            widths[key] += back
            spare -= back
    _grow(shown, widths, spare, natural)
    return tuple(replace(c, width=widths[c.key]) for c in shown)


def _grow(shown: Sequence[Column], widths: dict[str, int], spare: int, email: int) -> None:
    """Hand `spare` cells out in GROW_ORDER, each column up to its max_width (the e-mail up to
    its natural width when that is known: more would only be blank)."""
    for key in GROW_ORDER:
        column = next((c for c in shown if c.key == key), None)
        if column is None or spare <= 0:
            continue
        top = email if key == "email" and email else column.max_width
        grow = min(spare, max(top - widths[key], 0))
        widths[key] += grow
        spare -= grow


def wide_columns(room: int, email: int = 0) -> tuple[Column, ...]:
    """ctrl+w's wide layout: every column, whatever the terminal's width (k9s's wide view),
    the e-mail at its natural width; what does not fit scrolls sideways (←/→)."""
    widths = {c.key: c.width for c in COLUMNS}
    natural = _email_width(email)
    if natural:
        widths["email"] = natural
    _grow(COLUMNS, widths, room - sum(widths[c.key] + 2 for c in COLUMNS), natural)
    return tuple(replace(c, width=widths[c.key]) for c in COLUMNS)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(customer: Any) -> str:
    return _text(getattr(customer, "customer_number", None))


def _email_cells(customer: Any) -> tuple[int, int]:
    """How many cells the customer's e-mail takes, as it is and as mask mode shows it (shorter:
    the list then gives the room back to the other columns)."""
    from rich.cells import cell_len

    email = getattr(customer, "contact_email", None)
    if not email:
        return 0, 0
    text = str(email)[: EMAIL_MAX + 1]
    return cell_len(text), cell_len(str(Mask(on=True)("contactEmail", text)))


def _longest(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return max(a[0], b[0]), max(a[1], b[1])


def _fit(text: str, width: int) -> str:
    """Pad or cut to exactly `width` cells, marking a cut with an ellipsis."""
    from rich.cells import cell_len, set_cell_size

    # A cell never shows more than `width` characters: measuring megabytes would stall the list.
    text = text[: width * 2]
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def _cells(
    customer: Any, marked: bool, no_color: bool = False, mask: Mask | None = None
) -> dict[str, tuple[str, str]]:
    """Each column's text and a style name ("" plain, "dim", or a status colour); `mask`: how
    mask mode shows contact data (the name too, which is the e-mail when nothing else is known)."""
    mask = mask or Mask()
    number = _number(customer)
    created = getattr(customer, "metadata_created_at", None)
    restriction = getattr(customer, "restriction", None)
    status = customer_status(customer)
    name = getattr(customer, "display_name", None) or "(no name)"
    return {
        "number": (f"{MARK}{number}" if marked else number, ""),
        "name": (mask.text(_text(name)), ""),
        "company": (_text(getattr(customer, "company", None)), ""),
        "email": (_text(mask("contactEmail", getattr(customer, "contact_email", None))), ""),
        "status": (status, status_style(status, no_color)),
        "model": (_text(getattr(customer, "business_model", None)), ""),
        # "none" matters: such a customer is visible to every API client.
        "restriction": (str(restriction), "") if restriction else ("none", "dim"),
        "site": (_text(getattr(customer, "preferred_site", None)), ""),
        "created": (_text(created)[:10], ""),
    }


class CustomerTable(RowTable):
    """A keyboard-driven list of customers with a fixed header row and a row cursor."""

    DEFAULT_CSS = """
    CustomerTable {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
    }
    CustomerTable > .customer-table--header { text-style: bold; background: $panel; }
    CustomerTable > .customer-table--odd { background: $surface-lighten-1 20%; }
    CustomerTable > .customer-table--cursor { background: $block-cursor-blurred-background; }
    CustomerTable:focus > .customer-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "customer-table--header",
        "customer-table--odd",
        "customer-table--cursor",
    }
    STYLE_PREFIX = "customer-table"

    class RowHighlighted(Message):
        """The cursor moved to another row (the screen may fetch the next page)."""

        def __init__(self, table: CustomerTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> CustomerTable:
            return self.table

    class MarksChanged(Message):
        """Customers were marked or unmarked (the screen's "N marked" follows)."""

        def __init__(self, table: CustomerTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> CustomerTable:
            return self.table

    class RowSelected(Message):
        """Enter (or a click on the highlighted row) on a customer."""

        def __init__(self, table: CustomerTable, customer: Any) -> None:
            super().__init__()
            self.table = table
            self.customer = customer

        @property
        def control(self) -> CustomerTable:
            return self.table

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.customers: list[Any] = []
        self.marked: set[str] = set()
        self._index: dict[str, int] = {}
        self._email = (0, 0)
        """The longest e-mail of the rows, in cells, as it is and masked: the e-mail column's
        natural width."""

    # Data --------------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.customers)

    def show_customers(self, customers: Sequence[Any]) -> None:
        """Replace every row (a new search); the cursor goes to the top."""
        self.customers = []
        self._index = {}
        self._email = (0, 0)
        self._strips.clear()  # the rows before are gone: their lines too, while still young
        self.append_customers(customers)
        self.move_cursor(row=0)
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def append_customers(self, customers: Sequence[Any]) -> None:
        """Add a page; a customer already listed (smart search merges) is not repeated."""
        for customer in customers:
            number = _number(customer)
            if number in self._index:
                continue
            self._index[number] = len(self.customers)
            self.customers.append(customer)
            self._email = _longest(self._email, _email_cells(customer))
        self._resize_virtual()
        self.refresh()

    def replace_customer(self, customer: Any) -> None:
        """Show a fresh copy of one customer in place (after a change or reload)."""
        index = self._index.get(_number(customer))
        if index is not None:
            self.customers[index] = customer
            self._email = _longest(self._email, _email_cells(customer))
            self.refresh()

    def remove_customer(self, number: str) -> None:
        if number not in self._index:
            return
        self.customers = [c for c in self.customers if _number(c) != number]
        self._index = {_number(c): i for i, c in enumerate(self.customers)}
        if number in self.marked:
            self.unmark([number])
        self._resize_virtual()
        self.move_cursor(row=min(self.cursor_row, max(self.row_count - 1, 0)))
        self.refresh()

    def __contains__(self, number: object) -> bool:
        return number in self._index

    @property
    def highlighted(self) -> Any | None:
        if 0 <= self.cursor_row < self.row_count:
            return self.customers[self.cursor_row]
        return None

    def toggle_mark(self) -> str | None:
        """Mark or unmark the highlighted customer; returns its number."""
        customer = self.highlighted
        if customer is None:
            return None
        number = _number(customer)
        self.marked.symmetric_difference_update({number})
        self.refresh()
        self.post_message(self.MarksChanged(self))
        return number

    def clear_marks(self) -> None:
        self.unmark(list(self.marked))

    def unmark(self, numbers: Iterable[str]) -> None:
        """Take these customers' marks off (after a bulk change, the done ones)."""
        gone = self.marked.intersection(numbers)
        if gone:
            self.marked.difference_update(gone)
            self.refresh()
            self.post_message(self.MarksChanged(self))

    # Cursor ------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if hasattr(type(self.app), "masked"):
            # Redrawn where it stands, under a detail screen too: no stale e-mail when it returns.
            watch_app(self, "masked", self._redraw, init=False)

    def _redraw(self, _masked: bool = False) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self._resize_virtual()
        self._scroll_cursor_into_view()

    # Drawing -----------------------------------------------------------------------------------

    def columns(self) -> tuple[Column, ...]:
        width = self.size.width or self.app.size.width
        room = self.scrollable_content_region.width or width - 1
        email = self._email[1] if mask_of(self.app).on else self._email[0]
        if self.wide:
            return wide_columns(room, email)
        return fitted_columns(width, room, email)

    def column_widths(self) -> list[int]:
        return [c.width for c in self.columns()]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, header, odd, cursor_style = self._row_styles()
        columns = self.columns()
        if y == 0:
            # One segment per column, as for the rows, so exported screenshots line up too.
            labels = [Segment(f" {_fit(c.label, c.width)} ", header) for c in columns]
            return self._line(labels, header)
        row = round(self.scroll_y) + y - 1
        if row >= self.row_count:
            return Strip.blank(width, base)
        customer = self.customers[row]
        number = _number(customer)
        cursor, marked = row == self.cursor_row, number in self.marked
        left = self._left
        mask = mask_of(self.app)
        layout = tuple((c.key, c.width) for c in columns)
        key = (row, cursor, marked, width, id(customer), layout, left, mask.on)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        style = odd if row % 2 else base
        if cursor:
            style = style + cursor_style
        cells = _cells(customer, marked, self.app.no_color, mask)
        segments = []
        for column in columns:
            text, colour = cells[column.key]
            if column.key == "status" and len(text) > column.width:
                text = SHORT_STATUS.get(text, text)
            cell_style = style
            if colour:
                cell_style = style + (Style(bold=True) if cursor else _style(colour))
            segments.append(Segment(f" {_fit(text, column.width)} ", cell_style))
        strip = self._line(segments, style)
        self._keep_strip(key, strip)
        return strip


@lru_cache(maxsize=32)
def _style(name: str) -> Style:
    return Style.parse(name)
