"""Typed text never changes a customer: `/` reaches the search from every screen, and dialogs
ignore typed-ahead keys and are never answered by a letter (Pilot against the sandbox)."""

from __future__ import annotations

import string
from typing import Any

import pytest
from textual import events

from tests.support.waiting import settle
from tests.ui.changes_support import (
    flow_finished,
    journal,
    open_detail,
    screen_is,
    stored,
    until,
)
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.addresses import AddressesScreen
from tui.ui.screens.bulk import BulkScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.delete import DeleteScreen
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
        # An agent hurrying through: the answer is typed with the key that opens the dialog,
        # all read before the dialog appears (however slowly this machine then shows it).
        for key in ("h", "enter", "enter"):
            app.post_message(events.Key(key, key if key == "h" else None))
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


SCREENS = (
    "list, search box",
    "list, table",
    "bulk summary",
    *(f"detail, tab {tab}" for tab in "12345"),
    "help",
    "activity",
    "hold dialog",
    "active dialog",
    "addresses",
    "delete dialog",
    "edit form",
)
"""Every screen an agent can be on when typing, with every dialog that can be open there."""
OPENED_WITH: dict[str, tuple[str, type[Any]]] = {
    "help": ("question_mark", HelpScreen),
    "activity": ("A", ActivityScreen),
    "hold dialog": ("h", ConfirmScreen),
    "active dialog": ("i", ConfirmScreen),
    "addresses": ("m", AddressesScreen),
    "delete dialog": ("d", DeleteScreen),
    "edit form": ("e", EditScreen),
}


async def _go_to(pilot: Any, where: str) -> None:
    """Bring the app to `where`, as the agent would."""
    search = await screen_is(pilot, SearchScreen)
    await settle(pilot, lambda: search.table.row_count > 5)
    if where == "list, search box":
        return
    search.table.focus()
    if where == "list, table":
        return
    if where == "bulk summary":
        await pilot.press("space", "down", "space", "h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        bulk = await screen_is(pilot, BulkScreen)
        await until(pilot, lambda: not bulk.running, "the bulk change to finish")
        return
    await open_detail(pilot, "10000001")
    if where.startswith("detail, tab "):
        await pilot.press(where[-1])
        return
    key, kind = OPENED_WITH[where]
    await pilot.press(key)
    await screen_is(pilot, kind)


async def _leave(pilot: Any, where: str) -> None:
    """After the keys: where the agent is now, and back out of what holds the typing."""
    app = pilot.app
    if where == "delete dialog":
        # The number field takes every character (the / too); Enter is never pressed.
        assert isinstance(app.screen, DeleteScreen) and not app.screen.matches
        await pilot.press("escape")
    elif where == "edit form":
        assert isinstance(app.screen, EditScreen)  # typed into its first field, not saved
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)  # discard what was typed?
        await pilot.press("enter")
    else:
        await lands_in_search(pilot)
    await flow_finished(pilot)


@pytest.mark.parametrize("where", SCREENS)
async def test_every_printable_key_after_slash_changes_no_customer(
    make_app: Any, sandbox_app: Any, where: str
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _go_to(pilot, where)
        data, entries = everything(sandbox_app), len(journal())
        await type_everything(pilot)
        await _leave(pilot, where)
        await settle(pilot)
    assert everything(sandbox_app) == data, f"a customer changed on the {where}"
    assert len(journal()) == entries, f"something was journaled on the {where}"
