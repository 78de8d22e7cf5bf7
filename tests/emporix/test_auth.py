"""Client-credentials tokens: one request however many callers wait, renewal, 401 recovery, no leaks."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.emporix.conftest import ServiceFactory
from tui.emporix.errors import Unauthorized


class FakeClock:
    """The client's monotonic clock, moved forward by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _read_many(svc, n: int = 20) -> None:  # type: ignore[no-untyped-def]
    await asyncio.gather(*(svc.get_customer("10000001", expand=None) for _ in range(n)))


async def test_twenty_concurrent_requests_share_one_token_request(
    make_service: ServiceFactory,
) -> None:
    svc, rec = await make_service()
    await _read_many(svc)
    assert rec.token_requests == 1
    assert rec.count("GET") == 20


async def test_token_is_renewed_shortly_before_it_expires_by_one_request(
    make_service: ServiceFactory,
) -> None:
    svc, rec = await make_service()
    clock = FakeClock()
    svc.auth.clock = clock
    await _read_many(svc)
    clock.now += 3600 - 61  # still outside the renewal margin
    await _read_many(svc)
    assert rec.token_requests == 1
    clock.now += 2  # inside the last minute of the token's life
    await _read_many(svc)
    assert rec.token_requests == 2
    assert rec.count("GET") == 60  # renewed ahead of time: no request was refused and re-sent


async def test_a_token_the_server_expired_is_replaced_once_for_twenty_waiting_requests(
    make_service: ServiceFactory, sandbox_state
) -> None:  # type: ignore[no-untyped-def]
    svc, rec = await make_service()
    await svc.get_customer("10000001", expand=None)
    sandbox_state.tokens.clock.advance(3601)  # the server now answers 401 to the cached token
    # A little latency so that all twenty are on the wire with the old token before any answer.
    sandbox_state.faults.latency_ms = 20
    await _read_many(svc)
    assert rec.token_requests == 2
    assert rec.count("GET") == 1 + 20 + 20  # each refused request was re-sent exactly once


async def test_a_401_on_a_brand_new_token_is_not_retried_in_a_loop(
    make_service: ServiceFactory,
) -> None:
    from tui.sandbox import SandboxConfig, create_app

    svc, rec = await make_service(app=create_app(SandboxConfig(customers=10, token_ttl=0)))
    with pytest.raises(Unauthorized) as caught:
        await svc.get_customer("10000001")
    assert rec.token_requests == 1 and rec.count("GET") == 1
    assert str(caught.value) == "401 Unauthorized: Access Token expired"
    assert caught.value.error_type == "keymanagement.service.access_token_expired"


async def test_wrong_secret_is_unauthorized_and_the_secret_is_nowhere(
    make_service: ServiceFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    svc, rec = await make_service(secret="wrong-but-secret-Xy9")
    with pytest.raises(Unauthorized) as caught:
        await svc.authenticate()
    error = caught.value
    assert "client id or secret was rejected" in str(error)
    for text in (
        str(error),
        repr(error),
        repr(svc),
        repr(svc.auth),
        caplog.text,
        repr(error.__dict__),
    ):
        assert "wrong-but-secret-Xy9" not in text
    assert rec.count("GET") == 0


async def test_scopes_come_from_the_token_and_can_be_narrowed(make_service: ServiceFactory) -> None:
    agent, _ = await make_service()
    assert "customer.customer_manage" in await agent.authenticate()
    narrowed, _ = await make_service(scope="customer.customer_read")
    assert await narrowed.authenticate() == frozenset({"customer.customer_read"})
    assert not narrowed.can_manage


async def test_a_token_from_another_client_is_adopted_only_while_still_good(
    make_service: ServiceFactory,
) -> None:
    """The CLI's check hands its token to the app's client: no second token request."""
    checker, checker_rec = await make_service()
    await checker.authenticate()
    token = checker.auth.current
    assert token is not None
    app_client, app_rec = await make_service()
    clock = FakeClock()
    clock.now = checker.auth.clock()
    app_client.auth.clock = clock
    app_client.auth.adopt(token)
    assert app_client.auth.has_usable_token
    await _read_many(app_client, 3)
    assert app_rec.token_requests == 0 and checker_rec.token_requests == 1

    stale, stale_rec = await make_service()
    stale.auth.clock = FakeClock()
    stale.auth.clock.now = clock.now + 3600  # type: ignore[attr-defined]
    stale.auth.adopt(token)
    assert not stale.auth.has_usable_token
    await _read_many(stale, 3)
    assert stale_rec.token_requests == 1
