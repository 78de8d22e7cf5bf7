"""Fault injection: off by default, adjustable at runtime, each fault shaped like the real thing."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tui.sandbox import SandboxConfig, create_app

from .conftest import BASE


async def test_error_rate_one_answers_500_or_503_with_error_message(
    app: Starlette, agent: httpx.AsyncClient
) -> None:
    app.state.sandbox.faults.error_rate = 1.0
    statuses = set()
    for _ in range(20):
        r = await agent.get(BASE)
        statuses.add(r.status_code)
        assert r.json()["status"] == r.status_code and r.json()["message"]
        assert ("Retry-After" in r.headers) == (r.status_code == 503)
    assert statuses == {500, 503}
    app.state.sandbox.faults.error_rate = 0.0
    assert (await agent.get(BASE)).status_code == 200


async def test_rate_limit_answers_429_with_retry_after(
    app: Starlette, agent: httpx.AsyncClient
) -> None:
    faults = app.state.sandbox.faults
    faults.rate_limit_rate, faults.retry_after = 1.0, 7
    r = await agent.get(BASE)
    assert r.status_code == 429 and r.headers["Retry-After"] == "7"
    assert r.json()["type"] == "too_many_requests"


async def test_dropped_connection_surfaces_as_transport_error(
    app: Starlette, agent: httpx.AsyncClient
) -> None:
    app.state.sandbox.faults.drop_rate = 1.0
    with pytest.raises(httpx.RemoteProtocolError):
        await agent.get(BASE)


async def test_failed_change_is_not_applied(app: Starlette, agent: httpx.AsyncClient) -> None:
    app.state.sandbox.faults.error_rate = 1.0
    r = await agent.patch(f"{BASE}/10000001", json={"lastName": "Lost"})
    assert r.status_code in (500, 503)
    app.state.sandbox.faults.off()
    assert (await agent.get(f"{BASE}/10000001")).json()["lastName"] == "Smith"


async def test_latency_plus_jitter_delays_each_request(
    app: Starlette, agent: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.sandbox.faults as faults_module

    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(faults_module, "sleep", record)
    faults = app.state.sandbox.faults
    faults.latency_ms, faults.jitter_ms = 200, 100
    for _ in range(10):
        assert (await agent.get(f"{BASE}/10000001")).status_code == 200
    assert len(delays) == 10
    assert all(0.2 <= d <= 0.3 for d in delays)
    assert len(set(delays)) > 1


def test_faults_come_from_the_config() -> None:
    app = create_app(SandboxConfig(customers=10, latency_ms=5, error_rate=0.25, drop_rate=0.1))
    faults = app.state.sandbox.faults
    assert (faults.latency_ms, faults.error_rate, faults.drop_rate) == (5, 0.25, 0.1)
    assert create_app(SandboxConfig(customers=10)).state.sandbox.faults.error_rate == 0.0
