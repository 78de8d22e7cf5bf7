"""Smart search against the sandbox: any text gives a valid query that finds only what contains it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.emporix.conftest import ServiceFactory
from tests.emporix.contract import RequestRecorder
from tests.support.search_reference import digits, has, has_plain, phone_key, plain
from tests.support.services import sandbox_service
from tui.emporix.client import CustomerService
from tui.emporix.models import Customer
from tui.emporix.query import contains, is_raw_query, plan_search, search_words
from tui.emporix.retry import RetryPolicy

FRAGMENTS = [
    "Smith",
    "smi",
    "JOHN",
    "an",
    "Schmidt",
    "GmbH",
    "example.com",
    "@",
    "Müller",
    "o",
    "Dubois",
    "10000",
]
NASTY = " ,()~:\"\\*.[]^$|?+{}'<>=!&%#\t"
texts = st.one_of(
    st.text(max_size=16),
    st.sampled_from(FRAGMENTS),
    st.tuples(
        st.sampled_from(FRAGMENTS), st.text(alphabet=NASTY, max_size=3), st.sampled_from(FRAGMENTS)
    ).map("".join),
    st.tuples(st.text(alphabet=NASTY, max_size=3), st.sampled_from(FRAGMENTS)).map("".join),
)
REG = "companyRegistrationId"
SEARCHED = ("firstName", "lastName", "company", "contactEmail", "customerNumber", "contactPhone")


def _has(value: Any, text: str) -> bool:
    return isinstance(value, str) and re.search(re.escape(text), value, re.IGNORECASE) is not None


def _matches(value: Any, text: str) -> bool:
    """Contains the text, accents and case folded, or (a phone) its digits."""
    if not isinstance(value, str):
        return False
    return (
        has(value, text)
        or has_plain(value, plain(text))
        or (len(phone_key(text)) >= 4 and phone_key(text) in digits(value))
    )


@pytest.fixture(scope="module")
def runner_and_service() -> Iterator[
    tuple[asyncio.Runner, CustomerService, RequestRecorder, list[Customer]]
]:
    """One sandbox, one event loop and one client for all examples (hypothesis runs many)."""
    from tui.sandbox import SandboxConfig, create_app

    app = create_app(SandboxConfig(customers=300))
    rec = RequestRecorder()
    with asyncio.Runner() as runner:
        svc = sandbox_service(
            app,
            retry=RetryPolicy.never(),
            event_hooks={"request": [rec]},
        )

        async def everyone() -> list[Customer]:
            return [c async for c in svc.iter_customers(page_size=100)]

        all_customers = runner.run(everyone())
        yield runner, svc, rec, all_customers
        runner.run(svc.aclose())


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_any_text_gives_a_valid_search_that_finds_only_customers_matching_it(
    runner_and_service, text: str
) -> None:  # type: ignore[no-untyped-def]
    runner, svc, rec, _ = runner_and_service
    assume(text.strip() and not is_raw_query(text))

    async def run() -> list[Customer]:
        return [c async for c in svc.find(text, page_size=100)]

    found = runner.run(run())  # a 400 would raise BadRequest here
    words = search_words(text) or [text.strip()]
    for customer in found:
        wire = customer.to_wire()
        for word in words:
            values = [wire.get(f) for f in SEARCHED] + [(wire.get("b2b") or {}).get(REG)]
            assert any(_matches(v, word) for v in values), (text, word, wire)
    assert not rec.problems


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts)
def test_a_contains_query_finds_exactly_the_customers_containing_the_text(
    runner_and_service, text: str
) -> None:  # type: ignore[no-untyped-def]
    runner, svc, _, everyone = runner_and_service
    assume(text)

    async def run() -> set[str]:
        return {
            c.number async for c in svc.iter_customers(contains("lastName", text), page_size=100)
        }

    expected = {c.number for c in everyone if _has(c.last_name, text)}
    assert runner.run(run()) == expected


async def test_smart_search_finds_john_smith_by_name_email_and_number(agent) -> None:  # type: ignore[no-untyped-def]
    svc, _ = agent
    for text in ("John Smith", "smith john", "JOHN.SMITH@example.com", "10000001", "Smith, John"):
        found = await svc.find(text).next_page()
        assert "10000001" in [c.number for c in found], text


async def test_a_customer_matched_by_several_alternatives_appears_once(agent) -> None:  # type: ignore[no-untyped-def]
    svc, rec = agent
    pager = svc.find("smith")
    found = [c async for c in pager]
    numbers = [c.number for c in found]
    assert (
        len(numbers) == len(set(numbers)) and "10000001" in numbers
    )  # lastName and e-mail both match
    assert len(pager.queries) == 4 and rec.count("POST", "/search") == 4
    assert pager.exhausted and pager.total == len(found) and not pager.total_is_estimate


async def test_sorted_smart_search_merges_the_streams_in_order_page_by_page(agent) -> None:  # type: ignore[no-untyped-def]
    svc, _ = agent
    pager = svc.find("an", sort="lastName:asc,firstName:asc", page_size=7)
    first = await pager.next_page()
    assert len(first) == 7 and pager.total_is_estimate and (pager.total or 0) >= 7
    rest = [c async for c in pager]
    merged = first + rest
    keys = [((c.last_name or "").casefold(), (c.first_name or "").casefold()) for c in merged]
    assert keys == sorted(keys)
    expected: set[str] = set()
    for q in plan_search("an").queries:
        expected |= {c.number async for c in svc.iter_customers(q, page_size=100)}
    assert [c.number for c in merged] and {c.number for c in merged} == expected
    assert len(merged) == len(expected) == pager.total and not pager.total_is_estimate


async def test_further_pages_are_fetched_only_when_asked(agent) -> None:  # type: ignore[no-untyped-def]
    svc, rec = agent
    pager = svc.find("", page_size=50)
    await pager.next_page()
    assert rec.count("GET") == 1 and pager.total == 300 and not pager.total_is_estimate
    await pager.next_page()
    assert rec.count("GET") == 2


async def test_filters_narrow_every_alternative(agent) -> None:  # type: ignore[no-untyped-def]
    svc, _ = agent
    found = [c async for c in svc.find("a", filters=["onHold:true"], page_size=100)]
    assert found and all(c.on_hold for c in found)


async def test_a_raw_query_passes_through(make_service: ServiceFactory) -> None:
    svc, rec = await make_service()
    pager = svc.find("restriction:fr")
    found = await pager.next_page()
    assert pager.kind == "raw" and svc.find("smith").kind == "words" and svc.find("").kind == "all"
    assert found and all(c.restriction == "fr" for c in found)
    assert rec.bodies("POST")[-1] == {"q": "restriction:fr"}
