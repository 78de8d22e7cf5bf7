"""A closed detail screen leaves memory: nothing the app keeps (its watchers, its timers) holds it."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

from textual.screen import Screen

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tests.ui.record_support import PAUL, kibo_app, open_record
from tests.ui.test_detail import open_customer


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
