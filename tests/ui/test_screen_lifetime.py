"""A closed detail screen leaves memory: nothing the app keeps (its watchers, its timers) holds it."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tests.ui.record_support import PAUL, kibo_app, open_record
from tests.ui.test_detail import open_customer
from tui.ui.screen_lifetime import detached


def alive(screens: list[weakref.ref[Screen[Any]]]) -> int:
    gc.collect()
    return sum(ref() is not None for ref in screens)


async def test_closed_customer_details_are_freed(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        opened: list[weakref.ref[Screen[Any]]] = []
        for number in ("10000001", "10000002", "10000003", "10000004", "10000005"):
            detail = await open_customer(pilot, number)
            await pilot.press("2", "5")  # its tabs drawn, as an agent reads them
            await settle(pilot)
            opened.append(weakref.ref(detail))
            del detail
            await pilot.press("escape")
            await settle(pilot)
        # At most the last one stays a while: the list's message loop holds the last message it
        # handled (this screen's RecordLoaded) until the next one comes.
        assert alive(opened[:-1]) == 0


async def test_closed_kibo_details_are_freed(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        opened: list[weakref.ref[Screen[Any]]] = []
        for _ in range(3):
            detail = await open_record(pilot, "user", PAUL)
            opened.append(weakref.ref(detail))
            del detail
            await pilot.press("escape")
            await settle(pilot)
        assert alive(opened[:-1]) == 0


async def test_a_detached_request_runs_outside_the_callers_context_and_is_cancelled_with_it() -> (
    None
):
    screen_var: contextvars.ContextVar[str] = contextvars.ContextVar("screen", default="none")
    screen_var.set("the detail screen")
    seen: list[str] = []
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def request() -> str:
        seen.append(screen_var.get())
        return "answer"

    assert await detached(request()) == "answer"
    assert seen == ["none"], "the request does not see (nor keep) the caller's context"

    async def slow() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    caller = asyncio.create_task(detached(slow()))
    await started.wait()
    caller.cancel()
    await cancelled.wait()  # closing the screen cancels its worker, and so the request
    with pytest.raises(asyncio.CancelledError):
        await caller
