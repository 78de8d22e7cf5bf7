"""Profiles inside the app: the palette's "Switch profile" entries, and the config's theme and keys."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.config.connection import UnsupportedPlatform
from tui.config.resolve import ConfigError, Settings, connection_for_profile, profile_choices
from tui.connect.preflight import ConnectionProblem, check_connection

if TYPE_CHECKING:
    from tui.ui.app import CustomerTuiApp


def apply_settings(app: CustomerTuiApp, settings: Any) -> None:
    """Take the theme and key overrides from the config file; a bad one is reported, not fatal."""
    if not isinstance(settings, Settings):
        return
    if settings.keymap:
        app.set_keymap(settings.keymap)
    if settings.theme:
        if settings.theme in app.available_themes:
            app.theme = settings.theme
        else:
            known = ", ".join(sorted(app.available_themes))
            app.call_later(
                app.notify,
                f"Unknown theme {settings.theme!r} in the config file; known themes: {known}.",
                title="Config",
                severity="warning",
            )


def profile_commands(app: CustomerTuiApp) -> list[tuple[str, Callable[[], Any], str]]:
    """One palette entry per other profile: (title, callback, help)."""
    settings = app.settings
    if not isinstance(settings, Settings):
        return []
    current = app.connection.name
    return [
        (f"Switch profile: {name}", partial(switch_profile, app, name), description)
        for name, description in profile_choices(settings)
        if name != current and app.policy.allows_profile(name)
    ]


def switch_profile(app: CustomerTuiApp, name: str) -> None:
    """Start switching to profile `name` in a worker; the old connection stays until it works."""
    app.run_worker(
        _switch(app, name),
        group="switch-profile",
        exclusive=True,
        exit_on_error=False,
        description=f"switch to profile {name}",
    )


async def _switch(app: CustomerTuiApp, name: str) -> None:
    settings = app.settings
    assert isinstance(settings, Settings)
    try:
        async with app.busy(f"Switching to {name}"):
            # Resolving may run the profile's secret_command: keep it off the event loop.
            connection = await asyncio.to_thread(
                connection_for_profile, name, settings, read_only=app.connection.read_only
            )
            checked = None if connection.sandbox else await check_connection(connection)
    except (ConfigError, UnsupportedPlatform, ConnectionProblem) as exc:
        app.notify(str(exc), title=f"Cannot switch to {name}", severity="error", timeout=15)
        return
    await app.switch_connection(connection, checked)
    app.notify(connection.title, title=f"Switched to {name}")
