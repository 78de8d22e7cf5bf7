"""A confirmed change in flight finishes and is journalled, whatever the agent presses meanwhile."""

from __future__ import annotations

from typing import Any

from tests.ui.changes_support import flow_finished, journal, open_detail, screen_is, stored, until
from tui.core.journal import UNKNOWN
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.search import SearchScreen

SIZE = (80, 24)


async def _confirm_hold_slowly(pilot: Any, sandbox_app: Any, number: str) -> None:
    """`h`, Enter, and wait until the PATCH is on its way to a server that answers slowly."""
    await pilot.press("h")
    await screen_is(pilot, ConfirmScreen)
    sandbox_app.state.sandbox.faults.latency_ms = 400
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.busy_text.startswith("Saving"), "⟳ Saving")


async def test_esc_while_saving_a_hold_leaves_the_hold_saved_journalled_and_told(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000002")
        await _confirm_hold_slowly(pilot, sandbox_app, "10000002")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "back on the list")
        await flow_finished(pilot)
        sandbox_app.state.sandbox.faults.latency_ms = 0
        told = [str(n.message) for n in app._notifications]
    assert stored(sandbox_app, "10000002")["onHold"] is True
    entry = journal()[0]
    assert (entry.action, entry.outcome, entry.customer_number) == ("hold", "done", "10000002")
    assert any("On hold" in m for m in told), told


async def test_a_change_cancelled_mid_request_is_journalled_as_maybe_saved(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000002")
        await _confirm_hold_slowly(pilot, sandbox_app, "10000002")
        # What nothing in the app may do any more, but quitting still does: end the worker.
        for worker in app.workers:
            if worker.group == "change":
                worker.cancel()
        await flow_finished(pilot)
        sandbox_app.state.sandbox.faults.latency_ms = 0
        told = [(n.title, str(n.message)) for n in app._notifications]
        assert isinstance(app.screen, DetailScreen)
    entry = journal()[0]
    assert (entry.action, entry.outcome) == ("hold", UNKNOWN)
    assert "may have been saved" in (entry.message or "")
    assert any("may have been saved" in m for _t, m in told), told
