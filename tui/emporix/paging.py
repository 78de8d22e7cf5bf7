"""Pages of results, and a pager that merges several concurrent searches into one sorted stream."""

from __future__ import annotations

import asyncio
import functools
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tui.emporix.models import Customer

__all__ = ["CustomerPager", "Page", "PageFetcher", "sort_key"]


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list or search: the items, the total from `Count`, and where it is."""

    items: list[T]
    total: int | None
    page_number: int
    page_size: int

    @property
    def has_more(self) -> bool:
        """Whether a further page may hold items."""
        if self.total is not None:
            return self.page_number * self.page_size < self.total
        return len(self.items) >= self.page_size

    def __len__(self) -> int:
        return len(self.items)


PageFetcher = Callable[[str | None, int, int], Awaitable[Page[Customer]]]
"""fetch(q, page_number, page_size) -> Page."""


def _wire_value(customer: Customer, path: str) -> Any:
    value: Any = customer.to_wire()
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@functools.total_ordering
class _Key:
    """Orders values like a database would: missing values last, text ignoring case, per field direction."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[tuple[Any, bool]]) -> None:
        self.parts = parts

    @staticmethod
    def _norm(value: Any) -> tuple[int, Any]:
        if value is None:
            return (2, "")
        if isinstance(value, bool | int | float):
            return (0, value)
        return (1, str(value).casefold())

    def _cmp(self, other: _Key) -> int:
        for (a, desc), (b, _) in zip(self.parts, other.parts, strict=True):
            na, nb = self._norm(a), self._norm(b)
            if na == nb:
                continue
            try:
                less = na < nb
            except TypeError:
                less = str(na) < str(nb)
            if desc and na[0] != 2 and nb[0] != 2:
                less = not less
            return -1 if less else 1
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self._cmp(other) == 0

    def __lt__(self, other: _Key) -> bool:
        return self._cmp(other) < 0

    __hash__ = None  # type: ignore[assignment]


def sort_key(sort: str) -> Callable[[Customer], _Key]:
    """The client-side order for an Emporix `sort` (`field:asc,other:desc`)."""
    fields: list[tuple[str, bool]] = []
    for item in sort.split(","):
        name, _, direction = item.strip().partition(":")
        if name:
            fields.append((name, direction.strip().lower() == "desc"))

    def key(customer: Customer) -> _Key:
        return _Key([(_wire_value(customer, name), desc) for name, desc in fields])

    return key


@dataclass
class _Stream:
    q: str | None
    next_page: int = 1
    buffer: deque[Customer] = field(default_factory=deque)
    total: int | None = None
    exhausted: bool = False


class CustomerPager:
    """Pages through one or more searches as if they were one.

    With several queries (a smart search), each page of each query is fetched concurrently.
    Customers found by several queries appear once. With a `sort`, the streams are merged by
    that key, so a page waits for the slowest query. Without, they follow the order of the
    queries (the most specific first), and a page is returned as soon as the queries before it
    have filled it: the later fetches finish in the background (`settle` waits for them).
    Further pages of a query are fetched only when needed. Without a sort, a `rank` orders the
    customers of each page (a smart search puts the exact match first); a stable sort keeps
    the query order among equals.

    `total` is exact for one query. For several it is an upper bound (the sum of the counts;
    `total_is_estimate` is True) until every query is read to the end, when it becomes exact.
    """

    def __init__(
        self,
        fetch: PageFetcher,
        queries: Sequence[str | None],
        *,
        sort: str | None = None,
        page_size: int = 60,
        kind: str = "raw",
        rank: Callable[[Customer], int] | None = None,
    ) -> None:
        self._fetch = fetch
        self.kind = kind
        """How the input was read: "all", "raw", "email", "number" or "words" (see query.py)."""
        self._streams = [_Stream(q) for q in dict.fromkeys(queries)] or [_Stream(None)]
        self._key = sort_key(sort) if sort else None
        self.page_size = page_size
        self.queries: tuple[str | None, ...] = tuple(s.q for s in self._streams)
        self._seen: set[str] = set()
        self._pending: deque[Customer] = deque()
        self._round: deque[tuple[_Stream, asyncio.Future[None]]] = deque()
        """Unsorted: the fetches of the current round not yet taken, in query order."""
        self._started = False
        self._discarded = False
        self.pages_read = 0
        self._rank = rank if self._key is None else None
        """Orders each page (exact matches first) when no `sort` was asked for."""

    @property
    def total(self) -> int | None:
        if self.exhausted:
            return len(self._seen)
        if not self._started:
            return None
        if len(self._streams) == 1:
            return self._streams[0].total
        totals = [s.total for s in self._streams]
        return None if any(t is None for t in totals) else sum(t or 0 for t in totals)

    @property
    def total_is_estimate(self) -> bool:
        return len(self._streams) > 1 and not self.exhausted

    @property
    def exhausted(self) -> bool:
        """True when every customer has been returned."""
        return (
            self._started
            and not self._pending
            and all(s.exhausted and not s.buffer for s in self._streams)
        )

    async def _refill(self, streams: list[_Stream]) -> None:
        async def one(stream: _Stream) -> None:
            page = await self._fetch(stream.q, stream.next_page, self.page_size)
            stream.next_page += 1
            stream.total = page.total
            if not self._discarded:
                stream.buffer.extend(page.items)
            stream.exhausted = not page.items or not page.has_more

        await asyncio.gather(*(one(s) for s in streams))
        self._started = True

    def _accept(self, customer: Customer) -> bool:
        key = customer.number
        if key and key in self._seen:
            return False
        if key:
            self._seen.add(key)
        return True

    def _start_fetch(self, stream: _Stream) -> asyncio.Future[None]:
        async def one() -> None:
            page = await self._fetch(stream.q, stream.next_page, self.page_size)
            stream.next_page += 1
            stream.total = page.total
            if not self._discarded:
                stream.buffer.extend(page.items)
            stream.exhausted = not page.items or not page.has_more

        fetching = asyncio.ensure_future(one())
        # Taken later, or never if the search is replaced: a failure then is nobody's to report.
        fetching.add_done_callback(lambda f: f.cancelled() or f.exception())
        return fetching

    async def _fill_unsorted(self) -> None:
        # A round asks for the next page of every unfinished query at once; the pages are taken
        # in query order, and taking stops once a page is full. Waits are shielded: a caller
        # that gives up (a newer search) leaves the requests to finish, so the pager stays
        # consistent and the connections go back to the pool.
        if not self._round:
            self._round.extend((s, self._start_fetch(s)) for s in self._streams if not s.exhausted)
        while self._round and len(self._pending) < self.page_size:
            stream, fetching = self._round[0]
            await asyncio.shield(fetching)
            self._round.popleft()
            self._started = True
            while stream.buffer:
                customer = stream.buffer.popleft()
                if self._accept(customer):
                    self._pending.append(customer)

    def discard(self) -> None:
        """A newer search replaced this one: drop the customers it holds and any its fetches
        still bring, so that nothing keeps them (a cancelled search's traceback may keep the
        pager itself until the cycle collector runs)."""
        self._discarded = True
        self._pending.clear()
        for stream in self._streams:
            stream.buffer.clear()

    @property
    def settled(self) -> bool:
        """True when no fetch runs in the background (so `total` is as good as it gets)."""
        return all(fetching.done() for _stream, fetching in self._round)

    async def settle(self) -> None:
        """Wait for the fetches a returned page did not need (their counts make the total);
        their customers stay for the next pages. A failed fetch raises here."""
        for _stream, fetching in list(self._round):
            await asyncio.shield(fetching)

    async def _fill_sorted(self, wanted: int) -> None:
        assert self._key is not None
        while len(self._pending) < wanted:
            empty = [s for s in self._streams if not s.buffer and not s.exhausted]
            if empty:
                await self._refill(empty)
            ready = [s for s in self._streams if s.buffer]
            if not ready:
                return
            best = min(ready, key=lambda s: self._key(s.buffer[0]))  # type: ignore[misc]
            customer = best.buffer.popleft()
            if self._accept(customer):
                self._pending.append(customer)

    def start_with(self, page: Page[Customer]) -> list[Customer]:
        """Take `page` as this pager's first page, read elsewhere; returns it as `next_page` would.

        For a pager of one query whose first page was already fetched with the same query, sort
        and page size (the start-up check reads the unfiltered list the search screen opens
        with), so it is not asked for twice. Later pages are fetched as usual.
        """
        if self._started or len(self._streams) != 1:
            raise ValueError("only a new pager of one query can start with a page read elsewhere")
        if page.page_number != 1 or page.page_size != self.page_size:
            raise ValueError(
                f"page {page.page_number} of size {page.page_size} cannot start a pager "
                f"of pages of {self.page_size}"
            )
        stream = self._streams[0]
        stream.next_page = 2
        stream.total = page.total
        stream.exhausted = not page.items or not page.has_more
        self._started = True
        items = [customer for customer in page.items if self._accept(customer)]
        if items:
            self.pages_read += 1
        return items

    async def next_page(self) -> list[Customer]:
        """The next up to `page_size` customers; an empty list once exhausted."""
        while len(self._pending) < self.page_size and not all(
            s.exhausted and not s.buffer for s in self._streams
        ):
            if self._key is not None and len(self._streams) > 1:
                await self._fill_sorted(self.page_size)
            else:
                await self._fill_unsorted()
        if not self._started:
            self._started = True
        items = [self._pending.popleft() for _ in range(min(self.page_size, len(self._pending)))]
        if items:
            self.pages_read += 1
        if self._rank is not None:
            # Within the page only: a later page never moves a row the agent already sees.
            items.sort(key=self._rank)
        return items

    async def __aiter__(self) -> AsyncIterator[Customer]:
        while True:
            items = await self.next_page()
            if not items:
                return
            for customer in items:
                yield customer
