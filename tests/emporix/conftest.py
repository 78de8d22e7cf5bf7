"""Fixtures for the client tests: services on the sandbox whose every request is checked against the spec."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.emporix.contract import RequestRecorder
from tests.support.services import sandbox_service
from tui.emporix.client import CustomerService
from tui.emporix.retry import RetryPolicy


class FakeSleep:
    """Stands in for asyncio.sleep in retry policies: records the waits, returns at once.

    `then` runs on each wait; tests use it to heal the sandbox between attempts.
    """

    def __init__(self, then: Callable[[], None] | None = None) -> None:
        self.waits: list[float] = []
        self.then = then

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.then:
            self.then()


ServiceFactory = Callable[..., Awaitable[tuple[CustomerService, RequestRecorder]]]


@pytest.fixture
def recorder() -> RequestRecorder:
    return RequestRecorder()


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
async def make_service(sandbox_app: Any) -> AsyncIterator[ServiceFactory]:
    """Build services for any demo client, in-process (default) or at a URL; closed afterwards."""
    from tui.sandbox import DEMO_SECRET

    opened: list[CustomerService] = []

    async def make(
        client_id: str = "demo-agent",
        *,
        url: str | None = None,
        app: Any = None,
        secret: str = DEMO_SECRET,
        retry: RetryPolicy | None = None,
        scope: str | None = None,
        timeout: httpx.Timeout | None = None,  # noqa: ASYNC109 - the client's own timeouts
        check_contract: bool = True,
    ) -> tuple[CustomerService, RequestRecorder]:
        rec = RequestRecorder(check_contract=check_contract)
        svc = sandbox_service(
            app or sandbox_app,
            client_id,
            url=url,
            secret=secret,
            retry=retry or RetryPolicy(sleep=FakeSleep()),
            scope=scope,
            timeout=timeout,
            event_hooks={"request": [rec]},
        )
        opened.append(svc)
        return svc, rec

    yield make
    for svc in opened:
        await svc.aclose()


@pytest.fixture
async def agent(make_service: ServiceFactory) -> tuple[CustomerService, RequestRecorder]:
    """demo-agent on the in-process sandbox (300 customers), every request contract-checked."""
    return await make_service()


@pytest.fixture
def sandbox_state(sandbox_app: Any) -> Any:
    return sandbox_app.state.sandbox
