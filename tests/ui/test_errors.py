"""Errors reach the agent as words: 403 names the scope, 404 says missing or hidden, network says what failed."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Static

from tests.support.network import free_port
from tests.support.waiting import settle
from tests.ui.conftest import AppFactory, sandbox_connection
from tui.emporix.client import CustomerService
from tui.emporix.errors import Forbidden
from tui.sandbox import DEMO_SECRET, TENANT
from tui.ui.app import CustomerTuiApp
from tui.ui.errors import describe_error
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.status_line import StatusLine


def message_text(app: Any) -> str:
    return str(app.screen.query_one("#message", Static).render())


def status_error(app: Any) -> str:
    return app.screen.query_one(StatusLine).parts["error"]


async def test_unknown_number_says_it_does_not_exist_or_is_hidden(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        app.screen.query_one("#number", Input).value = "99999999"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.has_class("-message")
        text = message_text(app)
        assert "Customer 99999999 does not exist or is hidden by a restriction." in text
        assert "Not found (404)" in text
        assert "hidden by a restriction" in status_error(app)


async def test_restricted_customer_is_hidden_from_demo_de(make_app: AppFactory) -> None:
    app = await make_app("demo-de")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_customer("10000001")  # restriction main: not visible to a "de" client
        await settle(pilot)
        assert "Customer 10000001 does not exist or is hidden by a restriction." in message_text(
            app
        )
        await pilot.press("escape")
        app.open_customer("10000002")  # restriction de: visible
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        assert screen.customer is not None and screen.customer.restriction == "de"
        assert status_error(app) == "", "a success clears the last error"


async def test_unreachable_server_says_what_failed_and_that_nothing_changed() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with CustomerService(url, TENANT, "demo-agent", DEMO_SECRET) as service:
        app = CustomerTuiApp(sandbox_connection(), service=service)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            text = message_text(app)
            assert "Could not search customers" in text
            assert "127.0.0.1" in text
            assert "Nothing was changed" in text
            assert "Traceback" not in text
            assert "Nothing was changed" in status_error(app)
        assert app.return_code in (None, 0)


async def test_dropped_connection_on_reload_keeps_the_customer_and_says_why(
    make_app: AppFactory, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_customer("10000001")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen) and screen.customer is not None
        sandbox_app.state.sandbox.faults.drop_rate = 1.0
        await pilot.press("r")
        await settle(pilot)
        assert screen.customer is not None, "the last good copy stays on screen"
        assert not screen.has_class("-message")
        assert "Could not open customer 10000001" in status_error(app)
        sandbox_app.state.sandbox.faults.drop_rate = 0.0


async def test_forbidden_names_the_missing_scope(make_service: Any) -> None:
    viewer = await make_service("demo-viewer")
    with pytest.raises(Forbidden) as caught:
        await viewer.delete_customer("10000006")
    view = describe_error(caught.value, action="delete customer 10000006")
    assert view.title == "Not allowed (403)"
    assert "customer.customer_manage" in view.message
    assert view.message.startswith("Could not delete customer 10000006")


async def test_viewer_is_read_only_and_the_status_line_says_why(make_app: AppFactory) -> None:
    app = await make_app("demo-viewer")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.read_only
        assert "customer.customer_manage" in app.read_only_reason
        status = app.screen.query_one(StatusLine)
        assert "READ-ONLY" in status.render().plain
        assert status.tooltip == app.read_only_reason
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        # Change keys stay live so that a press says why it does nothing (the key bar dims them).
        assert screen.check_action("edit", ()) is True
        assert screen.check_action("open", ()) is True


def test_unexpected_error_is_one_line_without_a_traceback() -> None:
    try:
        {}["missing"]
    except KeyError as exc:
        view = describe_error(exc, action="show the list")
    assert view.title == "Unexpected error"
    assert view.message == (
        "Unexpected error: could not show the list: KeyError: 'missing' (the app kept running)"
    )
    assert "Traceback" not in view.text


def test_a_client_failure_is_unexpected_not_the_server_saying_no() -> None:
    from tui.emporix.errors import ClientFailure

    view = describe_error(
        ClientFailure("Unexpected failure in get customer after sending (nested too deeply)"),
        action="open customer 7",
    )
    assert view.title == "Unexpected error"
    assert view.message.endswith("Nothing was changed. (the app kept running)")
