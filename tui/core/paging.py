"""The lazy pager every platform's `find` returns: pages are read only when a screen asks for them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol, TypeVar, runtime_checkable

__all__ = ["HeldPages", "Pager"]

T_co = TypeVar("T_co", covariant=True)


@runtime_checkable
class Pager(Protocol[T_co]):
    """Records of one search, one page at a time, in the order the search asked for.

    Emporix's `CustomerPager` merges several concurrent queries into one stream; Kibo's
    `Pager` reads a collection by `startIndex`. Screens use only what is here:

    - `await next_page()`: the next up to `page_size` records; `[]` once exhausted. Each call
      reads at most what it needs from the server, so scrolling drives the requests.
    - `total`: how many records the search finds (None until known); when
      `total_is_estimate` is True it is an upper bound that becomes exact at the end.
    - `exhausted`: every record has been returned.
    - `async for record in pager`: every record, page after page.
    """

    @property
    def page_size(self) -> int: ...

    @property
    def total(self) -> int | None: ...

    @property
    def total_is_estimate(self) -> bool: ...

    @property
    def exhausted(self) -> bool: ...

    async def next_page(self) -> Sequence[T_co]: ...

    def __aiter__(self) -> AsyncIterator[T_co]: ...


@runtime_checkable
class HeldPages(Protocol[T_co]):
    """A pager that may already hold its next page: one read elsewhere and handed to it (the
    connection check's first page), which a screen can show without waiting a turn."""

    def held_next_page(self) -> Sequence[T_co] | None:
        """The next page, taken as `next_page` would take it, if it is already held; None (and
        nothing taken) when it would have to be read."""
        ...
