"""A dialog's bottom row shows the dialog's own keys, never the screen underneath's (Pilot, sandbox)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.screen import ModalScreen

from tests.ui.changes_support import (
    flow_finished,
    keys_count,
    open_detail,
    screen_is,
    stored,
    type_into,
    until,
)
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen
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
        ("A", "esc Close  t Ticket filter"),
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
        assert bottom_row(app).strip() == "⏎/n/esc Cancel"


async def test_the_ticket_dialog_shows_its_own_keys(make_app: Any) -> None:
    from tui.ui.screens.ticket import TicketScreen

    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        app.push_screen(TicketScreen())
        await screen_is(pilot, TicketScreen)
        await pilot.pause()
        assert bottom_row(app).strip() == "esc Cancel"


async def test_enter_on_the_focused_save_button_saves_a_review(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-first_name", "Jonathan", keys=True)
        await pilot.press("ctrl+s")
        review = await screen_is(pilot, ReviewScreen)
        await keys_count(pilot)
        assert app.focused is review.query_one("#save")
        assert bottom_row(app).strip() == "⏎/^s Save  esc Back to the form"
        await pilot.press("enter")
        detail = await screen_is(pilot, DetailScreen)
        await flow_finished(pilot)
        assert detail.customer.first_name == "Jonathan"
    assert stored(sandbox_app, "10000001")["firstName"] == "Jonathan"


async def test_enter_saves_the_review_of_an_undo_and_esc_there_says_cancel(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await keys_count(pilot)
        await pilot.press("enter")
        await screen_is(pilot, DetailScreen)
        await flow_finished(pilot)
        assert stored(sandbox_app, "10000001")["onHold"] is True
        await pilot.press("u")
        await screen_is(pilot, ReviewScreen)
        await keys_count(pilot)
        assert bottom_row(app).strip() == "⏎/^s Save  esc Cancel"
        await pilot.press("enter")
        await screen_is(pilot, DetailScreen)
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["onHold"] is False


async def test_an_enter_typed_ahead_into_a_review_does_not_save(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app(read_only=False)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-first_name", "Jonathan", keys=True)
        await pilot.press("ctrl+s", "enter")
        review = await screen_is(pilot, ReviewScreen)
        await pilot.pause()
        assert app.screen is review
        await keys_count(pilot)
        await pilot.press("escape")
        await screen_is(pilot, EditScreen)
    assert stored(sandbox_app, "10000001")["firstName"] == "John"
