"""On the embedded sandbox the app goes on with the sandbox, token and first page the CLI's check opened."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.support.waiting import settle
from tui.config.connection import Connection
from tui.connect.preflight import check_connection
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.records import RecordListScreen
from tui.ui.screens.search import SearchScreen


def requests_sent(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("-> ")]


async def test_the_customer_list_opens_on_the_checks_sandbox_without_asking_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    connection = Connection.sandbox_default(data_path=tmp_path / "sandbox.sqlite3")
    checked = await check_connection(connection)
    assert checked.sandbox is not None and checked.first_page is not None
    caplog.set_level(logging.DEBUG, logger="tui.emporix.http")
    caplog.clear()  # the check's own requests
    app = CustomerTuiApp(connection, checked=checked)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(
            pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.table.row_count > 0
        )
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        # The check's token is valid only in the sandbox that issued it: this is that sandbox.
        assert requests_sent(caplog) == [] and app.service.auth.token_requests == 0
        first = [c.number for c in checked.first_page.items]
        assert [c.number for c in screen.table.customers] == first
        await pilot.press("slash", *"smith", "enter")
        await settle(pilot, lambda: not screen.is_searching and screen.query_text == "smith")
        assert requests_sent(caplog) and "mith" in screen.table.customers[0].display_name


async def test_the_kibo_side_opens_on_the_checks_sandbox_without_asking_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    connection = Connection.sandbox_default(platform="kibo", data_path=tmp_path / "sandbox.sqlite3")
    checked = await check_connection(connection)
    assert checked.sandbox is not None and checked.first_accounts is not None
    caplog.set_level(logging.DEBUG, logger="tui.kibo.http")
    caplog.clear()
    app = CustomerTuiApp(connection, checked=checked)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(
            pilot,
            lambda: isinstance(app.screen, RecordListScreen) and app.screen.table.row_count > 0,
        )
        screen = app.screen
        assert isinstance(screen, RecordListScreen)
        assert requests_sent(caplog) == []
        first = {account.id for account in checked.first_accounts.items or []}
        assert {record.id for record in screen.table.records} == first
