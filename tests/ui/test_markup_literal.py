"""Text from agents, servers and customer records is shown as typed, never read as markup."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from tests.support.hostile import plant
from tests.support.waiting import settle
from tests.ui.changes_support import flow_finished, open_detail, screen_is, until
from tui.ui.screens.bulk import BulkScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable

SIZE = (120, 40)
NUMBER = "10000002"
FIRST, LAST = "[/]", "Kowalski [Europe]"


def on_screen(app: Any) -> str:
    """Every character the terminal shows now, line segments joined (from the SVG screenshot)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))).replace("\xa0", " ")


def told(app: Any) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def name_customer(sandbox_app: Any) -> None:
    plant(sandbox_app.state.sandbox.store, NUMBER, firstName=FIRST, lastName=LAST, type="[/]")


async def search(pilot: Any, text: str) -> None:
    pilot.app.screen.query_one(CustomerTable).focus()
    await pilot.press("slash")
    pilot.app.screen.query_one("#search", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize(
    "query",
    [
        "contactEmail:~a[/",
        "contactEmail:~zz[/]q",
        "Zyx[bold]wv",
        "Zyx[link=x]wv",
        r"contactEmail:~^zz([a-z0-9]+\.?)*[a-z0-9]+$",
    ],
)
async def test_a_search_with_brackets_is_shown_as_typed(make_app: Any, query: str) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, query)
        assert isinstance(app.screen, SearchScreen)
        message = str(app.screen.query_one("#message", Static).render())
        # Either "No customers match “query”" or the server's refusal, which quotes the pattern.
        assert query.split("~", 1)[-1] in message, message


async def test_a_customer_named_in_brackets_is_shown_literally_on_list_and_every_tab(
    make_app: Any, sandbox_app: Any
) -> None:
    name_customer(sandbox_app)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Kowalski")
        assert f"{FIRST} Kowalski" in on_screen(app)  # the list's name column is 16 wide
        detail = await open_detail(pilot, NUMBER)
        for tab in "12345":
            await pilot.press(tab)
            await pilot.pause()
            assert app.screen is detail
        assert f"{FIRST} {LAST}" in on_screen(app)
        # The palette lists it among the recent customers.
        await pilot.press("escape", "ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette", "the palette")
        await pilot.press(*f"Recent: {NUMBER}")
        options = app.screen.query_one(OptionList)

        def hits() -> list[str]:
            return [str(o.prompt) for o in options.options]

        await until(pilot, lambda: any(NUMBER in h for h in hits()), "the recent customer")
        assert any(f"{NUMBER} {FIRST} {LAST}" in h for h in hits()), hits()


async def _dialog(pilot: Any, key: str, kind: type, close: str = "escape") -> str:
    await pilot.press(key)
    await screen_is(pilot, kind)
    shown = on_screen(pilot.app)
    await pilot.press(close)
    await flow_finished(pilot)
    return shown


async def test_every_change_dialog_shows_a_bracketed_name_literally(
    make_app: Any, sandbox_app: Any
) -> None:
    name_customer(sandbox_app)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, NUMBER)
        for key, kind in (("h", ConfirmScreen), ("i", ConfirmScreen), ("d", DeleteScreen)):
            shown = await _dialog(pilot, key, kind)
            assert LAST in shown and FIRST in shown, (key, shown)
        shown = await _dialog(pilot, "e", EditScreen)
        assert LAST in shown, shown
        # A confirmed hold: its notice names the customer as they are called.
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert f"{FIRST} {LAST}" in told(app)
        await pilot.press("A")
        await until(pilot, lambda: type(app.screen).__name__ == "ActivityScreen", "Activity")
        await pilot.pause()
        assert NUMBER in on_screen(app)
        await pilot.press("escape")


async def test_review_and_conflict_show_bracketed_values_literally(
    make_app: Any, sandbox_app: Any
) -> None:
    name_customer(sandbox_app)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, NUMBER)
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        app.screen.query_one("#f-first_name", Input).value = "[bold]Ann"
        await pilot.pause()
        # Someone else changes the last name meanwhile: the save meets a conflict.
        plant(sandbox_app.state.sandbox.store, NUMBER, lastName="Nowak [link=x]")
        sandbox_app.state.sandbox.store.update(NUMBER, lambda d: d, bump=True)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        assert "[bold]Ann" in on_screen(app) and FIRST in on_screen(app)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ConflictScreen)
        shown = on_screen(app)
        assert "[bold]Ann" in shown and FIRST in shown, shown
        await pilot.press("d")
        await flow_finished(pilot)
        assert "Nowak [link=x]" in told(app) + on_screen(app)


async def test_bulk_hold_of_a_bracketed_name_shows_it_literally(
    make_app: Any, sandbox_app: Any
) -> None:
    name_customer(sandbox_app)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Kowalski")
        table = app.screen.query_one(CustomerTable)
        table.focus()
        for _ in range(table.row_count):
            await pilot.press("space", "down")
        await pilot.pause()
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        assert LAST in on_screen(app)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, BulkScreen), "the bulk summary")
        await until(pilot, lambda: not app.screen.running, "the bulk change")
        await pilot.pause()
        assert f"{FIRST} Kowalski" in on_screen(app)  # the name column is 16 wide
