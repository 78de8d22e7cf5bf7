"""UI test fixtures: the app on an in-process sandbox, per demo client, with the cursor blink frozen."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui.config.connection import Connection
from tui.emporix.client import CustomerService
from tui.sandbox import DEMO_SECRET, TENANT
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
        svc = CustomerService(
            "http://sandbox.local",
            TENANT,
            client_id,
            DEMO_SECRET,
            transport=httpx.ASGITransport(app=sandbox_app),
        )
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


async def settle(pilot: Pilot[Any], condition: Callable[[], bool] | None = None) -> None:
    """Let workers finish and their messages land; optionally until `condition()` holds.

    Waits on the app (its workers and message queues). It loops because a finished worker may
    start another (the next page), and a debounce timer starts its search a moment later.
    """
    app = pilot.app
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(w.is_running for w in app.workers)
        if (condition is None and not busy) or (condition is not None and condition()):
            # Tab underlines slide; a screenshot must not catch them halfway.
            await pilot.wait_for_scheduled_animations()
            return
        # Yield to timers (the debounce) without assuming how long they take.
        await pilot.pause(0.01)
    raise AssertionError("the app did not settle")
