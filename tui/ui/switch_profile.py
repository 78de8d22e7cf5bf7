"""Profiles inside the app: the palette's "Switch profile" entries, and the config's theme and keys."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.config.connection import Connection, UnsupportedPlatform
from tui.config.resolve import ConfigError, Settings, connection_for_profile, profile_choices
from tui.connect.preflight import ConnectionProblem, check_connection
from tui.ui.errors import report_error

if TYPE_CHECKING:
    from tui.ui.protocol import TuiApp


def apply_settings(app: TuiApp, settings: Any) -> None:
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


def profile_commands(app: TuiApp) -> list[tuple[str, Callable[[], Any], str]]:
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


def switch_profile(app: TuiApp, name: str) -> None:
    """Start switching to profile `name` in a worker; the old connection stays until it works."""
    app.run_worker(
        _switch(app, name),
        group="switch-profile",
        exclusive=True,
        exit_on_error=False,
        description=f"switch to profile {name}",
    )


async def _switch(app: TuiApp, name: str) -> None:
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


PLATFORM_WORDS = {"emporix": "Emporix", "kibo": "Kibo"}


def sandbox_side_problem(app: TuiApp, platform: str) -> str | None:
    """Why the app cannot switch to the embedded sandbox's `platform` side now (in words, with
    what to do instead), or None when it can."""
    words = PLATFORM_WORDS.get(platform, platform)
    if app.connection.sandbox and app.connection.platform == platform:
        return f"You are on the sandbox's {words} side already."
    if app.connection.sandbox:
        return None
    settings = app.settings
    names = []
    if isinstance(settings, Settings):
        names = [
            name
            for name, profile in sorted(settings.profiles.items())
            if profile.platform == platform
            and name != app.connection.name
            and app.policy.allows_profile(name)
        ]
    if names:
        choose = f"switch to a {words} profile instead: {', '.join(names)} (:profile NAME)"
    else:
        choose = (
            f'no {words} profile is configured: add one with platform = "{platform}" '
            "(README, Profiles), or :profile sandbox for the demo"
        )
    return (
        f"Profile {app.connection.name} is not the embedded sandbox, so it has no {words} side: "
        f"{choose}."
    )


def switch_sandbox_side(app: TuiApp, platform: str) -> None:
    """Move from the embedded sandbox's one side to its other (same data file, same read-only)."""
    connection = Connection.sandbox_default(
        platform=platform,
        read_only=app.connection.read_only,
        data_path=app.connection.data_path,
    )
    words = PLATFORM_WORDS.get(platform, platform)

    async def switch() -> None:
        try:
            async with app.busy(f"Opening the {words} side"):
                await app.switch_connection(connection)
        except Exception as exc:
            report_error(app, exc, action=f"open the sandbox's {words} side")
            return
        app.notify(f"The embedded sandbox's {words} side.", title=f"Switched to {words}")

    app.run_worker(
        switch(),
        group="switch-profile",
        exclusive=True,
        exit_on_error=False,
        description=f"switch to the sandbox's {words} side",
    )


def sandbox_side_commands(app: TuiApp) -> list[tuple[str, Callable[[], Any], str]]:
    """The palette's entry to the sandbox's other side (only on the sandbox: never offer what
    cannot work)."""
    if not app.connection.sandbox:
        return []
    other = "kibo" if app.connection.platform == "emporix" else "emporix"
    words = PLATFORM_WORDS[other]
    what = "B2B accounts and their users" if other == "kibo" else "customers"
    return [
        (
            f"Sandbox: switch to the {words} side",
            partial(switch_sandbox_side, app, other),
            f"The same embedded sandbox's {words} demo: {what} (:{other})",
        )
    ]
