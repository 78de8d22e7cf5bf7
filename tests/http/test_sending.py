"""A request is sent in a context of its own (its leftover timers keep no screen) and is
cancelled with its caller."""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import httpx
import pytest

from tui.http.retry import RetryPolicy
from tui.http.sending import send_retrying

SCREEN: contextvars.ContextVar[str] = contextvars.ContextVar("screen", default="none")


def _network_error(exc: httpx.TransportError, sent: bool) -> Exception:
    return RuntimeError(f"{exc} (sent: {sent})")


async def _send(app: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as http:
        request = http.build_request("GET", "http://api.test/customers")
        return await send_retrying(
            http, request, auth=None, safe=True, policy=RetryPolicy(), network_error=_network_error
        )


async def test_the_request_does_not_run_in_the_callers_context() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(SCREEN.get())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"[]"})

    SCREEN.set("the detail screen")
    response = await _send(app)
    assert response.status_code == 200 and response.json() == []
    assert seen == ["none"], "what the request leaves behind keeps nothing of its caller"


async def test_cancelling_the_caller_cancels_the_request() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    caller = asyncio.create_task(_send(app))
    await started.wait()
    caller.cancel()  # a closed screen cancels its worker
    await cancelled.wait()
    with pytest.raises(asyncio.CancelledError):
        await caller
