"""A Kibo profile's app opens with what the CLI's connection check read, over a loopback socket."""

from __future__ import annotations

import logging

import pytest
from textual.widgets import Label

from tests.support.waiting import settle
from tui.config.connection import Connection
from tui.connect.preflight import check_connection
from tui.sandbox.kibo import CLIENT_ID, PREFIX, SECRET, SITE_ID, TENANT_ID
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.records import RecordListScreen


def requests_sent(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("-> ")]


async def test_the_account_list_opens_with_the_checks_token_and_first_page(
    live_sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Neither a second sign-in nor a second first page: the list shows the check's page, the
    next page is read from where it ends, and a typed search still asks the server."""
    connection = Connection(
        name="b2b", platform="kibo", api_url=live_sandbox_url + PREFIX, tenant=TENANT_ID,
        site=SITE_ID, client_id=CLIENT_ID, client_secret=SECRET, label="B2B",
    )  # fmt: skip
    checked = await check_connection(connection)
    assert checked.kibo_token is not None and checked.first_accounts is not None
    caplog.set_level(logging.DEBUG, logger="tui.kibo.http")
    caplog.clear()  # the check's own requests
    app = CustomerTuiApp(connection, checked=checked)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(
            pilot,
            lambda: isinstance(app.screen, RecordListScreen) and app.screen.table.row_count > 0,
        )
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RecordListScreen)
        assert requests_sent(caplog) == []
        assert app.access is not None and app.access.can_change and not app.read_only
        first = {account.id for account in checked.first_accounts.items or []}
        assert {record.id for record in screen.table.records} == first
        assert "60 of 308 accounts" in str(screen.query_one("#summary", Label).render())

        screen.table.focus()
        await pilot.press("end")
        await settle(pilot, lambda: screen.table.row_count > 60)
        sent = requests_sent(caplog)
        assert len(sent) == 1 and "startIndex=60" in sent[0]

        await pilot.press("slash", *"northwind", "enter")
        await settle(pilot, lambda: not screen.is_searching and screen.query_text == "northwind")
        # Typing searches as it goes (at most one wave per 120 ms): the last asks for the word.
        searches = requests_sent(caplog)[1:]
        assert searches and "northwind" in searches[-1]
