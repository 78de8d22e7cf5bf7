"""The embedded sandbox runs off the UI's loop: a slow answer never stops the app painting or answering keys."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from tests.ui.changes_support import screen_is, until
from tests.ui.conftest import sandbox_connection
from tui.connect.backends import open_service
from tui.connect.sandbox_host import ThreadedASGITransport
from tui.emporix.client import CustomerService
from tui.sandbox import DEMO_SECRET, TENANT
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.search import SearchScreen

SLOW_SECONDS = 1.5


class SlowSearches:
    """The sandbox, but the first search first computes for a while on the sandbox's own loop,
    in Python, without ever yielding: the worst a slow query can do to the loop it runs on."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.started = threading.Event()
        self.finished = threading.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        first = not self.started.is_set()
        if scope["type"] == "http" and scope["path"].endswith("/search") and first:
            self.started.set()
            end = time.perf_counter() + SLOW_SECONDS
            while time.perf_counter() < end:
                pass
            self.finished.set()
        await self.app(scope, receive, send)


async def test_keys_are_answered_while_the_sandbox_computes_a_slow_search(sandbox_app: Any) -> None:
    slow = SlowSearches(sandbox_app)
    service = CustomerService(
        "http://sandbox.local",
        TENANT,
        "demo-agent",
        DEMO_SECRET,
        transport=ThreadedASGITransport(slow),
    )
    app = CustomerTuiApp(sandbox_connection(), service=service)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: screen.table.row_count > 0, "the first page")
        # Put in at once: typed key by key, pilot.press would wait for the busy sandbox to
        # finish the first key's search (the first key searches at once).
        screen.query_one("#search", Input).value = "smith"
        await until(pilot, slow.started.is_set, "the slow search to start")
        # Not pilot.press: it waits until the whole process is idle, and the sandbox is busy.
        pressed = time.perf_counter()
        app.post_message(events.Key("f1", None))
        while not isinstance(app.screen, HelpScreen) and time.perf_counter() - pressed < 10:
            await pilot.pause(0.005)
        answered = time.perf_counter() - pressed
        assert isinstance(app.screen, HelpScreen)
        assert not slow.finished.is_set(), "the search should still be computing"
        assert answered < 1.0, f"F1 took {answered:.2f} s while the sandbox computed"
        await pilot.press("escape")
        await until(pilot, lambda: slow.finished.is_set() and not screen.is_searching, "results")
    await service.aclose()


async def test_the_embedded_connection_hosts_its_sandbox_on_its_own_thread() -> None:
    service = open_service(sandbox_connection())
    try:
        transport = service._http._transport  # the client's own wiring, read only
        assert isinstance(transport, ThreadedASGITransport)
        page = await service.list_customers(page_size=2)
        assert len(page.items) == 2
        assert any(t.name == "embedded-sandbox" for t in threading.enumerate())
    finally:
        await service.aclose()


async def test_closing_the_sandbox_mid_request_releases_the_caller_and_destroys_no_task(
    caplog: Any,
) -> None:
    """The app quits while the embedded sandbox still answers: the request ends cancelled, and
    asyncio has nothing to complain about (it would print "Task was destroyed but it is
    pending!" on the terminal after the app)."""
    import asyncio
    import gc

    import httpx

    arrived = threading.Event()

    async def never_answers(scope: Any, receive: Any, send: Any) -> None:
        arrived.set()
        await asyncio.Event().wait()

    transport = ThreadedASGITransport(never_answers)
    client = httpx.AsyncClient(transport=transport, base_url="http://sandbox.local")
    request = asyncio.ensure_future(client.get("/customers"))
    assert await asyncio.to_thread(arrived.wait, 10), "the request never reached the sandbox"
    with caplog.at_level("ERROR", logger="asyncio"):
        await transport.aclose()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(request, timeout=5)
        gc.collect()
    assert not [r for r in caplog.records if "destroyed" in r.getMessage()]
    await client.aclose()
