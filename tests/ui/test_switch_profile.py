"""Switching profiles from the palette without restarting, and the config's theme and keys."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import pytest

from tests.support.services import sandbox_service
from tests.support.waiting import settle
from tui.config.connection import Connection
from tui.config.resolve import load_settings
from tui.sandbox import DEMO_SECRET
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.search import SearchScreen
from tui.ui.switch_profile import profile_commands, switch_profile


def config(url: str) -> str:
    return f"""\
theme = "nord"

[keymap]
open-customer = "f10"

[profiles.local]
api_url = "{url}"
tenant = "demo"
client_id = "demo-viewer"
secret_env = "LOCAL_SANDBOX_SECRET"
label = "LOCAL"
color = "darkgreen"

[profiles.wrong]
api_url = "{url}"
tenant = "demo"
client_id = "demo-agent"
secret_env = "WRONG_SECRET"

[profiles.kibo]
platform = "kibo"
tenant = "1"
"""


@pytest.fixture
def app_with_profiles(
    live_sandbox_url: str, sandbox_app: Any, isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> CustomerTuiApp:
    path = Path(os.environ["CUSTOMER_TUI_CONFIG"])
    path.write_text(config(live_sandbox_url), encoding="utf-8")
    monkeypatch.setenv("LOCAL_SANDBOX_SECRET", DEMO_SECRET)
    monkeypatch.setenv("WRONG_SECRET", "not-the-secret")
    service = sandbox_service(sandbox_app)
    app = CustomerTuiApp(Connection.sandbox_default(), service=service, settings=load_settings())
    notes: list[str] = []
    original = app.notify

    def recording_notify(message: str, *, title: str = "", **kwargs: Any) -> None:
        notes.append(f"{title}: {message}")
        original(message, title=title, **kwargs)

    app.notify = recording_notify  # type: ignore[method-assign]
    app.notes = notes  # type: ignore[attr-defined]
    return app


def notifications(app: CustomerTuiApp) -> str:
    return " ".join(app.notes)  # type: ignore[attr-defined]


async def test_palette_lists_other_profiles_without_secrets(
    app_with_profiles: CustomerTuiApp,
) -> None:
    async with app_with_profiles.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app_with_profiles.scopes is not None)
        titles = {title: help_text for title, _cb, help_text in profile_commands(app_with_profiles)}
        assert "Switch profile: local" in titles
        assert "Switch profile: sandbox" not in titles  # the one in use
        assert titles["Switch profile: kibo"] == "Kibo 1 @ ?"
        assert DEMO_SECRET not in " ".join(titles.values())


async def test_switching_profile_replaces_the_connection_and_searches_again(
    app_with_profiles: CustomerTuiApp, live_sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = app_with_profiles
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.scopes is not None)
        old_service = app.service
        caplog.set_level(logging.DEBUG, logger="tui.emporix.http")
        switch_profile(app, "local")
        await settle(pilot, lambda: app.connection.name == "local" and app.scopes is not None)
        await settle(
            pilot,
            lambda: isinstance(app.screen, SearchScreen) and app.screen.table.row_count > 0,
        )
        # The new list is the page the profile's check read: no second request for it.
        lists = [
            r.getMessage()
            for r in caplog.records
            if r.getMessage().startswith("-> GET") and live_sandbox_url in r.getMessage()
        ]
        assert len(lists) == 1 and "pageSize=60" in lists[0]
        assert isinstance(app.screen, SearchScreen) and app.screen.table.row_count == 60
        assert app.connection.api_url == live_sandbox_url
        assert app.service is not old_service
        # demo-viewer may only read: the app says so after signing in with the new profile.
        assert app.read_only and "customer.customer_manage" in app.read_only_reason
        assert type(app.screen).__name__ == "SearchScreen"
        assert "Switched to local" in notifications(app)
        # The new client kept the sign-in of the profile's check instead of signing in again.
        assert app.service.auth.token_requests == 0


async def test_switch_to_a_profile_with_a_bad_secret_keeps_the_current_one(
    app_with_profiles: CustomerTuiApp,
) -> None:
    app = app_with_profiles
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.scopes is not None)
        switch_profile(app, "wrong")
        await settle(pilot, lambda: "Cannot switch to wrong" in notifications(app))
        assert app.connection.sandbox
        assert "rejected the credentials" in notifications(app)
        assert "not-the-secret" not in notifications(app)


async def test_switch_to_an_incomplete_kibo_profile_says_what_it_needs(
    app_with_profiles: CustomerTuiApp,
) -> None:
    app = app_with_profiles
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.scopes is not None)
        switch_profile(app, "kibo")
        await settle(pilot, lambda: "Cannot switch to kibo" in notifications(app))
        assert "Kibo profile 'kibo' cannot connect" in notifications(app)
        assert 'site = "67890"' in notifications(app)
        assert app.connection.sandbox


async def test_config_theme_and_keymap_are_applied(app_with_profiles: CustomerTuiApp) -> None:
    app = app_with_profiles
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.scopes is not None)
        assert app.theme == "nord"
        keys = {
            key
            for key, active in app.screen.active_bindings.items()
            if active.binding.action == "open_customer"
        }
        assert keys == {"f10"}
        await pilot.press("f10")
        await settle(pilot, lambda: type(app.screen).__name__ == "OpenCustomerScreen")
