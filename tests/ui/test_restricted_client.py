"""A client limited to some restrictions says so: in the status line, and when a search is empty."""

from __future__ import annotations

from textual.widgets import Static

from tests.support.waiting import settle
from tests.ui.changes_support import until
from tests.ui.conftest import AppFactory
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.status_line import StatusLine


async def test_restricted_client_says_what_it_sees_in_the_status_line_and_an_empty_search(
    make_app: AppFactory,
) -> None:
    app = await make_app("demo-de")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.restrictions is not None, "the token's restrictions")
        assert app.restrictions == frozenset({"de"})
        status = app.screen.query_one(StatusLine)
        assert "sees only de" in status.render().plain
        # Marie Dubois (restriction fr) exists, but not for this client.
        await pilot.press(*"dubois", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.table.row_count == 0
        message = str(screen.query_one("#message", Static).render())
        assert "sees only customers with the restriction de" in message.replace("\n", " ")


async def test_unrestricted_client_is_not_told_about_restrictions(make_app: AppFactory) -> None:
    app = await make_app("demo-agent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.scopes is not None, "sign-in")
        assert app.restrictions is None
        assert "sees only" not in app.screen.query_one(StatusLine).render().plain
        await pilot.press(*"zzzqqq", "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#message", Static).render())
        assert "Try fewer words" in message and "restriction" not in message
