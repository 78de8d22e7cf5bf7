"""The k9s habits on the list (j/k/g/G, S, ctrl+w) and ↑/↓ through earlier searches, kept private."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widgets import Input

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tests.ui.record_support import kibo_app
from tui import paths
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.record_detail import RecordDetailScreen
from tui.ui.screens.records import RecordListScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import COLUMNS

SIZE = (80, 24)


async def test_j_k_g_and_capital_g_move_on_the_list_and_g_loads_more(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.table.focus()
        await pilot.press("j", "j", "j", "k")
        assert screen.table.cursor_row == 2
        loaded = screen.table.row_count
        await pilot.press("G")
        await settle(pilot)
        assert screen.table.row_count > loaded, "G at the end of the loaded rows loads more"
        await pilot.press("g")
        assert screen.table.cursor_row == 0


async def test_capital_s_reverses_the_server_sort(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.table.focus()
        await pilot.press("s")  # number ascending
        await settle(pilot)
        assert screen.sort == "customerNumber:asc"
        await pilot.press("S")
        await settle(pilot)
        assert screen.sort == "customerNumber:desc"
        numbers = [c.customer_number for c in screen.table.customers[:10]]
        assert numbers == sorted(numbers, reverse=True)


async def test_ctrl_w_shows_every_column_and_back(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.table.focus()
        assert len(screen.table.columns()) < len(COLUMNS)
        await pilot.press("ctrl+w")
        assert [c.key for c in screen.table.columns()] == [c.key for c in COLUMNS]
        await pilot.press("ctrl+w")
        assert len(screen.table.columns()) < len(COLUMNS)


async def test_letters_type_in_the_search_box_not_list_keys(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"jkgGS")
        assert screen.query_one("#search", Input).value == "jkgGS"
        assert screen.sort is None


async def test_up_walks_earlier_searches_newest_first_and_down_returns_to_the_list(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        box = screen.query_one("#search", Input)
        for text in ("smith", "dubois", "smith"):
            await pilot.press("slash", *text, "enter")
            await settle(pilot)
            await pilot.press("slash")
        await pilot.press("enter")  # an empty search is not kept
        await settle(pilot)
        path = paths.history_file("search", app.connection.name)
        assert json.loads(path.read_text()) == ["smith", "dubois"]
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        await pilot.press("slash", "backspace")
        assert box.value == ""
        await pilot.press("up")
        assert box.value == "smith"
        await pilot.press("up")
        assert box.value == "dubois"
        await pilot.press("down")
        assert box.value == "smith"
        await pilot.press("down")
        assert box.value == "" and box.has_focus, "past the newest: back to what was typed"
        await pilot.press("down")
        assert screen.table.has_focus, "not browsing: ↓ moves to the list as before"


async def test_keys_typed_right_after_down_go_to_the_list_not_the_search_box(
    make_app: AppFactory,
) -> None:
    """A hurried agent types ↓ h before the app has moved the focus: the h holds the highlighted
    customer (its confirmation opens) instead of landing in the search box as text."""
    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        box = screen.query_one("#search", Input)
        box.focus()
        box.value = "smith"
        await settle(pilot, lambda: not screen.is_searching)
        # Both keys queued at once, as a terminal delivers a fast burst (pilot.press would let
        # the app settle between them).
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("h", "h"))
        await settle(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert box.value == "smith"


async def kibo_list(pilot: Any) -> RecordListScreen:
    """The Kibo account list with its first page, the focus where the app leaves it."""
    await settle(pilot, lambda: isinstance(pilot.app.screen, RecordListScreen))
    screen = pilot.app.screen
    assert isinstance(screen, RecordListScreen)
    await settle(pilot, lambda: screen.table.row_count > 0)
    return screen


async def test_keys_typed_right_after_down_go_to_the_kibo_list(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await kibo_list(pilot)
        box = screen.query_one("#search", Input)
        box.focus()
        box.value = "northwind"
        await settle(pilot, lambda: not screen.is_searching and screen.table.row_count > 0)
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("enter", None))
        await settle(pilot, lambda: isinstance(app.screen, RecordDetailScreen))
        assert box.value == "northwind"


def burst(app: App[Any], text: str, *keys: str) -> None:
    """Queue the keys at once, as a terminal delivers a hurried agent's typing (pilot.press would
    let the app settle between them)."""
    for character in text:
        app.post_message(events.Key(character, character))
    for key in keys:
        app.post_message(events.Key(key, None))


async def test_smith_enter_enter_typed_in_one_burst_opens_the_first_smith(
    make_app: AppFactory,
) -> None:
    """The second Enter reaches the box before the first has moved the focus to the list: it is
    still the agent's "open", not a second "search now"."""
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        burst(app, "smith", "enter", "enter")
        await settle(pilot, lambda: app.screen is not screen)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        await settle(pilot)
        assert detail.customer is not None and detail.customer.last_name == "Smith"
        assert screen.query_text == "smith"


async def test_northwind_enter_enter_typed_in_one_burst_opens_the_kibo_account(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await kibo_list(pilot)
        burst(app, "northwind", "enter", "enter")
        await settle(pilot, lambda: app.screen is not screen)
        detail = app.screen
        assert isinstance(detail, RecordDetailScreen)
        await settle(pilot)
        assert detail.record is not None
        assert "northwind" in str(detail.record.company_or_organization).lower()
