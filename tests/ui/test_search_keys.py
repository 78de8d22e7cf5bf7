"""The keys a new agent tries first on the list: `/` to search, Enter to run it, Enter to open."""

from __future__ import annotations

from textual.widgets import Input

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable


async def test_slash_smith_enter_enter_opens_the_first_smith(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # The app starts in the search box; `/` there must not become part of the query.
        assert app.screen.query_one("#search", Input).has_focus
        await pilot.press("slash", *"smith", "enter", "enter")
        await settle(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        await settle(pilot)
        assert screen.customer is not None
        assert screen.customer.last_name == "Smith"


async def test_enter_in_the_search_box_moves_to_the_first_result(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        table = screen.query_one(CustomerTable)
        table.focus()
        await pilot.press("down", "down", "down", "slash", *"schmidt", "enter")
        await settle(pilot)
        assert table.has_focus
        assert table.cursor_row == 0
        assert "schmidt" in str(table.highlighted.contact_email).lower()
        assert screen.query_text == "schmidt"


async def test_slash_from_the_list_selects_the_query_so_typing_replaces_it(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        await pilot.press(*"smith", "enter")
        await settle(pilot)
        await pilot.press("slash", "slash", *"dubois")
        assert box.has_focus
        assert box.value == "dubois"


async def test_slash_inside_a_query_still_types(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        await pilot.press(*"lastName:", "slash", *"Sm", "slash")
        assert box.value == "lastName:/Sm/"
