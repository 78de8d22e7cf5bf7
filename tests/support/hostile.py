"""Hostile data for tests: customers planted in the sandbox's store behind the API, and a plain
server that answers whatever a test wants (shapes no sandbox would send)."""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DEEP_NUMBER = "10000001"
BIG_NUMBER = "10000002"
NAN_NUMBER = "10000005"


def deep(levels: int) -> dict[str, Any]:
    """An object nested `levels` deep: {"x": {"x": ... {"leaf": 1}}}."""
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(levels):
        value = {"x": value}
    return value


def plant(store: Any, number: str, **fields: Any) -> None:
    """Write fields straight into the stored customer, past every check of the API."""

    def change(doc: dict[str, Any]) -> dict[str, Any]:
        doc.update(fields)
        return doc

    store.update(number, change, bump=False)


def plant_hostile(store: Any) -> None:
    """The three customers of issue 10: a mixin 300 levels deep, a 5 MB company name, a NaN."""
    plant(store, DEEP_NUMBER, mixins={"deep": deep(300)})
    plant(store, BIG_NUMBER, company="Z" * 5_000_000)
    plant(store, NAN_NUMBER, mixins={"score": float("nan"), "limit": float("inf")})


def plain_server(customer: Any, *, raw: bytes | None = None) -> Starlette:
    """A server with a token endpoint and one customer (any JSON, or `raw` bytes as the body)."""

    async def token(request: Request) -> Response:
        return JSONResponse(
            {
                "access_token": "t",
                "token_type": "Bearer",
                "expires_in": 3600,
                "scope": "customer.customer_read customer.customer_manage",
            }
        )

    async def one(request: Request) -> Response:
        body = raw if raw is not None else json.dumps(customer).encode()
        return Response(body, media_type="application/json")

    async def page(request: Request) -> Response:
        body = b"[" + raw + b"]" if raw is not None else json.dumps([customer]).encode()
        return Response(body, media_type="application/json", headers={"Count": "1"})

    return Starlette(
        routes=[
            Route("/oauth/token", token, methods=["POST"]),
            Route("/customer/{tenant}/customers", page, methods=["GET"]),
            Route("/customer/{tenant}/customers/{number}", one, methods=["GET", "PATCH"]),
        ]
    )


def fail_reads_after_a_patch(app: Any) -> Any:
    """The sandbox, but after the first PATCH every GET answers 500 (a flaky read path)."""
    seen = {"patched": False}

    async def wrapper(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "PATCH":
            seen["patched"] = True
        elif scope["type"] == "http" and scope["method"] == "GET" and seen["patched"]:
            await send(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/json")],
                }
            )
            await send({"type": "http.response.body", "body": b'{"message":"read failed"}'})
            return
        await app(scope, receive, send)

    return wrapper
