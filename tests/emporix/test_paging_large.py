"""Paging to the end of a 1,000-customer tenant, in-process and over a loopback socket."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emporix.conftest import ServiceFactory


@pytest.fixture
def sandbox_app() -> Any:
    """This module's sandbox holds 1,000 customers (overrides the shared 300-customer one)."""
    from tui.sandbox import SandboxConfig, create_app

    return create_app(SandboxConfig(customers=1000))


@pytest.mark.parametrize("over", ["in-process", "loopback"])
async def test_iter_customers_pages_lazily_to_the_end_of_1000_customers(
    make_service: ServiceFactory, request: pytest.FixtureRequest, over: str
) -> None:
    url = request.getfixturevalue("live_sandbox_url") if over == "loopback" else None
    svc, rec = await make_service(url=url)
    iterator = svc.iter_customers(page_size=60)
    first = await anext(iterator)
    assert first.customer_number and rec.count("GET") == 1  # one page, not all of them
    numbers = [first.customer_number] + [c.customer_number async for c in iterator]
    assert len(numbers) == len(set(numbers)) == 1000
    assert rec.count("GET") == 17  # ceil(1000 / 60): no request past the end


async def test_a_pager_over_everyone_reads_one_page_per_call_to_the_end(
    make_service: ServiceFactory,
) -> None:
    svc, rec = await make_service()
    pager = svc.find("", page_size=200)
    sizes = []
    while not pager.exhausted:
        sizes.append(len(await pager.next_page()))
    assert sizes == [200] * 5 and pager.total == 1000 and rec.count("GET") == 5
    assert await pager.next_page() == []
