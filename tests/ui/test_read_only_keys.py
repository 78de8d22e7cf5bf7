"""Read-only: change keys stay in the key bar, dimmed, and a press says why nothing happened."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.waiting import settle
from tests.ui.changes_support import journal, open_detail, until
from tests.ui.conftest import AppFactory
from tui.ui.app import CustomerTuiApp
from tui.ui.commands import CustomerCommands
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable
from tui.ui.widgets.key_footer import KeyFooter


def notes_of(app: CustomerTuiApp) -> list[str]:
    notes: list[str] = []
    original = app.notify

    def notify(message: str, **kw: Any) -> None:
        notes.append(message)
        original(message, **kw)

    app.notify = notify  # type: ignore[method-assign]
    return notes


def palette_titles(app: CustomerTuiApp) -> list[str]:
    provider = CustomerCommands(app.screen)
    return [title for title, _callback, _help in provider._commands()]


LIST_KEYS = ("e", "h", "d", "n", "i", "a", "u", "space")
DETAIL_KEYS = ("e", "h", "d", "n", "i", "a", "m", "u")


async def test_viewer_change_keys_on_the_list_say_the_scope_is_missing(
    make_app: AppFactory,
) -> None:
    app = await make_app("demo-viewer")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.read_only, "read-only from the token's scopes")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one(CustomerTable).focus()
        await pilot.pause()
        footer = screen.query_one(KeyFooter)
        assert {"h", "e", "d", "n"} <= set(footer.keys_shown)
        notes = notes_of(app)
        for key in LIST_KEYS:
            before = len(notes)
            await pilot.press(key)
            await until(pilot, lambda before=before: len(notes) > before, f"{key} to say why")
            assert app.screen is screen, f"{key} must open nothing while read-only"
            assert "read-only: this API client lacks customer.customer_manage" in notes[-1], key
        assert screen.table.marked == set()
    assert journal() == []


async def test_viewer_change_keys_on_the_detail_say_why(make_app: AppFactory) -> None:
    app = await make_app("demo-viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_detail(pilot, "10000001")
        await until(pilot, lambda: app.read_only, "read-only")
        notes = notes_of(app)
        for key in DETAIL_KEYS:
            before = len(notes)
            await pilot.press(key)
            await until(pilot, lambda before=before: len(notes) > before, f"{key} to say why")
            assert app.screen is detail, f"{key} must open nothing while read-only"
            assert "customer.customer_manage" in notes[-1], key
    assert journal() == []


@pytest.mark.parametrize("how", ["flag", "palette"])
async def test_read_only_by_flag_or_palette_says_so_when_a_key_is_pressed(
    make_app: AppFactory, how: str
) -> None:
    app = await make_app(read_only=how == "flag")
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await open_detail(pilot, "10000001")
        if how == "palette":
            app.action_toggle_read_only()
        notes = notes_of(app)
        await pilot.press("h")
        await until(pilot, lambda: bool(notes), "h to say why")
        assert app.screen is detail
        expected = "--read-only" if how == "flag" else "command palette"
        assert "read-only:" in notes[-1] and expected in notes[-1]


async def test_palette_offers_no_switch_off_and_no_changes_to_a_viewer(
    make_app: AppFactory,
) -> None:
    app = await make_app("demo-viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.read_only, "read-only")
        titles = palette_titles(app)
        assert not any(t.startswith("Read-only") for t in titles)
        assert "Undo my last change" not in titles and "New customer" not in titles
        assert "Sort: next order" in titles


async def test_palette_offers_switch_off_when_read_only_was_switched_on(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_toggle_read_only()
        titles = palette_titles(app)
        assert "Read-only: switch off" in titles
        assert "New customer" not in titles
