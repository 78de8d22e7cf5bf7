"""Hostile customers planted behind the API open, page, edit and list in the app without a crash."""

from __future__ import annotations

import os
import stat
import time
from typing import Any

from textual.widgets import Static

from tests.support.hostile import BIG_NUMBER, DEEP_NUMBER, NAN_NUMBER, deep, plant, plant_hostile
from tests.ui.changes_support import flow_finished, open_detail, screen_is, stored, type_into
from tui.ui.pager import view_file
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen

SIZE = (80, 24)


def body_text(screen: Any, tab: str) -> str:
    """What a tab shows, as plain text (its Rich tables rendered 200 columns wide)."""
    from rich.console import Console

    content = screen.query_one(f"#{tab}-body", Static).content
    if not hasattr(content, "__rich_console__"):
        return str(content)
    console = Console(width=200, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(content)
    return console.export_text()


async def test_a_deep_mixin_customer_opens_shows_its_raw_json_in_part_and_edits(
    make_app: Any, sandbox_app: Any
) -> None:
    plant(sandbox_app.state.sandbox.store, DEEP_NUMBER, mixins={"deep": deep(300)})
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, DEEP_NUMBER)
        await pilot.press("5")
        await pilot.pause()
        raw = body_text(detail, "raw")
        assert "Shown in part (nesting beyond 30 levels cut" in raw and "`o` opens it" in raw
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-first_name", "Deep", keys=True)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        assert app.screen is detail and detail.customer.first_name == "Deep"
    saved = stored(sandbox_app, DEEP_NUMBER)
    assert saved["firstName"] == "Deep" and saved["mixins"] == {"deep": deep(300)}


async def test_a_5_mb_company_opens_fast_cut_with_a_note_and_o_gives_it_whole(
    make_app: Any, sandbox_app: Any
) -> None:
    plant(sandbox_app.state.sandbox.store, BIG_NUMBER, company="Z" * 5_000_000)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        started = time.perf_counter()
        detail = await open_detail(pilot, BIG_NUMBER)
        await pilot.press("5")
        await pilot.pause()
        assert time.perf_counter() - started < 5  # was minutes for 10 MB
        assert "5.0 MB, shown in part; `o` opens it whole in the pager" in body_text(
            detail, "profile"
        )
        assert "long text(s) cut" in body_text(detail, "raw")
        # No terminal to hand to a pager under the test driver: the whole JSON goes to a private file.
        await pilot.press("o")
        await pilot.pause()
        path = view_file(f"customer-{BIG_NUMBER}.json")
        assert path.read_text(encoding="utf-8").count("Z") >= 5_000_000
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert any(str(path) in str(n.message) for n in app._notifications)


async def test_the_list_shows_the_hostile_customers_among_the_others(
    make_app: Any, sandbox_app: Any
) -> None:
    store = sandbox_app.state.sandbox.store
    plant(store, DEEP_NUMBER, mixins={"deep": deep(300)})
    plant(store, BIG_NUMBER, company="Z" * 5_000_000)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        from tests.support.waiting import settle

        await settle(pilot)
        table = app.screen.query_one("CustomerTable")
        assert DEEP_NUMBER in table and BIG_NUMBER in table
        await pilot.press("down", "pagedown", "pageup")
        await settle(pilot)


async def test_a_nan_planted_in_the_store_opens_and_lists(make_app: Any, sandbox_app: Any) -> None:
    plant_hostile(sandbox_app.state.sandbox.store)
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        from tests.support.waiting import settle

        await settle(pilot)
        table = app.screen.query_one("CustomerTable")
        assert NAN_NUMBER in table
        detail = await open_detail(pilot, NAN_NUMBER)
        await pilot.press("5")
        await pilot.pause()
        assert "score" in body_text(detail, "raw")


async def test_a_save_whose_read_back_fails_says_saved_with_a_warning_never_failed(
    sandbox_app: Any,
) -> None:
    import httpx

    from tests.support.hostile import fail_reads_after_a_patch
    from tests.ui.changes_support import journal
    from tests.ui.conftest import sandbox_connection
    from tui.emporix.client import CustomerService
    from tui.emporix.retry import RetryPolicy
    from tui.sandbox import DEMO_SECRET, TENANT
    from tui.ui.app import CustomerTuiApp

    async def no_wait(_seconds: float) -> None:
        return None

    service = CustomerService(
        "http://sandbox.local",
        TENANT,
        "demo-agent",
        DEMO_SECRET,
        transport=httpx.ASGITransport(app=fail_reads_after_a_patch(sandbox_app)),
        retry=RetryPolicy(sleep=no_wait),
    )
    app = CustomerTuiApp(sandbox_connection(), service=service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-first_name", "Saved", keys=True)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        notes = [(n.title, n.severity, str(n.message)) for n in app._notifications]
        assert ("Saved (not re-read)", "warning") in [(t, s) for t, s, _ in notes]
        assert any(t == "Saved" for t, _, _ in notes)
        assert not any(s == "error" and "save" in m.lower() for _, s, m in notes)
        assert app.last_error.startswith("Saved John Smith")
    await service.aclose()
    assert stored(sandbox_app, "10000001")["firstName"] == "Saved"
    assert journal()[0].outcome == "done"


async def test_nan_and_a_deep_mixin_from_a_plain_server_list_open_and_show_raw() -> None:
    import json

    import httpx

    from tests.support.hostile import plain_server
    from tests.support.waiting import settle
    from tests.ui.conftest import sandbox_connection
    from tui.emporix.client import CustomerService
    from tui.ui.app import CustomerTuiApp

    doc = {"customerNumber": "7", "lastName": "Nan", "mixins": {"x": float("nan")}}
    doc["mixins"]["deep"] = deep(400)
    server = plain_server(None, raw=json.dumps(doc).encode())
    service = CustomerService(
        "http://plain.local", "demo", "c", "s", transport=httpx.ASGITransport(app=server)
    )
    app = CustomerTuiApp(sandbox_connection(), service=service)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "7" in app.screen.query_one("CustomerTable")
        detail = await open_detail(pilot, "7")
        await pilot.press("5")
        await pilot.pause()
        raw = body_text(detail, "raw")
        assert '"x"' in raw and "nesting beyond 30 levels cut" in raw
        assert app.is_running
    await service.aclose()
