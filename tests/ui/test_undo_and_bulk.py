"""Undo undoes the agent's latest change, checked against the versions their own changes
produced; a bulk change is undone as one; a bulk retry sends only what can work (Pilot, sandbox)."""

from __future__ import annotations

from typing import Any

from tests.ui.changes_support import (
    flow_finished,
    journal,
    open_detail,
    screen_is,
    stored,
    type_into,
    until,
)
from tui.ui.screens.bulk import BulkScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.search import SearchScreen

SIZE = (100, 30)


async def _confirm(pilot: Any, key: str) -> ConfirmScreen:
    await pilot.press(key)
    confirm = await screen_is(pilot, ConfirmScreen)
    await pilot.press("enter")
    await flow_finished(pilot)
    return confirm


async def _undo(pilot: Any) -> tuple[str, str]:
    """`u`, then save the review; returns its title and the hint that says what Esc does."""
    await pilot.press("u")
    review = await screen_is(pilot, ReviewScreen)
    said = review.title_text, str(review.query(".note").last().render())
    await pilot.press("ctrl+s")
    await flow_finished(pilot)
    return said


async def _mark(pilot: Any, search: SearchScreen, numbers: list[str]) -> None:
    search.table.focus()
    rows = [c.customer_number for c in search.table.customers]
    for number in numbers:
        search.table.move_cursor(row=rows.index(number))
        await pilot.press("space")


async def _bulk(pilot: Any) -> BulkScreen:
    bulk = await screen_is(pilot, BulkScreen)
    await until(pilot, lambda: not bulk.running, "the bulk change")
    return bulk


async def test_undoing_two_of_my_own_changes_in_a_row_is_no_conflict(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000003")  # Marie Dubois: on hold, active
        await _confirm(pilot, "h")  # release
        await _confirm(pilot, "i")  # deactivate
        title, hint = await _undo(pilot)
        assert "deactivate" in title
        assert "Esc cancel the undo" in hint and "form" not in hint, "an undo has no form"
        assert not isinstance(app.screen, ConflictScreen)
        title, _hint = await _undo(pilot)
        assert "release" in title
        assert not isinstance(app.screen, ConflictScreen), "a conflict with my own change"
    doc = stored(sandbox_app, "10000003")
    assert doc["onHold"] is True and doc.get("active", True) is True
    assert [e.outcome for e in journal()] == ["done"] * 4


async def test_u_after_a_bulk_hold_undoes_the_bulk_hold_as_one(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        # An older edit of another customer, which u must not offer next.
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-company", "Smith Ltd")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        await pilot.press("escape")
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: "10000005" in search.table, "the list")
        await _mark(pilot, search, ["10000002", "10000005"])
        await _confirm_bulk(pilot)
        await pilot.press("u")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text == "Undo your bulk hold of 2 customers?"
        await pilot.press("enter")
        bulk = await _bulk(pilot)
        assert [o.outcome for o in bulk.summary.outcomes] == ["done", "done"]
        await pilot.press("escape")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000002")["onHold"] is False
    assert stored(sandbox_app, "10000005")["onHold"] is False
    assert stored(sandbox_app, "10000001")["company"] == "Smith Ltd", "the older edit stays"
    assert [(e.action, e.outcome) for e in journal()[:2]] == [("undo", "done")] * 2


async def _confirm_bulk(pilot: Any) -> None:
    await pilot.press("h")
    await screen_is(pilot, ConfirmScreen)
    await pilot.press("enter")
    await _bulk(pilot)
    await pilot.press("escape")
    await flow_finished(pilot)


async def test_bulk_retry_leaves_out_what_cannot_work_and_says_so(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    notes: list[str] = []
    original = app.notify
    app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: "10000006" in search.table, "the list")
        await _mark(pilot, search, ["10000003", "10000005", "10000006"])  # 10000003 is on hold
        sandbox_app.state.sandbox.store.delete("10000006")  # gone since the list was read
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text == "Put 2 customers on hold?"
        assert "1 marked customer is on hold already" in str(confirm.body)
        await pilot.press("enter")
        bulk = await _bulk(pilot)
        outcomes = {o.number: o.outcome for o in bulk.summary.outcomes}
        assert outcomes == {"10000005": "done", "10000006": "failed"}
        assert "r retry" not in str(bulk.query_one("#hint").render())
        sent = len(journal())
        await pilot.press("r")
        await pilot.pause()
        assert not bulk.running and len(journal()) == sent, "a 404 cannot work by retrying"
        assert any("1 failed for good" in n for n in notes)
        await pilot.press("escape")
        await flow_finished(pilot)


async def test_one_customer_is_one_customer(make_app: Any, sandbox_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: "10000005" in search.table, "the list")
        await _mark(pilot, search, ["10000003", "10000005"])
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text == "Put 1 customer on hold?"
        await pilot.press("escape")
        await flow_finished(pilot)
