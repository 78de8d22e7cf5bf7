"""The k9s habits on the customer list: j/k down/up, g/G top/bottom, S reverses the sort, ctrl+w wide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from tui.ui.search_options import SORTS

if TYPE_CHECKING:
    from tui.ui.widgets.customer_table import CustomerTable

# Letters the list does not use yet (s, r, h, i, e, d, a, n, u, A, space and the F-keys are
# taken); in the search box they type, since an Input takes printable keys before the screen.
LIST_KEYS = (
    Binding("j", "list_move(1)", "Down", id="list-down", show=False, tooltip="Next row"),
    Binding("k", "list_move(-1)", "Up", id="list-up", show=False, tooltip="Previous row"),
    Binding("g", "list_top", "Top", id="list-top", show=False, tooltip="First row"),
    Binding(
        "G",
        "list_bottom",
        "Bottom",
        id="list-bottom",
        show=False,
        tooltip="Last row; more are loaded as it gets there, as with End",
    ),
    Binding(
        "S",
        "reverse_sort",
        "Reverse sort",
        id="reverse-sort",
        show=False,
        tooltip="Same field, other direction (sorted by the server)",
    ),
    Binding(
        "ctrl+w",
        "toggle_wide",
        "Wide",
        id="wide",
        show=False,
        tooltip="Every column (←/→ scroll); again: back to what fits",
    ),
)


def reversed_sort(sort: str | None) -> str | None:
    """The same field in the other direction (`lastName:asc` → `lastName:desc`); None for best
    match, which has no direction."""
    if sort is None:
        return None
    field, _, direction = sort.rpartition(":")
    return f"{field}:{'asc' if direction == 'desc' else 'desc'}"


def sort_index(sort: str | None) -> int | None:
    """Where `sort` is in SORTS, or None when it is not one of the orders offered."""
    return next((i for i, (value, _) in enumerate(SORTS) if value == sort), None)


class ListKeys:
    """Mixin for the search screen: its `table`, `sort_index` and `start_search` do the work."""

    sort_index: int

    @property
    def table(self) -> CustomerTable:
        raise NotImplementedError

    def action_list_move(self, step: int) -> None:
        self.table.action_cursor(step)

    def action_list_top(self) -> None:
        self.table.action_first()

    def action_list_bottom(self) -> None:
        self.table.action_last()

    def action_reverse_sort(self) -> None:
        current = SORTS[self.sort_index][0]
        index = sort_index(reversed_sort(current))
        if index is None:
            self.notify(  # type: ignore[attr-defined]
                "Best match has no direction: press s for a sort by field, then S reverses it.",
                timeout=4,
            )
            return
        self.set_sort(index)

    def set_sort(self, index: int) -> None:
        self.sort_index = index
        self._update_summary()  # type: ignore[attr-defined]
        self.start_search()  # type: ignore[attr-defined]

    def action_toggle_wide(self) -> None:
        wide = self.table.toggle_wide()
        self.notify(  # type: ignore[attr-defined]
            "Wide: every column; ←/→ scroll sideways, ctrl+w again to fit."
            if wide
            else "Columns fitted to the terminal again.",
            timeout=3,
        )
