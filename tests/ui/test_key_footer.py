"""The key bar: the keys that work where the focus is, disabled ones marked, a click presses a key."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.key_footer import KeyFooter


def footer_of(screen: object) -> KeyFooter:
    return screen.query_one(KeyFooter)  # type: ignore[attr-defined,no-any-return]


async def on_the_list(pilot: Pilot[Any], key: str = "s") -> tuple[SearchScreen, KeyFooter]:
    """The search screen with the list focused, once its footer shows `key`."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.table.focus()
    footer = footer_of(screen)
    await settle(pilot, lambda: key in footer.keys_shown)
    return screen, footer


async def test_the_list_shows_its_keys_and_the_palette_last(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        footer = footer_of(screen)
        # In the search box, letters are typed, so only the keys that work there are offered:
        # ↓ to the list, Enter, and the help (`?` while the box is empty, F1 once it is not).
        assert footer.keys_shown == ["↓", "⏎", "/", "F2–F7", "?", "^p"]  # noqa: RUF001
        await pilot.press("s")
        await settle(pilot, lambda: "F1" in footer.keys_shown)
        assert "?" not in footer.keys_shown
        await pilot.press("backspace")
        screen.table.focus()
        await settle(pilot, lambda: "s" in footer.keys_shown)
        shown = footer.keys_shown
        assert {"/", "⏎", "s", "h", "e", "d", "n", "?"} <= set(shown)
        assert shown[-1] == "^p"
        assert "Sort" in footer.render().plain


async def test_a_narrow_terminal_keeps_the_change_keys_in_help_only(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, footer = await on_the_list(pilot)
        assert "e" not in footer.keys_shown
        assert footer.render().cell_len <= 80


async def test_read_only_marks_the_change_keys_disabled(make_app: AppFactory) -> None:
    app = await make_app(read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        _screen, footer = await on_the_list(pilot, "h")
        enabled = {entry.key_display: entry.enabled for entry in footer._entries}
        assert enabled["h"] is False and enabled["e"] is False
        assert enabled["s"] is True and enabled["/"] is True


async def test_clicking_a_key_presses_it(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, footer = await on_the_list(pilot)
        footer.render()
        start = next(s for s, _e, entry in footer._spans if entry.key_display == "s")
        before = screen.sort_index
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await settle(pilot)
        assert screen.sort_index == before + 1


async def test_the_detail_screen_has_its_own_keys(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("10000001")
        await settle(pilot, lambda: isinstance(app.screen, DetailScreen))
        await settle(pilot)
        footer = footer_of(app.screen)
        await settle(pilot, lambda: "r" in footer.keys_shown)
        assert {"esc", "r", "y", "e", "h"} <= set(footer.keys_shown)
        assert "F2–F7" not in footer.keys_shown  # noqa: RUF001
