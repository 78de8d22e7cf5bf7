"""Injected failures: latency with jitter, 500/503 answers, 429 with Retry-After, dropped connections."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import SandboxConfig

BodyShape = Callable[[int, str, str], dict[str, object]]
"""(status, kind, message) → an error body in the shape of one API."""

# Module-level so tests can observe the injected delay without waiting for it.
sleep = asyncio.sleep


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised in-process where a socket would be cut: through httpx.ASGITransport the client
    then sees the same exception class as over a real connection."""


@dataclass
class Faults:
    """Mutable at runtime (`app.state.sandbox.faults.error_rate = 0.5`); all off by default."""

    latency_ms: int = 0
    jitter_ms: int = 0
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    drop_rate: float = 0.0
    # Set by the HTTP server: aborts the socket of the given client address, so the request
    # gets no answer at all. Without it (in-process) a drop raises ConnectionDropped.
    drop_hook: Callable[[object], bool] | None = field(default=None, repr=False)
    rng: random.Random = field(default_factory=lambda: random.Random(1), repr=False)

    @classmethod
    def from_config(cls, config: SandboxConfig) -> Faults:
        return cls(
            latency_ms=config.latency_ms,
            jitter_ms=config.jitter_ms,
            error_rate=config.error_rate,
            rate_limit_rate=config.rate_limit_rate,
            retry_after=config.retry_after,
            drop_rate=config.drop_rate,
        )

    def off(self) -> None:
        self.latency_ms = self.jitter_ms = 0
        self.error_rate = self.rate_limit_rate = self.drop_rate = 0.0


async def _send_json(
    send: Send, status: int, body: dict[str, object], headers: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class FaultMiddleware:
    """Pure ASGI middleware in front of the whole app, reading the faults on every request."""

    def __init__(
        self, app: ASGIApp, faults: Faults, shapes: dict[str, BodyShape] | None = None
    ) -> None:
        self.app = app
        self.faults = faults
        # Path prefix → the error body of the API served there (the Kibo side has its own).
        self.shapes = shapes or {}

    def _body(self, scope: Scope, status: int, kind: str, message: str) -> dict[str, object]:
        for prefix, shape in self.shapes.items():
            if str(scope.get("path", "")).startswith(prefix):
                return shape(status, kind, message)
        return {"status": status, "type": kind, "message": message, "details": []}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        f = self.faults
        delay = f.latency_ms + (f.rng.uniform(0, f.jitter_ms) if f.jitter_ms else 0)
        if delay > 0:
            await sleep(delay / 1000)
        roll = f.rng.random()
        if roll < f.drop_rate:
            await self._drop(scope, send)
            return
        roll -= f.drop_rate
        if roll < f.rate_limit_rate:
            message = f"Rate limit exceeded; retry after {f.retry_after} s."
            body = self._body(scope, 429, "too_many_requests", message)
            await _send_json(send, 429, body, [(b"retry-after", str(f.retry_after).encode())])
            return
        roll -= f.rate_limit_rate
        if roll < f.error_rate:
            status = f.rng.choice((500, 503))
            kind = "internal_server_error" if status == 500 else "service_unavailable"
            body = self._body(
                scope, status, kind, "Injected sandbox failure (fault injection is on)."
            )
            retry = [(b"retry-after", str(f.retry_after).encode())] if status == 503 else []
            await _send_json(send, status, body, retry)
            return
        await self.app(scope, receive, send)

    async def _drop(self, scope: Scope, send: Send) -> None:
        hook = self.faults.drop_hook
        if hook is not None and hook(scope.get("client")):
            # Let the server notice the closed socket before the app returns, so it neither
            # answers 500 nor logs a missing response.
            for _ in range(3):
                await asyncio.sleep(0)
            return
        raise ConnectionDropped("The sandbox dropped the connection (fault injection).")
