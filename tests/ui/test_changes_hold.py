"""Hold, release, active/inactive and undo through the Pilot against the sandbox."""

from __future__ import annotations

from typing import Any

from tests.ui.changes_support import (
    flow_finished,
    journal,
    open_detail,
    screen_is,
    stored,
    until,
)
from tui.ui.flows import customer as changes
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.search import SearchScreen

SIZE = (80, 24)


async def _hold_with_reason(pilot: Any, reason: str) -> None:
    await pilot.press("h")
    confirm = await screen_is(pilot, ConfirmScreen)
    assert confirm.title_text.startswith("Put John Smith")
    await pilot.press("tab")
    pilot.app.screen.query_one("#reason").value = reason
    await pilot.press("enter")
    await flow_finished(pilot)


async def test_hold_from_detail_is_confirmed_saved_shown_and_journaled(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        await _hold_with_reason(pilot, "fraud ticket 7")
        assert detail.customer.on_hold is True
        assert detail.customer.status == "On hold"
    assert stored(sandbox_app, "10000001")["onHold"] is True
    entry = journal()[0]
    assert (entry.action, entry.outcome, entry.reason) == ("hold", "done", "fraud ticket 7")
    assert {k: (c.before, c.after) for k, c in entry.changes.items()} == {"onHold": (False, True)}


async def test_hold_cancelled_with_n_changes_nothing(make_app: Any, sandbox_app: Any) -> None:
    version = stored(sandbox_app, "10000001")["metadata"]["version"]
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("n")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["metadata"]["version"] == version
    assert journal() == []


async def test_release_from_the_list_refreshes_the_row(make_app: Any, sandbox_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: "10000003" in search.table, "the list")
        search.table.focus()
        numbers = [c.customer_number for c in search.table.customers]
        search.table.move_cursor(row=numbers.index("10000003"))
        await pilot.pause()
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text.startswith("Release Marie Dubois")
        await pilot.press("enter")
        await flow_finished(pilot)
        await until(
            pilot,
            lambda: (
                search.highlighted_customer is not None
                and search.highlighted_customer.on_hold is False
            ),
            "the row to show the release",
        )
    assert stored(sandbox_app, "10000003")["onHold"] is False
    assert journal()[0].action == "release"


async def test_undo_puts_back_what_the_hold_replaced(make_app: Any, sandbox_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        await _hold_with_reason(pilot, "")
        await pilot.press("u")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.label, d.before, d.after) for d in review.diffs] == [("On hold", True, False)]
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        assert detail.customer.on_hold is False
    assert stored(sandbox_app, "10000001")["onHold"] is False
    assert [e.action for e in journal()] == ["undo", "hold"]
    assert [e.outcome for e in journal()] == ["done", "done"]


async def test_undo_stops_at_a_conflict_and_keeps_the_colleagues_change(
    make_app: Any, make_service: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await _hold_with_reason(pilot, "")
        colleague = await make_service("demo-agent")
        seen = await colleague.get_customer("10000001")
        await colleague.update_customer(seen, seen.edited(last_name="Smith-Jones"))
        await pilot.press("u")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        conflict = await screen_is(pilot, ConflictScreen)
        assert [(r.label, r.was, r.server, r.yours) for r in conflict.rows] == [
            ("On hold", True, True, False)
        ]
        assert conflict.others == ["Last name"]
        await pilot.press("r")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
    doc = stored(sandbox_app, "10000001")
    assert (doc["onHold"], doc["lastName"]) == (False, "Smith-Jones")
    assert [e.outcome for e in journal()][:2] == ["done", "conflict"]


async def test_undo_with_nothing_to_undo_says_so(make_app: Any) -> None:
    app = await make_app()
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]  # type: ignore[method-assign]
        await pilot.press("u")
        await flow_finished(pilot)
        assert app.screen is detail
    assert any("Nothing to undo" in n for n in notes)


async def test_deactivate_and_activate_are_confirmed_and_journaled(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000004")  # Carlos Mendoza, inactive
        detail.run_worker(changes.set_active(detail, detail.customer), group="change")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text.startswith("Activate Carlos Mendoza")
        await pilot.press("enter")
        await flow_finished(pilot)
        assert detail.customer.active is True
    assert stored(sandbox_app, "10000004")["active"] is True
    assert journal()[0].action == "activate"


async def test_a_second_change_waits_for_the_open_one(make_app: Any, sandbox_app: Any) -> None:
    from tui.ui.screens.edit import EditScreen

    app = await make_app()
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]  # type: ignore[method-assign]
        detail.run_worker(
            changes.hold_customers(detail, [detail.customer]),
            group="change",
            description="hold or release",
        )
        await until(pilot, lambda: bool(notes), "the refusal")
        assert app.screen is form, "no second dialog stacked on the open form"
        assert "finish “edit customer” first" in notes[0]
        await pilot.press("escape")
        await flow_finished(pilot)
    assert stored(sandbox_app, "10000001")["onHold"] is False
