"""Sending one request with the retry policy: reads retried, changes only when surely never sent."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from types import TracebackType
from typing import Self

import httpx

from tui.http.retry import RetryPolicy, retry_after_seconds

__all__ = ["NOT_SENT", "ClosingSession", "send_retrying"]

NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
"""Errors that mean the request surely never left this machine."""


async def send_retrying(
    http: httpx.AsyncClient,
    request: httpx.Request,
    *,
    auth: httpx.Auth | None,
    safe: bool,
    policy: RetryPolicy,
    network_error: Callable[[httpx.TransportError, bool], Exception],
    on_attempt: Callable[[], None] | None = None,
) -> httpx.Response:
    """The answer to `request`, tried again while `policy` allows: a read (`safe`) on a network
    failure or a retryable status (waiting any `Retry-After`), a change only when the failure
    says it was never sent. A failure that is not retried raises `network_error(exc, sent)`.
    `on_attempt` is called before each try (Emporix counts what it sent)."""
    started = policy.clock()
    attempt = 0
    while True:
        attempt += 1
        if on_attempt is not None:
            on_attempt()
        try:
            response = await _detached_send(http, request, auth)
        except httpx.TransportError as exc:
            sent = not isinstance(exc, NOT_SENT)
            delay = policy.next_delay(attempt, started) if safe or not sent else None
            if delay is None:
                raise network_error(exc, sent) from exc
            await policy.sleep(delay)
            continue
        if safe and response.status_code in policy.statuses:
            retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            delay = policy.next_delay(attempt, started, retry_after)
            if delay is not None:
                await response.aclose()
                await policy.sleep(delay)
                continue
        return response


async def _detached_send(
    http: httpx.AsyncClient, request: httpx.Request, auth: httpx.Auth | None
) -> httpx.Response:
    """`http.send` in a context of its own, not the caller's, and cancelled with the caller.

    A request leaves timers behind in the event loop (httpx's timeouts, cancelled once it is
    answered), and asyncio drops a cancelled timer only when it would have fired, 30 s later.
    Each keeps the context it was made in, and a screen's context holds the screen (Textual's
    context variables: the worker, the message pump): a closed detail screen stayed in memory
    that long."""
    return await asyncio.create_task(http.send(request, auth=auth), context=contextvars.Context())


class ClosingSession:
    """An API session over one `httpx.AsyncClient` (`_http`), used as `async with` or closed
    with `aclose()`: both platforms' sessions are one."""

    _http: httpx.AsyncClient

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()
