"""Fixtures for the Kibo client tests: clients on the sandbox whose every exchange is contract-checked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from tests.kibo.contract import Recorder
from tui.http.retry import RetryPolicy
from tui.kibo.client import KiboClient
from tui.sandbox.kibo import CLIENT_ID, PREFIX, SECRET, SITE_ID, TENANT_ID


class FakeSleep:
    """Stands in for asyncio.sleep in retry policies: records the waits, returns at once."""

    def __init__(self, then: Callable[[], None] | None = None) -> None:
        self.waits: list[float] = []
        self.then = then

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.then:
            self.then()


KiboFactory = Callable[..., Awaitable[tuple[KiboClient, Recorder]]]


@pytest.fixture
async def make_kibo(sandbox_app: Any) -> AsyncIterator[KiboFactory]:
    """Build Kibo clients on the sandbox, in-process (default) or at a URL; closed afterwards,
    and then no exchange of any of them may have broken the spec."""
    opened: list[KiboClient] = []
    recorders: list[Recorder] = []

    async def make(
        *,
        url: str | None = None,
        secret: str = SECRET,
        tenant: int | str = TENANT_ID,
        site: int | str | None = SITE_ID,
        retry: RetryPolicy | None = None,
        check_contract: bool = True,
    ) -> tuple[KiboClient, Recorder]:
        rec = Recorder(check_contract=check_contract)
        recorders.append(rec)
        transport = None if url else httpx.ASGITransport(app=sandbox_app)
        client = KiboClient(
            (url or "http://sandbox.local") + PREFIX,
            tenant,
            site,
            CLIENT_ID,
            secret,
            transport=transport,
            retry=retry or RetryPolicy(sleep=FakeSleep()),
            event_hooks=rec.hooks,
        )
        opened.append(client)
        return client, rec

    yield make
    for client in opened:
        await client.aclose()
    problems = [p for rec in recorders for p in rec.problems]
    assert not problems, problems


@pytest.fixture
async def kibo(make_kibo: KiboFactory) -> AsyncIterator[tuple[KiboClient, Recorder]]:
    """kibo-agent on the in-process sandbox; at the end, no exchange may have broken the spec."""
    client, rec = await make_kibo()
    yield client, rec
    assert not rec.problems, rec.problems


@pytest.fixture
def kibo_state(sandbox_app: Any) -> Any:
    return sandbox_app.state.kibo
