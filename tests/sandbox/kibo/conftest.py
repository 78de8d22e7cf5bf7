"""Fixtures for the Kibo side's own tests: an in-process sandbox and signed-in raw HTTP clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from starlette.applications import Starlette

from tui.sandbox import SandboxConfig, create_app
from tui.sandbox.kibo import CLIENT_ID, PREFIX, SECRET, SITE_ID, TENANT_ID

TOKEN = "/platform/applications/authtickets/oauth"
ACCOUNTS = "/commerce/customer/b2baccounts"
Connect = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
def app() -> Starlette:
    return create_app(SandboxConfig(customers=30))


@pytest.fixture
async def connect(app: Starlette) -> AsyncIterator[Connect]:
    """connect() → a client at the Kibo prefix; signed in (token and context headers) unless told."""
    opened: list[httpx.AsyncClient] = []

    async def make(*, signed_in: bool = True) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://sandbox" + PREFIX
        )
        opened.append(client)
        if signed_in:
            body = {
                "client_id": CLIENT_ID,
                "client_secret": SECRET,
                "grant_type": "client_credentials",
            }
            answer = await client.post(TOKEN, json=body)
            assert answer.status_code == 200, answer.text
            client.headers.update(
                {
                    "Authorization": f"Bearer {answer.json()['access_token']}",
                    "x-vol-tenant": str(TENANT_ID),
                    "x-vol-site": str(SITE_ID),
                }
            )
        return client

    yield make
    for client in opened:
        await client.aclose()


@pytest.fixture
async def kibo(connect: Connect) -> httpx.AsyncClient:
    return await connect()
