"""A lazy pager over a Kibo collection: pages are read by `startIndex` only when needed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Generic, TypeVar

from tui.kibo.models import Collection

__all__ = ["Pager"]

T = TypeVar("T")
Fetch = Callable[[int, int], Awaitable[Collection[T]]]
"""fetch(startIndex, pageSize) → one page."""


class Pager(Generic[T]):
    """Items of a filtered, sorted collection, read one page at a time and kept.

    It is a `tui.core.paging.Pager` (`next_page`, `total`, `exhausted`) and also reads any
    page or item directly (`page(n)`, `item(i)`).

    `total` is known after the first page. A `rank` orders the items of each page (a search
    puts the exact match first). `item(i)` reads the page holding item `i`;
    iterating reads page after page until the last.
    """

    def __init__(
        self,
        fetch: Fetch[T],
        page_size: int = 50,
        *,
        rank: Callable[[T], Any] | None = None,
        kind: str = "raw",
    ) -> None:
        self._fetch = fetch
        self._rank = rank
        self.kind = kind
        """How a search read its input: "all", "raw", "number" or "words" (tui.kibo.search)."""
        self.page_size = max(1, min(page_size, 200))
        self._pages: dict[int, list[T]] = {}
        self.total: int | None = None
        self.requests = 0
        """How many pages were read (tests and benchmarks use it)."""
        self._next = 0
        """The page `next_page` reads next."""

    async def page(self, number: int) -> list[T]:
        """The items of page `number` (0-based), read once."""
        if number not in self._pages:
            self.requests += 1
            self._keep(number, await self._fetch(number * self.page_size, self.page_size))
        return self._pages[number]

    def _keep(self, number: int, found: Collection[T]) -> None:
        self.total = found.total_count
        items = list(found.items or [])
        if self._rank is not None:
            # Within the page only, so an item keeps its page and `item(i)` stays stable.
            items.sort(key=self._rank)
        self._pages[number] = items

    def start_with(self, found: Collection[T]) -> None:
        """Take `found`, read elsewhere with this pager's query (the connection check's first
        page), as its first page: `next_page` returns it without asking again. ValueError for a
        page this pager would not have read (another start or size), or once it has read one."""
        if self._pages or found.start_index != 0 or found.page_size != self.page_size:
            raise ValueError(
                f"a page from {found.start_index} of size {found.page_size} cannot start a pager "
                f"of pages of {self.page_size}"
            )
        self._keep(0, found)

    async def first(self) -> list[T]:
        return await self.page(0)

    async def item(self, index: int) -> T | None:
        """Item `index` (0-based), or None past the end."""
        if index < 0 or (self.total is not None and index >= self.total):
            return None
        items = await self.page(index // self.page_size)
        offset = index % self.page_size
        return items[offset] if offset < len(items) else None

    async def next_page(self) -> list[T]:
        """The next page's items, as `tui.core.paging.Pager` asks; [] once exhausted."""
        if self.exhausted:
            return []
        items = await self.page(self._next)
        self._next += 1
        return items

    def held_next_page(self) -> list[T] | None:
        """The next page's items if this pager already holds them (`start_with`), taken as
        `next_page` would take them; None, and nothing taken, when they would have to be read."""
        if self.exhausted:
            return []
        items = self._pages.get(self._next)
        if items is None:
            return None
        self._next += 1
        return items

    @property
    def exhausted(self) -> bool:
        """Every item has been returned by `next_page`."""
        if self.total is None:
            return False
        return self._next * self.page_size >= self.total or not self._pages.get(self._next - 1, [1])

    @property
    def total_is_estimate(self) -> bool:
        """Kibo's `totalCount` is exact."""
        return False

    @property
    def loaded(self) -> int:
        return sum(len(p) for p in self._pages.values())

    async def __aiter__(self) -> AsyncIterator[T]:
        number = 0
        while True:
            items = await self.page(number)
            for item in items:
                yield item
            number += 1
            if not items or self.total is None or number * self.page_size >= self.total:
                # Everything has been returned: `next_page` has nothing more to give either.
                self._next = max(self._next, number)
                return
