"""A smart search shows its first page once the queries before it filled it, then the total."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.widgets import Input, Label

from tests.support.waiting import settle, until
from tests.ui.conftest import AppFactory
from tui.ui.screens.search import SearchScreen


class HoldCompanySearches:
    """The sandbox, holding every "company" search until released: the slow query of a smart
    search, which comes after the name queries in the order of the results."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.state = app.state
        self.release = asyncio.Event()
        self.held = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/customers/search"):
            await self.app(scope, receive, send)
            return
        messages = [await receive()]
        while messages[-1].get("more_body"):
            messages.append(await receive())
        if b"company:" in b"".join(m.get("body", b"") for m in messages):
            self.held += 1
            await self.release.wait()
        replay = iter(messages)

        async def again() -> Any:
            return next(replay)

        await self.app(scope, again, send)


@pytest.fixture
def sandbox_app() -> HoldCompanySearches:
    """2,000 customers: enough Smiths to fill a page by last name alone."""
    from tui.sandbox import SandboxConfig, create_app

    return HoldCompanySearches(create_app(SandboxConfig(customers=2000)))


async def test_the_first_page_does_not_wait_for_a_slower_later_query(
    make_app: AppFactory, sandbox_app: HoldCompanySearches
) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one("#search", Input).value = "smith"
        await pilot.press("enter")
        await until(pilot, lambda: screen.query_text == "smith" and not screen.is_searching)
        summary = screen.query_one("#summary", Label)
        assert sandbox_app.held == 1
        assert screen.table.row_count == 60
        assert all(c.last_name == "Smith" for c in screen.table.customers)
        assert "60 shown, counting…" in str(summary.render())
        assert app.busy_text == "Searching"  # the company search is still in flight

        sandbox_app.release.set()
        await settle(pilot)
        assert "60 of ≈" in str(summary.render())
        assert app.busy_text == ""
