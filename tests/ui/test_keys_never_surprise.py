"""Typed text never changes a customer: `/` reaches the search from every screen, and dialogs
ignore typed-ahead keys and are never answered by a letter (Pilot against the sandbox)."""

from __future__ import annotations

import string
from typing import Any

from textual import events

from tests.ui.changes_support import (
    flow_finished,
    journal,
    open_detail,
    screen_is,
    stored,
    until,
)
from tests.ui.conftest import settle
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.addresses import AddressesScreen
from tui.ui.screens.bulk import BulkScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.search_box import SearchBox

PRINTABLE = [c for c in string.printable if c.isprintable()]
"""Every printable ASCII character, space included, in `string.printable`'s order."""
AFTER_LAST_SLASH = "".join(PRINTABLE[PRINTABLE.index("/") + 1 :])
"""What the search box holds after `/` and PRINTABLE: the `/` among them selects the query
typed so far (it holds no regex), so what follows it replaces it."""


def everything(sandbox_app: Any) -> list[tuple[str, str]]:
    """Every stored customer, as the sandbox has it, bypassing every client."""
    with sandbox_app.state.sandbox.store.transaction() as db:
        rows = db.execute("SELECT number, doc FROM customers ORDER BY number").fetchall()
    return [(str(n), str(d)) for n, d in rows]


async def type_everything(pilot: Any) -> None:
    """`/`, then every printable character, one key press each, as an agent types."""
    await pilot.press("slash", *PRINTABLE)


async def lands_in_search(pilot: Any) -> None:
    search = await screen_is(pilot, SearchScreen)
    box = search.query_one("#search", SearchBox)
    assert box.has_focus, "what follows / is typed into the search box"
    assert box.value == AFTER_LAST_SLASH


async def test_slash_hyde_on_the_detail_screen_searches_instead_of_holding(
    make_app: Any, sandbox_app: Any
) -> None:
    before = stored(sandbox_app, "10000001")
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("slash", *"hyde")
        search = await screen_is(pilot, SearchScreen)
        assert search.query_one("#search", SearchBox).value == "hyde"
        await open_detail(pilot, "10000001")
        await pilot.press("slash", *"weber")
        await screen_is(pilot, SearchScreen)
        assert search.query_one("#search", SearchBox).value == "weber"
        await settle(pilot)
    assert stored(sandbox_app, "10000001") == before
    assert journal() == []


def burst(app: Any, text: str) -> None:
    """Keys arriving together, as a terminal reads a fast typist or a paste without bracketed
    paste mode: all queued before the first is handled (Pilot.press waits after each)."""
    for char in text:
        key = "slash" if char == "/" else char
        app.post_message(events.Key(key, char))


async def test_a_burst_after_slash_on_the_detail_screen_lands_in_the_search_box(
    make_app: Any, sandbox_app: Any
) -> None:
    data = everything(sandbox_app)
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000001")
        burst(app, "/hyde/weber/smith")
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: search.query_one("#search", SearchBox).value == "smith")
        await settle(pilot)
        assert search.query_one("#search", SearchBox).value == "smith"
    assert everything(sandbox_app) == data
    assert journal() == []


async def test_slash_returns_to_the_search_with_the_query_selected(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await pilot.press(*"smith")
        await settle(pilot)
        await open_detail(pilot, "10000003")
        await pilot.press("question_mark")
        await screen_is(pilot, HelpScreen)
        await pilot.press("slash")
        await screen_is(pilot, SearchScreen)
        box = search.query_one("#search", SearchBox)
        assert box.value == "smith" and box.selected_text == "smith"
        await pilot.press(*"dubois")
        assert box.value == "dubois"


async def test_a_typed_ahead_answer_never_confirms_and_no_letter_does(
    make_app: Any, sandbox_app: Any
) -> None:
    before = stored(sandbox_app, "10000001")
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000001")
        # An agent hurrying through: the answer is pressed with the key that opens the dialog.
        await pilot.press("h", "enter", "enter")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert stored(sandbox_app, "10000001") == before, "typed-ahead Enter confirmed"
        # Read, then typed: no letter (y included) answers the question.
        await pilot.press(*"yes", "Y")
        assert app.screen is confirm
        assert stored(sandbox_app, "10000001") == before
        await pilot.press("enter")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["onHold"] is True
    assert [e.outcome for e in journal()] == ["done"]


async def test_every_printable_key_after_slash_changes_no_customer_on_any_screen(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await settle(pilot, lambda: search.table.row_count > 5)

        async def check(where: str, leave: Any = lands_in_search) -> None:
            data, entries = everything(sandbox_app), len(journal())
            await type_everything(pilot)
            await leave(pilot)
            await settle(pilot, lambda: not search.is_searching)
            assert everything(sandbox_app) == data, f"a customer changed on {where}"
            assert len(journal()) == entries, f"something was journaled on {where}"

        await check("the list, search box focused")
        search.table.focus()
        await check("the list, the table focused")
        # Marks and a bulk summary: the summary's r retries, and it must not take typed keys.
        search.query_one("#search", SearchBox).value = ""
        await settle(pilot, lambda: search.query_text == "" and search.table.row_count > 5)
        search.table.focus()
        await pilot.press("space", "down", "space")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        bulk = await screen_is(pilot, BulkScreen)
        await until(pilot, lambda: not bulk.running, "the bulk change to finish")
        await check("the bulk summary")
        await flow_finished(pilot)

        for tab in "12345":
            await open_detail(pilot, "10000001")
            await pilot.press(tab)
            await check(f"the detail screen, tab {tab}")
        dialogs: list[tuple[str, type[Any]]] = [
            ("question_mark", HelpScreen),
            ("A", ActivityScreen),
            ("h", ConfirmScreen),
            ("i", ConfirmScreen),
            ("m", AddressesScreen),
        ]
        for key, kind in dialogs:
            await open_detail(pilot, "10000001")
            await pilot.press(key)
            await screen_is(pilot, kind)
            await check(f"{kind.__name__} (opened with {key})")
            await flow_finished(pilot)

        async def cancel_delete(pilot: Any) -> None:
            # The number field takes every character (the / too); Enter is never pressed.
            assert isinstance(app.screen, DeleteScreen) and not app.screen.matches
            await pilot.press("escape")
            await flow_finished(pilot)

        await open_detail(pilot, "10000001")
        await pilot.press("d")
        await screen_is(pilot, DeleteScreen)
        await check("the delete dialog", cancel_delete)

        async def cancel_edit(pilot: Any) -> None:
            assert isinstance(app.screen, EditScreen)
            await pilot.press("escape")
            await screen_is(pilot, ConfirmScreen)  # discard what was typed?
            await pilot.press("enter")
            await flow_finished(pilot)
            assert isinstance(app.screen, DetailScreen)

        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await check("the edit form", cancel_edit)
