"""Reads are retried on transient failures with backoff; changes never when they may have arrived."""

from __future__ import annotations

import pytest

from tests.emporix.conftest import FakeSleep, ServiceFactory
from tests.emporix.faults import heal, inject
from tui.emporix.errors import NetworkError, RateLimited, ServerError
from tui.emporix.retry import RetryPolicy


async def test_a_read_is_retried_after_a_503_and_succeeds(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep(then=lambda: heal(sandbox_state))
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, error_rate=1.0, status=503, retry_after=2)
    customer = await svc.get_customer("10000001")
    assert customer.customer_number == "10000001"
    assert rec.count("GET") == 2
    # The wait is the 503's Retry-After when the server sends one, else the first jittered backoff.
    assert sleep.waits == [2.0] or (len(sleep.waits) == 1 and 0.125 <= sleep.waits[0] <= 0.25)


async def test_a_search_is_retried_too(make_service: ServiceFactory, sandbox_state) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep(then=lambda: heal(sandbox_state))
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, error_rate=1.0, status=503)
    page = await svc.search_customers("lastName:Smith")
    assert page.items and rec.count("POST", "/search") == 2


async def test_429_waits_as_long_as_retry_after_says(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep(then=lambda: heal(sandbox_state))
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, rate_limit_rate=1.0, retry_after=3)
    await svc.list_customers(page_size=5)
    assert sleep.waits == [3.0]
    assert rec.count("GET") == 2


async def test_retries_stop_after_the_attempt_limit(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep()
    svc, rec = await make_service(retry=RetryPolicy(max_attempts=4, sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, rate_limit_rate=1.0, retry_after=2)
    with pytest.raises(RateLimited) as caught:
        await svc.list_customers()
    assert rec.count("GET") == 4 and sleep.waits == [2.0, 2.0, 2.0]
    assert caught.value.retry_after == 2.0
    assert str(caught.value).startswith("429 Too Many Requests: ") and "2 s" in str(caught.value)


async def test_a_retry_after_beyond_the_time_budget_gives_up_at_once(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep()
    svc, rec = await make_service(retry=RetryPolicy(max_total=10, sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, rate_limit_rate=1.0, retry_after=60)
    with pytest.raises(RateLimited):
        await svc.list_customers()
    assert rec.count("GET") == 1 and sleep.waits == []


async def test_a_patch_answered_503_is_not_retried(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep()
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    john = await svc.get_customer("10000001")
    inject(sandbox_state, error_rate=1.0, status=503)
    with pytest.raises(ServerError) as caught:
        await svc.update_customer(john, john.edited(first_name="Jon"))
    assert rec.count("PATCH") == 1 and sleep.waits == []
    assert caught.value.status == 503


async def test_a_500_is_retried_for_reads_and_succeeds(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep(then=lambda: heal(sandbox_state))
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, error_rate=1.0, status=500)
    assert (await svc.get_customer("10000001")).customer_number == "10000001"
    assert rec.count("GET") == 2
    assert len(sleep.waits) == 1 and 0.125 <= sleep.waits[0] <= 0.25  # jittered, bounded


async def test_a_500_on_reads_gives_up_after_the_attempt_limit(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep()
    svc, rec = await make_service(retry=RetryPolicy(max_attempts=3, sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, error_rate=1.0, status=500)
    with pytest.raises(ServerError) as caught:
        await svc.search_customers("lastName:Smith")
    assert caught.value.status == 500 and rec.count("POST", "/search") == 3


async def test_a_patch_answered_500_is_not_retried(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep()
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    john = await svc.get_customer("10000001")
    inject(sandbox_state, error_rate=1.0, status=500)
    with pytest.raises(ServerError):
        await svc.patch_customer("10000001", {"firstName": "Jon"}, version=john.version)
    assert rec.count("PATCH") == 1 and sleep.waits == []


async def test_a_dropped_connection_is_retried_for_reads_but_not_for_a_delete(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    sleep = FakeSleep(then=lambda: heal(sandbox_state))
    svc, rec = await make_service(retry=RetryPolicy(sleep=sleep))
    await svc.authenticate()
    inject(sandbox_state, drop_rate=1.0)
    assert (await svc.get_customer("10000001")).customer_number == "10000001"
    assert rec.count("GET") == 2
    assert len(sleep.waits) == 1 and 0.125 <= sleep.waits[0] <= 0.25  # jittered first backoff
    inject(sandbox_state, drop_rate=1.0)
    with pytest.raises(NetworkError) as caught:
        await svc.delete_customer("10000006")
    assert rec.count("DELETE") == 1
    assert not caught.value.nothing_changed
    assert "may have been saved" in str(caught.value)


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    low = RetryPolicy(initial_backoff=0.5, max_backoff=3.0, random=lambda: 0.0)
    high = RetryPolicy(initial_backoff=0.5, max_backoff=3.0, random=lambda: 0.999999)
    assert [low.backoff(n) for n in (1, 2, 3, 4, 5)] == [0.25, 0.5, 1.0, 1.5, 1.5]
    assert [round(high.backoff(n), 3) for n in (1, 2, 3, 4, 5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_the_total_time_budget_counts_from_the_first_attempt() -> None:
    now = [0.0]
    policy = RetryPolicy(max_total=5.0, clock=lambda: now[0], random=lambda: 0.0)
    assert policy.next_delay(1, started=0.0) == 0.125
    now[0] = 4.95
    assert policy.next_delay(2, started=0.0) is None
    assert RetryPolicy.never().next_delay(1, started=0.0) is None
