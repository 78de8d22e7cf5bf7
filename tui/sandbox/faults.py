"""Injected failures: latency with jitter, 500/503 answers, 429 with Retry-After, dropped connections."""

from __future__ import annotations

import asyncio
import json
import random
from dataclasses import dataclass, field

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import SandboxConfig

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
    # "raise" suits in-process transports; "close" (set by the server) cuts a real socket.
    drop_style: str = "raise"
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

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

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
            await self._drop(send)
            return
        roll -= f.drop_rate
        if roll < f.rate_limit_rate:
            body = {
                "status": 429,
                "type": "too_many_requests",
                "message": f"Rate limit exceeded; retry after {f.retry_after} s.",
                "details": [],
            }
            await _send_json(send, 429, body, [(b"retry-after", str(f.retry_after).encode())])
            return
        roll -= f.rate_limit_rate
        if roll < f.error_rate:
            status = f.rng.choice((500, 503))
            kind = "internal_server_error" if status == 500 else "service_unavailable"
            body = {
                "status": status,
                "type": kind,
                "message": "Injected sandbox failure (fault injection is on).",
                "details": [],
            }
            retry = [(b"retry-after", str(f.retry_after).encode())] if status == 503 else []
            await _send_json(send, status, body, retry)
            return
        await self.app(scope, receive, send)

    async def _drop(self, send: Send) -> None:
        if self.faults.drop_style == "close":
            # Promising a body and then returning makes uvicorn close the socket mid-response.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"100")],
                }
            )
            return
        raise ConnectionDropped("The sandbox dropped the connection (fault injection).")
