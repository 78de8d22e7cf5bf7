"""Fixtures for the sandbox's own tests: an in-process app and authenticated HTTP clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from starlette.applications import Starlette

from tui.sandbox import DEMO_SECRET, SandboxConfig, create_app

BASE = "/customer/demo/customers"
Login = Callable[..., Awaitable[httpx.AsyncClient]]


async def get_token(
    client: httpx.AsyncClient, client_id: str = "demo-agent", scope: str = ""
) -> str:
    data = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": DEMO_SECRET,
    }
    if scope:
        data["scope"] = scope
    response = await client.post("/oauth/token", data=data)
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@pytest.fixture
def app() -> Starlette:
    return create_app(SandboxConfig(customers=300))


@pytest.fixture
async def login(app: Starlette) -> AsyncIterator[Login]:
    """login("demo-viewer") -> a client that sends that demo client's bearer token."""
    clients: list[httpx.AsyncClient] = []

    async def make(client_id: str = "demo-agent", scope: str = "") -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://sandbox"
        )
        clients.append(client)
        token = await get_token(client, client_id, scope)
        client.headers["Authorization"] = f"Bearer {token}"
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
async def agent(login: Login) -> httpx.AsyncClient:
    return await login("demo-agent")
