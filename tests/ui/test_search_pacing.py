"""Typing paces its searches on both platforms: the first key at once, at most one search per 120 ms
of typing, the last text always searched, and an older search in flight never shown over a newer."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.support.services import sandbox_service
from tests.support.waiting import settle, until
from tests.ui.conftest import sandbox_connection
from tests.ui.record_support import kibo_app
from tui.emporix.query import plan_search
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.records import RecordListScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.search_pacing import INTERVAL_SECONDS, SearchPacer
from tui.ui.widgets.customer_table import CustomerTable


class Recorder:
    """The sandbox as it is, noting every customer search or list request it answers (and its
    `q`), optionally holding back the searches `hold(q)` picks until `release` is set."""

    def __init__(self, app: Any, hold: Callable[[str], bool] = lambda _q: False) -> None:
        self.app, self.hold = app, hold
        self.queries: list[str | None] = []
        self.held = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/customer/"):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" and path.endswith("/customers"):
            self.queries.append(None)
        elif scope["method"] == "POST" and path.endswith("/search"):
            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            q = json.loads(body or b"{}").get("q", "")
            self.queries.append(q)
            if self.hold(q):
                self.held.set()
                await self.release.wait()

            async def replay() -> dict[str, Any]:
                return {"type": "http.request", "body": body, "more_body": False}

            receive = replay
        await self.app(scope, receive, send)


def assert_paced(pacer: SearchPacer, typed_for: float) -> None:
    """At most one search per interval, so at most ceil(typing time / interval) + 1 of them."""
    moments = [moment for moment, _text in pacer.sent]
    gaps = [later - earlier for earlier, later in itertools.pairwise(moments)]
    assert all(gap >= pacer.interval for gap in gaps), gaps
    assert len(moments) <= math.ceil(typed_for / INTERVAL_SECONDS) + 1


@asynccontextmanager
async def search_screen(recorder: Recorder) -> AsyncIterator[tuple[Pilot[Any], SearchScreen]]:
    """The app on the sandbox behind `recorder`, settled on its search screen."""
    service = sandbox_service(recorder)
    app = CustomerTuiApp(sandbox_connection(), service=service)
    async with service, app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        yield pilot, screen


def numbers(screen: SearchScreen) -> list[str]:
    return [str(c.customer_number) for c in screen.query_one(CustomerTable).customers]


async def test_typing_a_name_quickly_sends_a_search_per_interval_at_most_and_shows_the_last(
    sandbox_app: Any,
) -> None:
    recorder = Recorder(sandbox_app)
    async with search_screen(recorder) as (pilot, screen):
        before = len(recorder.queries)
        screen.query_one("#search", Input).focus()
        started = time.monotonic()
        await pilot.press(*"Tanaka")
        typed_for = time.monotonic() - started
        await settle(pilot, lambda: not screen.pacer.waiting and not screen.is_searching)
        await settle(pilot)
        assert_paced(screen.pacer, typed_for)
        searched = [text for _moment, text in screen.pacer.sent]
        assert searched[0] == "T", "the first key searches at once, without a debounce"
        assert searched[-1] == "Tanaka", "the last key is always searched"
        assert screen.query_text == "Tanaka"
        assert "10000005" in numbers(screen)
        # What the sandbox was asked is those searches' queries, none other.
        sent = {q for text in searched for q in plan_search(text).queries}
        assert set(recorder.queries[before:]) == sent


async def test_keys_within_the_interval_wait_as_one_search_for_the_newest_text_and_enter_sends_it(
    sandbox_app: Any,
) -> None:
    recorder = Recorder(sandbox_app)
    async with search_screen(recorder) as (pilot, screen):
        screen.pacer.interval = 3600.0  # however slow this machine is, every key is within it
        screen.query_one("#search", Input).focus()
        await pilot.press(*"Dubois")
        await settle(pilot, lambda: not screen.is_searching)
        assert [text for _m, text in screen.pacer.sent] == ["D"]
        assert screen.pacer.waiting, "the newest text waits for the interval"
        await pilot.press("enter")
        await settle(pilot, lambda: not screen.is_searching and not screen.pacer.waiting)
        assert [text for _m, text in screen.pacer.sent] == ["D", "Dubois"]
        assert screen.query_text == "Dubois"
        assert numbers(screen)[0] == "10000003"  # Marie Dubois


async def test_a_search_still_in_flight_never_paints_over_the_newer_one(sandbox_app: Any) -> None:
    recorder = Recorder(sandbox_app, hold=lambda q: "ubois" in q)
    async with search_screen(recorder) as (pilot, screen):
        box = screen.query_one("#search", Input)
        box.value = "Dubois"
        await until(pilot, recorder.held.is_set, "the Dubois search to reach the sandbox")
        box.value = "Tanaka"
        await until(
            pilot,
            lambda: screen.query_text == "Tanaka" and not screen.is_searching,
            "the Tanaka results",
        )
        tanaka = numbers(screen)
        assert "10000005" in tanaka
        recorder.release.set()  # the older answer arrives after the newer one is shown
        await settle(pilot)
        assert numbers(screen) == tanaka
        assert screen.query_text == "Tanaka"


async def test_kibo_account_search_is_paced_the_same_way(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RecordListScreen), "the list")
        screen = app.screen
        assert isinstance(screen, RecordListScreen)
        await settle(pilot, lambda: not screen.is_searching and screen.table.row_count > 0)
        screen.query_one("#search", Input).focus()
        started = time.monotonic()
        await pilot.press(*"northwind")
        typed_for = time.monotonic() - started
        await settle(pilot, lambda: not screen.pacer.waiting and not screen.is_searching)
        assert_paced(screen.pacer, typed_for)
        searched = [text for _moment, text in screen.pacer.sent]
        assert searched[0] == "n" and searched[-1] == "northwind"
        assert screen.query_text == "northwind"
        names = {a.company_or_organization for a in screen.table.records}
        assert names and all("Northwind" in name for name in names)


async def test_a_key_a_moment_before_the_interval_ends_is_still_searched(
    sandbox_app: Any, monkeypatch: Any
) -> None:
    """A key that lands a hair before the interval is over waits that hair. Textual's one-shot
    timer drops a wait so short (it finds its deadline passed before its first look and ends
    without firing), which left the typed text unsearched, and every later key with it."""
    recorder = Recorder(sandbox_app)
    async with search_screen(recorder) as (pilot, screen):
        pacer = screen.pacer
        now = time.monotonic()
        pacer._last_sent = now - pacer.interval + 1e-9  # the interval ends 1 ns after `now`
        real, clock = time.monotonic, iter([now])
        monkeypatch.setattr("tui.ui.search_pacing.time.monotonic", lambda: next(clock, real()))
        pacer.typed("Tanaka")
        assert pacer.waiting
        monkeypatch.undo()
        await settle(pilot, lambda: not pacer.waiting and not screen.is_searching)
        assert [text for _moment, text in pacer.sent][-1:] == ["Tanaka"]
        assert screen.query_text == "Tanaka"
        assert "10000005" in numbers(screen)
