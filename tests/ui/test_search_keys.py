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


async def test_slash_inside_a_regex_types_elsewhere_it_selects_the_query(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        await pilot.press(*"lastName:~", "slash", *"Sm", "slash")
        assert box.value == "lastName:~/Sm/"
        box.value = ""
        await pilot.press("slash", *"smith", "slash", *"dubois")
        assert box.value == "dubois", "/ after a typed query selects it; dubois replaces it"


async def test_reload_keeps_the_cursor_on_a_row_pages_down(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        table = screen.query_one(CustomerTable)
        table.focus()
        # Row 250 of the test sandbox's 300 customers is on the fifth page of 60.
        while table.row_count <= 250:
            await pilot.press("end")
            await settle(pilot)
        table.move_cursor(row=250)
        number = table.highlighted.customer_number
        await pilot.press("r")
        await settle(pilot)
        assert table.cursor_row == 250
        assert table.highlighted.customer_number == number
        assert table.has_focus


async def test_question_mark_in_the_empty_search_box_opens_help_and_types_in_a_query(
    make_app: AppFactory,
) -> None:
    from tui.ui.screens.help import HelpScreen

    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        assert box.has_focus and box.value == ""
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_screen = app.screen
        keys = {key for key, _description, _note in help_screen.rows}
        words = " ".join(description for _key, description, _note in help_screen.rows)
        # Our keys, in words; none of Textual's generic ones.
        assert {"s", "h", "e", "↓", "^p"} <= keys
        assert "Palette" in words and "palette" not in words
        for generic in ("super+c", "Page Left", "Scroll Left", "Move cursor left"):
            assert generic not in words and generic not in keys
        await pilot.press("escape")
        await pilot.press(*"what?")
        assert box.value == "what?"
