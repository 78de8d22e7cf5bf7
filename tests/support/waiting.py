"""Waiting on the app, never on the clock: its workers, its message queues, its state."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str = "") -> None:
    """Process the app's messages until `condition()` holds. Flows wait on modal screens, so
    waiting for all workers to finish would wait forever; this waits on the app's state."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if condition():
            return
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.005)
    raise AssertionError(f"timed out waiting for {what or condition}")


async def settle(pilot: Pilot[Any], condition: Callable[[], bool] | None = None) -> None:
    """Let workers finish and their messages land; optionally until `condition()` holds.

    Waits on the app (its workers and message queues). It loops because a finished worker may
    start another (the next page), and a debounce timer starts its search a moment later.
    """
    app = pilot.app
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(w.is_running for w in app.workers)
        if (condition is None and not busy) or (condition is not None and condition()):
            # Tab underlines slide; a screenshot must not catch them halfway.
            await pilot.wait_for_scheduled_animations()
            return
        # Yield to timers (the debounce) without assuming how long they take.
        await pilot.pause(0.01)
    raise AssertionError("the app did not settle")
