"""Paging: concurrent alternatives and bounded page reads, measured on the real sandbox app."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.emporix.conftest import ServiceFactory
from tui.emporix.models import Customer
from tui.emporix.paging import CustomerPager, Page, sort_key


class InFlight:
    """ASGI wrapper around the sandbox that records how many customer requests run at once."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state
        self.now = 0
        self.most = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        counted = scope["type"] == "http" and scope["path"].startswith("/customer/")
        if counted:
            self.now += 1
            self.most = max(self.most, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            if counted:
                self.now -= 1


async def test_smart_search_runs_its_alternatives_at_the_same_time(
    make_service: ServiceFactory, sandbox_app: Any
) -> None:
    probe = InFlight(sandbox_app)
    svc, rec = await make_service(app=probe)
    await svc.authenticate()
    sandbox_app.state.sandbox.faults.latency_ms = 30  # every request waits, so overlap is visible
    await svc.find("smith").next_page()
    assert rec.count("POST", "/search") == 4 and probe.most == 4


async def test_fetch_pages_reads_concurrently_but_within_the_bound(
    make_service: ServiceFactory, sandbox_app: Any
) -> None:
    probe = InFlight(sandbox_app)
    svc, _ = await make_service(app=probe)
    await svc.authenticate()
    sandbox_app.state.sandbox.faults.latency_ms = 20
    pages = await svc.fetch_pages(count=5, page_size=60, concurrency=3)
    assert probe.most == 3
    assert [p.page_number for p in pages] == [1, 2, 3, 4, 5]
    numbers = [c.number for p in pages for c in p.items]
    assert len(numbers) == len(set(numbers)) == 300


def test_page_knows_whether_more_may_follow() -> None:
    assert Page([Customer()] * 60, 300, 1, 60).has_more
    assert not Page([Customer()] * 60, 300, 5, 60).has_more
    assert Page([Customer()] * 60, None, 1, 60).has_more
    assert not Page([Customer()] * 3, None, 1, 60).has_more


def test_sort_key_orders_like_the_server_missing_values_last_either_way() -> None:
    people = [Customer(last_name=n) for n in ("beta", None, "Alpha", "gamma")]
    up = sorted(people, key=sort_key("lastName:asc"))
    down = sorted(people, key=sort_key("lastName:desc"))
    assert [c.last_name for c in up] == ["Alpha", "beta", "gamma", None]
    assert [c.last_name for c in down] == ["gamma", "beta", "Alpha", None]


def test_sort_key_uses_later_fields_to_break_ties_and_reads_nested_fields() -> None:
    a = Customer.model_validate(
        {"lastName": "Lee", "firstName": "Bo", "b2b": {"companyRegistrationId": "2"}}
    )
    b = Customer.model_validate(
        {"lastName": "Lee", "firstName": "Al", "b2b": {"companyRegistrationId": "1"}}
    )
    assert sorted([a, b], key=sort_key("lastName,firstName:asc")) == [b, a]
    assert sorted([a, b], key=sort_key("b2b.companyRegistrationId:desc")) == [a, b]


async def test_a_pager_can_start_with_a_first_page_read_elsewhere(
    make_service: ServiceFactory,
) -> None:
    """The start-up check's first page opens the list; paging goes on from page 2."""
    svc, rec = await make_service()
    first = await svc.list_customers(page_size=60)
    pager = svc.find("", page_size=60)
    before = rec.count("GET")
    shown = pager.start_with(first)
    assert [c.number for c in shown] == [c.number for c in first.items]
    assert rec.count("GET") == before and pager.total == 300 and pager.pages_read == 1
    second = await pager.next_page()
    assert rec.count("GET") == before + 1
    assert second and not {c.number for c in second} & {c.number for c in shown}
    assert second[0].number == (await svc.list_customers(page_number=2)).items[0].number


async def test_only_a_fresh_pager_of_one_query_and_the_same_page_size_starts_with_a_page(
    make_service: ServiceFactory,
) -> None:
    svc, _rec = await make_service()
    first = await svc.list_customers(page_size=60)
    with pytest.raises(ValueError, match="size 60"):
        svc.find("", page_size=20).start_with(first)
    with pytest.raises(ValueError, match="one query"):
        svc.find("smith").start_with(first)  # a smart search: several queries
    started = svc.find("")
    await started.next_page()
    with pytest.raises(ValueError, match="new pager"):
        started.start_with(first)


class Answers:
    """A page fetcher over fixed results whose answers the test lets through query by query."""

    def __init__(self, results: dict[str, list[str]], fail: str | None = None) -> None:
        self.results = results
        self.fail = fail
        self.gates = {q: asyncio.Event() for q in results}
        self.asked: list[tuple[str, int]] = []
        self.any_asked = asyncio.Event()

    def release(self, *queries: str) -> None:
        for q in queries:
            self.gates[q].set()

    async def __call__(self, q: str | None, page_number: int, size: int) -> Page[Customer]:
        assert q is not None
        self.asked.append((q, page_number))
        self.any_asked.set()
        await self.gates[q].wait()
        if q == self.fail:
            raise RuntimeError(f"{q} failed")
        numbers = self.results[q][(page_number - 1) * size : page_number * size]
        items = [Customer(customer_number=n) for n in numbers]
        return Page(items, len(self.results[q]), page_number, size)


async def test_an_unsorted_smart_search_pages_once_the_queries_before_it_filled_it() -> None:
    """The most specific query fills the first page: it is returned without waiting for the
    others, which finish in the background and then make the total."""
    answers = Answers({"last": ["1", "2", "3"], "first": ["2", "4"], "company": ["5", "6", "7"]})
    pager = CustomerPager(answers, ["last", "first", "company"], page_size=2)
    first = asyncio.ensure_future(pager.next_page())
    answers.release("last")
    # Before, the page waited for every query: this would time out.
    assert [c.number for c in await asyncio.wait_for(first, 5)] == ["1", "2"]
    assert sorted(answers.asked) == [("company", 1), ("first", 1), ("last", 1)]
    assert not pager.settled and pager.total is None
    answers.release("first", "company")
    await pager.settle()
    assert pager.settled and pager.total == 8 and pager.total_is_estimate
    pages = [[c.number for c in await pager.next_page()] for _ in range(4)]
    # Round by round (a page of each query), in query order; "2", found twice, only once.
    assert pages == [["4", "5"], ["6", "3"], ["7"], []]
    assert pager.exhausted and pager.total == 7 and not pager.total_is_estimate


async def test_a_later_query_failing_surfaces_when_its_results_are_needed() -> None:
    answers = Answers({"last": ["1", "2"], "company": ["3"]}, fail="company")
    pager = CustomerPager(answers, ["last", "company"], page_size=2)
    answers.release("last", "company")
    assert [c.number for c in await pager.next_page()] == ["1", "2"]
    with pytest.raises(RuntimeError, match="company failed"):
        await pager.settle()
    with pytest.raises(RuntimeError, match="company failed"):
        await pager.next_page()


async def test_a_caller_giving_up_leaves_the_fetches_running_and_the_pager_whole() -> None:
    answers = Answers({"last": ["1", "2"], "first": ["3"]})
    pager = CustomerPager(answers, ["last", "first"], page_size=2)
    waiting = asyncio.ensure_future(pager.next_page())
    await answers.any_asked.wait()
    waiting.cancel()  # a newer search replaced this one
    with pytest.raises(asyncio.CancelledError):
        await waiting
    answers.release("last", "first")
    assert [c.number for c in await pager.next_page()] == ["1", "2"]
    assert [c.number for c in await pager.next_page()] == ["3"]
    assert answers.asked == [("last", 1), ("first", 1)]  # nothing asked twice
