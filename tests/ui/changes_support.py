"""Helpers for the change-flow Pilot tests: wait on the app, open a customer, read the journal."""

from __future__ import annotations

import time
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from tests.support.waiting import until as until
from tui.core.journal import Journal, JournalEntry
from tui.ui.app import CustomerTuiApp
from tui.ui.type_ahead import guard_of


def flows_running(app: CustomerTuiApp) -> bool:
    return any(w.is_running and w.group in ("change", "bulk") for w in app.workers)


async def flow_finished(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, CustomerTuiApp)
    await until(pilot, lambda: not flows_running(app), "the change flow to finish")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def screen_is(pilot: Pilot[Any], kind: type[Screen[Any]]) -> Any:
    """Wait until a `kind` screen is on top and (a dialog) takes keys: the type-ahead guard
    drops keys pressed in its first moments, as it would an agent's typed-ahead ones."""
    await until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)
    await pilot.pause()
    await keys_count(pilot)
    return pilot.app.screen


async def keys_count(pilot: Pilot[Any]) -> None:
    """Wait on the current screen's type-ahead guard (if any) until a key pressed now counts."""
    guard = guard_of(pilot.app.screen)
    if guard is not None:
        await until(pilot, lambda: guard.armed(time.monotonic()), "the type-ahead guard")


async def open_detail(pilot: Pilot[Any], number: str) -> Any:
    """Open the detail screen of `number` and wait until the customer is loaded."""
    from tui.ui.screens.detail import DetailScreen

    app = pilot.app
    assert isinstance(app, CustomerTuiApp)
    await until(pilot, lambda: app.scopes is not None, "sign-in")
    app.open_customer(number)
    screen = await screen_is(pilot, DetailScreen)
    await until(pilot, lambda: screen.customer is not None, f"customer {number} to load")
    return screen


async def type_into(pilot: Pilot[Any], selector: str, text: str, *, keys: bool = False) -> Input:
    """Replace the text of an input: key by key when `keys` (as an agent types), else at once
    (the same Changed message and validation, without a full repaint per character)."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    if keys and text:
        await pilot.press(*list(text))
    else:
        field.value = text
    await pilot.pause()
    return field


def journal() -> list[JournalEntry]:
    """Everything written to the (test-isolated) journal, newest first."""
    return Journal().recent(1000)


def stored(sandbox_app: Any, number: str) -> dict[str, Any]:
    """The customer as the sandbox stores it, bypassing every client."""
    doc = sandbox_app.state.sandbox.store.get(number)
    assert doc is not None, f"{number} is not in the sandbox"
    return dict(doc)
