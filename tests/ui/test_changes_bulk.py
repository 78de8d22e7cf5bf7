"""Bulk hold from the list with injected failures and a conflict; read-only; the Activity screen."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Static

from tests.ui.changes_support import flow_finished, journal, open_detail, screen_is, stored, until
from tui.ui.flows import customer as changes
from tui.ui.screens.activity import ActivityScreen, entry_details
from tui.ui.screens.bulk import BulkScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.search import SearchScreen

SIZE = (100, 30)


async def test_bulk_hold_of_50_reports_done_conflict_and_failed_per_customer(
    make_app: Any, make_service: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: search.table.row_count >= 50, "50 rows")
        search.table.focus()
        search.table.move_cursor(row=0)
        for _ in range(3):  # as the agent does it ...
            await pilot.press("space", "down")
        for row in range(3, 50):  # ... and the rest without repainting after every key
            search.table.move_cursor(row=row)
            search.table.toggle_mark()
        await pilot.pause()
        marked = [c.customer_number for c in search.marked_customers()]
        assert len(marked) == 50
        todo = [n for n in marked if not stored(sandbox_app, n).get("onHold")]
        raced = todo[7]
        colleague = await make_service("demo-agent")
        seen = await colleague.get_customer(raced)
        await colleague.update_customer(seen, seen.edited(last_name="Changed Meanwhile"))

        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text == f"Put {len(todo)} customers on hold?"
        sandbox_app.state.sandbox.faults.error_rate = 0.3
        await pilot.press("enter")
        bulk = await screen_is(pilot, BulkScreen)
        await until(pilot, lambda: not bulk.running and len(bulk.outcomes) == len(todo), "bulk")
        sandbox_app.state.sandbox.faults.error_rate = 0.0

        outcomes = {o.number: o for o in bulk.summary.outcomes}
        assert set(outcomes) == set(todo)
        # Which request gets an injected failure is chance: the raced one may fail before it
        # can conflict; the retry below settles it.
        assert outcomes[raced].outcome in ("conflict", "failed")
        failed = [n for n, o in outcomes.items() if o.outcome == "failed"]
        assert failed, "with 30% injected 500/503 answers some must fail"
        for number, outcome in outcomes.items():
            doc = stored(sandbox_app, number)
            assert doc.get("onHold") is (outcome.outcome == "done"), number
        assert all(("500" in outcomes[n].message or "503" in outcomes[n].message) for n in failed)
        assert stored(sandbox_app, raced)["lastName"] == "Changed Meanwhile"
        summary = str(bulk.query_one("#summary", Static).render())
        assert summary.startswith("Not everything worked")
        assert f"{len(failed)} failed" in summary

        await pilot.press("r")  # retry the failed ones, now without faults
        await until(pilot, lambda: not bulk.running and bulk.summary.counts["failed"] == 0, "retry")
        assert bulk.summary.counts["done"] == len(todo) - 1
        assert {o.number for o in bulk.summary.outcomes if o.outcome == "conflict"} == {raced}
        assert "since the list was loaded" in outcomes[raced].message or raced in failed
        await pilot.press("escape")
        await flow_finished(pilot)
        assert search.marked == {raced} | (set(marked) - set(todo)), "done ones are unmarked"

    entries = [e for e in journal() if e.action == "hold"]
    assert sorted(e.customer_number for e in entries if e.outcome == "done") == sorted(
        n for n in todo if n != raced
    )
    assert [e.customer_number for e in entries if e.outcome == "conflict"] == [raced]
    assert sorted(e.customer_number for e in entries if e.outcome == "failed") == sorted(failed)


@pytest.mark.parametrize(
    ("client_id", "read_only", "reason"),
    [
        ("demo-viewer", False, "customer.customer_manage"),
        ("demo-agent", True, "read-only"),
    ],
)
async def test_read_only_offers_no_change_and_refuses_with_the_reason(
    make_app: Any, sandbox_app: Any, client_id: str, read_only: bool, reason: str
) -> None:
    version = stored(sandbox_app, "10000006")["metadata"]["version"]
    app = await make_app(client_id, read_only=read_only)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000006")
        assert app.read_only and reason in app.read_only_reason
        for key in ("e", "h", "d", "a", "u"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is detail, f"{key} must do nothing in read-only"
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))[1]  # type: ignore[method-assign]
        for flow in (changes.edit_customer, changes.delete_customer, changes.assign_account):
            detail.run_worker(flow(detail, detail.customer), group="change")
        detail.run_worker(changes.hold_customers(detail, [detail.customer]), group="change")
        detail.run_worker(changes.create_customer(detail), group="change")
        await flow_finished(pilot)
        assert app.screen is detail and not isinstance(app.screen, EditScreen)
    assert len([n for n in notes if "read-only" in n and reason in n]) == 5
    assert stored(sandbox_app, "10000006")["metadata"]["version"] == version
    assert journal() == []


async def test_activity_lists_my_changes_newest_first_and_opens_one(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000006")
        for _ in range(2):  # hold, then release
            await pilot.press("h")
            await screen_is(pilot, ConfirmScreen)
            await pilot.press("enter")
            await flow_finished(pilot)
        await pilot.press("escape")
        search = await screen_is(pilot, SearchScreen)
        search.table.focus()
        await pilot.press("A")
        activity = await screen_is(pilot, ActivityScreen)
        assert [(e.action, e.customer_number) for e in activity.entries] == [
            ("release", "10000006"),
            ("hold", "10000006"),
        ]
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(entry_details(activity.entries[0]))
        detail_text = console.export_text()
        assert "release #10000006" in detail_text and "DONE" in detail_text
        assert "On hold" in detail_text or "onHold" in detail_text
        await pilot.press("enter")
        detail = await screen_is(pilot, DetailScreen)
        await flow_finished(pilot)
        assert detail.number == "10000006"


async def test_bulk_release_when_every_marked_customer_is_on_hold(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        search.table.focus()
        await pilot.press("f2")  # only customers on hold
        await until(
            pilot,
            lambda: search.table.row_count >= 3 and all(c.on_hold for c in search.table.customers),
            "the on-hold filter",
        )
        search.table.move_cursor(row=0)
        await pilot.press("space", "down", "space", "down", "space")
        marked = [c.customer_number for c in search.marked_customers()]
        assert len(marked) == 3
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text == "Release 3 customers from hold?"
        await pilot.press("enter")
        bulk = await screen_is(pilot, BulkScreen)
        await until(pilot, lambda: not bulk.running and len(bulk.outcomes) == 3, "bulk")
        assert bulk.summary.line == "3 done"
        await pilot.press("escape")
        await flow_finished(pilot)
        assert search.marked == set()
    assert [stored(sandbox_app, n)["onHold"] for n in marked] == [False, False, False]
    assert {e.action for e in journal()} == {"release"}


async def test_activity_shows_the_port_of_the_api_and_the_time_zone(
    sandbox_app: Any, live_sandbox_url: str
) -> None:
    import httpx

    from tests.ui.conftest import sandbox_connection
    from tui.emporix.client import CustomerService
    from tui.sandbox import DEMO_SECRET, TENANT
    from tui.ui.app import CustomerTuiApp
    from tui.ui.screens.activity import zone_name

    port = httpx.URL(live_sandbox_url).port
    service = CustomerService(live_sandbox_url, TENANT, "demo-agent", DEMO_SECRET)
    app = CustomerTuiApp(sandbox_connection(), service=service)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000006")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert app.screen is detail
        await pilot.press("A")
        activity = await screen_is(pilot, ActivityScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(entry_details(activity.entries[0]))
        text = console.export_text()
        assert f"127.0.0.1:{port}" in text
        assert zone_name() and f" {zone_name()} · " in text
    await service.aclose()
