"""UI test fixtures: the app on an in-process sandbox, per demo client, with the cursor blink frozen."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from textual.widgets import Input

from tests.support.services import sandbox_service
from tui.config.connection import Connection
from tui.emporix.client import CustomerService
from tui.ui.app import CustomerTuiApp


@pytest.fixture(autouse=True)
def frozen_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make every screenshot depend on timing."""
    original = Input.__init__

    def init(self: Input, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", init)


ServiceFactory = Callable[[str], Awaitable[CustomerService]]


@pytest.fixture
async def make_service(sandbox_app: Any) -> AsyncIterator[ServiceFactory]:
    """Clients for any demo client id, all talking to the same in-process sandbox."""
    opened: list[CustomerService] = []

    async def make(client_id: str = "demo-agent") -> CustomerService:
        svc = sandbox_service(sandbox_app, client_id)
        opened.append(svc)
        return svc

    yield make
    for svc in opened:
        await svc.aclose()


def sandbox_connection(client_id: str = "demo-agent", *, read_only: bool = False) -> Connection:
    base = Connection.sandbox_default(read_only=read_only)
    return Connection(
        name=base.name,
        platform=base.platform,
        api_url=base.api_url,
        tenant=base.tenant,
        client_id=client_id,
        client_secret=base.client_secret,
        read_only=read_only,
        label=base.label,
        color=base.color,
        sandbox=True,
    )


AppFactory = Callable[..., Awaitable[CustomerTuiApp]]


@pytest.fixture
def make_app(make_service: ServiceFactory) -> AppFactory:
    async def make(client_id: str = "demo-agent", *, read_only: bool = False) -> CustomerTuiApp:
        service = await make_service(client_id)
        return CustomerTuiApp(sandbox_connection(client_id, read_only=read_only), service=service)

    return make
