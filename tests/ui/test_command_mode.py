"""Command mode (`:`) against the sandbox: completion, each command, confirmations kept, history."""

from __future__ import annotations

import json
import os
import stat
from typing import Any

import pytest
from textual.widgets import Input, Label

from tests.support.waiting import settle, until
from tests.ui.changes_support import flow_finished, screen_is
from tests.ui.conftest import AppFactory
from tui import paths
from tui.ui.screens.command_prompt import CommandPrompt
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable

SIZE = (80, 24)


async def on_list(pilot: Any) -> SearchScreen:
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one(CustomerTable).focus()
    await pilot.pause()
    return screen


async def command(pilot: Any, text: str) -> None:
    """`:` then the command typed, then Enter."""
    await pilot.press("colon", *text, "enter")
    await settle(pilot)


def prompt_value(app: Any) -> str:
    return str(app.screen.query_one("#command", Input).value)


def candidates(app: Any) -> str:
    return str(app.screen.query_one("#candidates", Label).render())


async def test_colon_in_the_search_box_is_text_so_field_queries_still_type(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#search", Input)
        assert box.has_focus
        await pilot.press(*"lastName:Smith")
        assert box.value == "lastName:Smith"
        assert not isinstance(app.screen, CommandPrompt)


async def test_tab_completes_commands_and_arguments_and_shows_the_candidates(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await pilot.press("colon", *"so", "tab")
        assert isinstance(app.screen, CommandPrompt)
        assert prompt_value(app) == "sort "
        await pilot.press("tab")
        assert "lastName" in candidates(app) and "customerNumber" in candidates(app)
        await pilot.press("l", "tab", "d", "tab")
        assert prompt_value(app) == "sort lastName desc "
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.sort == "lastName:desc"
        names = [c.last_name or "" for c in screen.table.customers[:20]]
        assert names == sorted(names, reverse=True)


async def test_escape_cancels_without_running_anything(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_list(pilot)
        await pilot.press("colon", *"sort lastName desc", "escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.sort is None


async def test_colon_number_opens_that_customer(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "10000003")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await settle(pilot)
        assert app.screen.customer.customer_number == "10000003"  # type: ignore[attr-defined]


async def test_hold_goes_through_the_confirmation_and_typed_ahead_enter_cannot_answer_it(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_list(pilot)
        target = screen.table.highlighted
        assert target is not None and not target.on_hold
        # The Enter that runs `:hold` and one more typed ahead: neither may confirm the hold.
        await pilot.press("colon", *"hold", "enter", "enter")
        await screen_is(pilot, ConfirmScreen)
        assert isinstance(app.screen, ConfirmScreen), "the typed-ahead Enter answered the dialog"
        await pilot.press("escape")
        await flow_finished(pilot)
        fresh = await app.service.get_customer(target.customer_number)
        assert not fresh.on_hold


async def test_release_on_a_customer_not_on_hold_says_so_in_the_prompt(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "release")
        assert isinstance(app.screen, CommandPrompt)
        assert "not on hold" in candidates(app)
        assert prompt_value(app) == "release"


async def test_filter_onhold_lists_only_customers_on_hold(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_list(pilot)
        await command(pilot, "filter onhold")
        assert screen.filters.on_hold
        assert screen.table.customers
        assert all(c.on_hold for c in screen.table.customers)
        await command(pilot, "filter clear")
        assert not screen.filters.on_hold


async def test_sort_from_the_detail_screen_goes_back_to_the_sorted_list(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "open 10000002")
        await until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await settle(pilot)
        await command(pilot, "sort customerNumber desc")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.sort == "customerNumber:desc"


async def test_unknown_command_names_the_closest_one(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "hodl")
        assert isinstance(app.screen, CommandPrompt)
        assert "Unknown command “hodl”" in candidates(app)
        assert ":hold" in candidates(app)


async def test_ticket_sets_the_session_ticket(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "ticket T-1")
        assert app.ticket == "T-1"


async def test_profile_unknown_is_refused_in_words(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "profile nowhere")
        assert isinstance(app.screen, CommandPrompt)
        assert "No profile “nowhere”" in candidates(app)


async def test_commands_are_kept_private_and_up_recalls_them(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        await command(pilot, "sort lastName asc")
        await command(pilot, "filter b2b")
        path = paths.history_file("command", app.connection.name)
        assert json.loads(path.read_text()) == ["filter b2b", "sort lastName asc"]
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        await pilot.press("colon", "up")
        assert prompt_value(app) == "filter b2b"
        await pilot.press("up")
        assert prompt_value(app) == "sort lastName asc"
        await pilot.press("down", "down")
        assert prompt_value(app) == ""


@pytest.mark.parametrize("on_detail", [False, True], ids=["list", "detail"])
async def test_colon_q_quits(make_app: AppFactory, on_detail: bool) -> None:
    # Checked inside the run: leaving `run_test` ends the app anyway, so a `:q` that did
    # nothing would pass a test that only looked afterwards.
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await on_list(pilot)
        if on_detail:
            app.open_customer("10000001")
            await until(pilot, lambda: isinstance(app.screen, DetailScreen), "the detail")
            await settle(pilot)
        assert app.return_code is None
        await pilot.press("colon", "q", "enter")
        await until(pilot, lambda: app.return_code == 0, ":q to quit")
    assert not app.is_running
