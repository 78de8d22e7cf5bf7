"""The customer list: one row per customer, columns that fit the terminal width, marks for bulk actions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.ui.widgets.badges import status_text

MARK = "✔"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    min_terminal: int
    """Shown only when the table is at least this wide: less important columns go first."""


COLUMNS: tuple[Column, ...] = (
    Column("number", "Number", 9, 0),
    Column("name", "Name", 18, 0),
    Column("company", "Company", 18, 116),
    Column("email", "Contact e-mail", 23, 0),
    Column("status", "Status", 8, 0),
    Column("model", "B2x", 3, 0),
    Column("restriction", "Restr", 5, 0),
    Column("site", "Site", 5, 100),
    Column("created", "Created", 10, 104),
)


def _short(value: Any) -> str:
    return "" if value is None else str(value)


def _created(customer: Any) -> str:
    created = getattr(customer, "metadata_created_at", None)
    if created is None:
        return ""
    text = created.isoformat() if hasattr(created, "isoformat") else str(created)
    return text[:10]


def _display_name(customer: Any) -> str:
    name = getattr(customer, "display_name", None)
    if name:
        return str(name)
    parts = [getattr(customer, "first_name", None), getattr(customer, "last_name", None)]
    return " ".join(p for p in parts if p) or "(no name)"


def _restriction(customer: Any) -> Text:
    restriction = getattr(customer, "restriction", None)
    # "none" matters: such a customer is visible to every API client.
    return Text(str(restriction)) if restriction else Text("none", style="dim")


class CustomerTable(DataTable[Any]):
    """Keeps the customers it shows so it can re-lay out its columns when the terminal is resized."""

    DEFAULT_CSS = """
    CustomerTable { height: 1fr; }
    """
    # In a row list Home/End mean first/last row (DataTable's own scroll sideways).
    BINDINGS: ClassVar[list[BindingType]] = [
        # Named for what it does here, so the footer and help say "Open" rather than "Select".
        Binding("enter", "select_cursor", "Open", id="open", key_display="⏎"),
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last loaded row", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.customers: list[Any] = []
        self.marked: set[str] = set()
        self._columns: tuple[Column, ...] = ()

    def columns_for(self, width: int) -> tuple[Column, ...]:
        return tuple(c for c in COLUMNS if width >= c.min_terminal)

    def on_resize(self) -> None:
        wanted = self.columns_for(self.size.width or self.app.size.width)
        if wanted != self._columns:
            self._relayout(wanted)

    def _relayout(self, columns: tuple[Column, ...]) -> None:
        row = self.cursor_row
        self._columns = columns
        self.clear(columns=True)
        for column in columns:
            self.add_column(column.label, width=column.width, key=column.key)
        self._add_rows(self.customers)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)

    def _cells(self, customer: Any) -> list[Any]:
        number = _short(getattr(customer, "customer_number", None))
        values = {
            "number": Text(f"{MARK}{number}" if number in self.marked else number),
            "name": _display_name(customer),
            "company": _short(getattr(customer, "company", None)),
            "email": _short(getattr(customer, "contact_email", None)),
            "status": status_text(customer),
            "model": _short(getattr(customer, "business_model", None)),
            "restriction": _restriction(customer),
            "site": _short(getattr(customer, "preferred_site", None)),
            "created": _created(customer),
        }
        return [values[c.key] for c in self._columns]

    def _add_rows(self, customers: Iterable[Any]) -> None:
        for customer in customers:
            key = _short(getattr(customer, "customer_number", None))
            if key in self.rows:
                continue
            self.add_row(*self._cells(customer), key=key)

    def show_customers(self, customers: Sequence[Any]) -> None:
        """Replace every row (a new search)."""
        if not self._columns:
            self._columns = self.columns_for(self.size.width or self.app.size.width)
            self.clear(columns=True)
            for column in self._columns:
                self.add_column(column.label, width=column.width, key=column.key)
        self.customers = []
        self.clear()
        self.append_customers(customers)
        if self.row_count:
            self.move_cursor(row=0, animate=False)

    def append_customers(self, customers: Sequence[Any]) -> None:
        """Add a page; a customer already listed (smart search merges) is not repeated."""
        seen = {_short(getattr(c, "customer_number", None)) for c in self.customers}
        fresh = [c for c in customers if _short(getattr(c, "customer_number", None)) not in seen]
        self.customers.extend(fresh)
        self._add_rows(fresh)

    def replace_customer(self, customer: Any) -> None:
        """Show a fresh copy of one customer in place (after a change or reload)."""
        number = _short(getattr(customer, "customer_number", None))
        for i, existing in enumerate(self.customers):
            if _short(getattr(existing, "customer_number", None)) == number:
                self.customers[i] = customer
                break
        else:
            return
        for column, value in zip(self._columns, self._cells(customer), strict=True):
            self.update_cell(number, column.key, value)

    def remove_customer(self, number: str) -> None:
        self.customers = [
            c for c in self.customers if _short(getattr(c, "customer_number", None)) != number
        ]
        self.marked.discard(number)
        if number in self.rows:
            self.remove_row(number)

    @property
    def highlighted(self) -> Any | None:
        if not self.customers or self.cursor_row < 0 or self.cursor_row >= self.row_count:
            return None
        key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        return next(
            (c for c in self.customers if _short(getattr(c, "customer_number", None)) == key), None
        )

    def toggle_mark(self) -> str | None:
        """Mark or unmark the highlighted customer; returns its number."""
        customer = self.highlighted
        if customer is None:
            return None
        number = _short(customer.customer_number)
        if number in self.marked:
            self.marked.discard(number)
        else:
            self.marked.add(number)
        if "number" in self.columns:
            self.update_cell(
                number, "number", Text(f"{MARK}{number}" if number in self.marked else number)
            )
        return number

    def clear_marks(self) -> None:
        numbers = list(self.marked)
        self.marked.clear()
        for number in numbers:
            if number in self.rows and "number" in self.columns:
                self.update_cell(number, "number", Text(number))
