"""A dialog's bottom row shows the dialog's own keys, never the screen underneath's (Pilot, sandbox)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import ModalScreen

from tests.ui.changes_support import (
    keys_count,
    open_detail,
    screen_is,
    until,
)
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.widgets.key_footer import KeyFooter

SIZE = (80, 24)


def bottom_row(app: Any) -> str:
    widget, _region = app.screen.get_widget_at(2, SIZE[1] - 1)
    assert isinstance(widget, KeyFooter), f"{type(app.screen).__name__}: {widget!r} at the bottom"
    assert widget.screen is app.screen, "the bottom row is the screen underneath's key bar"
    return widget.render().plain


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("h", "⏎ Hold  n/esc Cancel"),
        ("e", "^s Review / save  esc Cancel"),
        ("d", "esc Cancel"),
        ("A", "esc Close"),
        ("question_mark", "esc/q/? Close"),
    ],
)
async def test_a_dialog_shows_its_own_keys_not_the_detail_screens(
    make_app: Any, key: str, shown: str
) -> None:
    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        assert "Copy" in bottom_row(app)
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not detail and isinstance(app.screen, ModalScreen))
        await pilot.pause()
        row = bottom_row(app)
        assert row.strip() == shown
        assert "Copy" not in row and "Reload" not in row


async def test_the_confirm_bar_follows_the_focused_button(make_app: Any) -> None:
    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await keys_count(pilot)
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert bottom_row(app).strip().startswith("⏎ Cancel")


async def test_the_ticket_dialog_shows_its_own_keys(make_app: Any) -> None:
    from tui.ui.screens.ticket import TicketScreen

    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        app.push_screen(TicketScreen())
        await screen_is(pilot, TicketScreen)
        await pilot.pause()
        assert bottom_row(app).strip() == "esc Cancel"
