"""What a search asks for: quick filters, server-side sort orders, and the messages that carry results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.message import Message

from tui.emporix import names

if TYPE_CHECKING:
    from tui.emporix.client import CustomerPager

# The values and `q` fragments are Emporix's (tui/emporix/names.py); this module only holds them.
RESTRICTIONS: tuple[str | None, ...] = (None, *names.RESTRICTIONS)
SORTS: tuple[tuple[str | None, str], ...] = names.SORTS


@dataclass(frozen=True)
class QuickFilters:
    """The quick filters, each turned into a `q` fragment the server ANDs to the search."""

    on_hold: bool = False
    inactive: bool = False
    model: str | None = None
    restriction: str | None = None
    extra: tuple[str, ...] = field(default=())

    def fragments(self) -> list[str]:
        parts = list(self.extra)
        if self.on_hold:
            parts.append(names.ON_HOLD_QUERY)
        if self.inactive:
            parts.append(names.INACTIVE_QUERY)
        if self.model:
            parts.append(names.business_model_query(self.model))
        if self.restriction:
            parts.append(names.restriction_query(self.restriction))
        return parts

    def words(self) -> str:
        parts = []
        if self.on_hold:
            parts.append("on hold")
        if self.inactive:
            parts.append("inactive")
        if self.model:
            parts.append(self.model)
        if self.restriction:
            parts.append(f"restriction {self.restriction}")
        return ", ".join(parts) or "none"


class SearchResult(Message):
    """Customers for one search generation (or the error that stopped it)."""

    def __init__(
        self,
        generation: int,
        pager: CustomerPager | None,
        customers: list[Any],
        error: BaseException | None = None,
        elapsed: float = 0.0,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.pager = pager
        self.customers = customers
        self.error = error
        self.elapsed = elapsed
        """Seconds the client took for this answer (the part the UI cannot speed up)."""


class SearchFinished(SearchResult):
    """The first page of a search arrived (or failed: `error` is set)."""


class PageLoaded(SearchResult):
    """A further page of the current search arrived (or failed)."""


class SearchSettled(SearchResult):
    """The rest of a smart search's first round arrived (the total is known), or failed."""
