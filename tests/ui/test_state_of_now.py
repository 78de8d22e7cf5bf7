"""The status line and the list's summary say how things are now: an error goes when a later
action works or the agent moves on, and "N marked" follows the marks (Pilot, sandbox)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Label

from tests.support.waiting import settle
from tests.ui.changes_support import (
    flow_finished,
    open_detail,
    screen_is,
    stored,
    type_into,
    until,
)
from tui.ui.screens.bulk import BulkScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.status_line import StatusLine

SIZE = (80, 24)


def status_error(app: Any) -> str:
    """What the status line's error part says (the one of the screen under any dialog)."""
    line = next(s for s in reversed(app.screen_stack) if s.query(StatusLine)).query_one(StatusLine)
    return str(line.parts["error"])


def summary(search: SearchScreen) -> str:
    return str(search.query_one("#summary", Label).render())


async def test_a_save_that_works_clears_the_error_of_the_one_that_failed(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-restriction", "mars")  # well-formed; the server says no
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, EditScreen) and bool(app.screen.server_errors),
            "the 400",
        )
        assert "Could not save" in status_error(app)
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-restriction", "de")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        assert stored(sandbox_app, "10000001")["restriction"] == "de"
        assert status_error(app) == "", "the save worked: the old error must go"


async def test_the_404_of_a_deleted_customer_goes_when_the_agent_goes_back(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, SearchScreen)
        await settle(pilot)
        sandbox_app.state.sandbox.store.delete("10000006")
        app.open_customer("10000006")
        detail = await screen_is(pilot, DetailScreen)
        await until(pilot, lambda: bool(app.last_error), "the 404")
        assert "does not exist" in status_error(app)
        await pilot.press("escape")
        await screen_is(pilot, SearchScreen)
        await settle(pilot)
        assert not detail.is_attached
        assert status_error(app) == "", "back on the list, the 404 is history"


async def test_escape_clears_the_marks_and_the_count(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await settle(pilot, lambda: search.table.row_count > 5)
        search.table.focus()
        await pilot.press("space", "down", "space", "down", "space")
        assert "3 marked" in summary(search)
        await pilot.press("escape")
        assert search.marked == set()
        assert "marked" not in summary(search)


async def test_after_a_bulk_hold_the_count_follows_the_marks(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await settle(pilot, lambda: search.table.row_count > 5)
        search.table.focus()
        await pilot.press("space", "down", "space")
        assert "2 marked" in summary(search)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        bulk = await screen_is(pilot, BulkScreen)
        await until(pilot, lambda: not bulk.running, "the bulk hold")
        await pilot.press("escape")
        await flow_finished(pilot)
        assert search.marked == set()
        assert "marked" not in summary(search)
