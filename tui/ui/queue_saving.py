"""Saving a search as a work queue, for both list screens: the name asked for, the file written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.config.errors import ConfigError
from tui.config.profiles import Settings, config_path
from tui.ui.protocol import TuiApp
from tui.ui.screens.queue_name import QueueNameScreen

SERVED_REFUSAL = "Queues are kept in the host's config file: ask whoever runs the server to add it."


def settings_of(app: TuiApp) -> Settings | None:
    settings = getattr(app, "settings", None)
    return settings if isinstance(settings, Settings) else None


def save_queue_file(app: TuiApp, name: str, text: str, table: str) -> tuple[Any, Path, str]:
    """Write queue `name` = `text` into `table` of the config file the app read (or the default
    one); (what was saved, where, " (was: …)" or ""). ValueError with the reason when it cannot."""
    if app.policy.served:
        raise ValueError(SERVED_REFUSAL)
    # Only saving needs tomlkit, whose import would cost the start-up a good part of 100 ms.
    from tui.config.queues import save_queue

    settings = settings_of(app)
    path = settings.path if settings is not None and settings.path else config_path()
    try:
        saved, previous = save_queue(path, name, text, table)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
    if settings is not None:
        settings.queues, settings.kibo_queues = saved.queues, saved.kibo_queues
    else:
        app.settings = saved
    was = f" (was: {previous})" if previous is not None and previous != text else ""
    return saved, path, was


def ask_and_save(app: TuiApp, text: str, save: Callable[[str], str]) -> None:
    """Ask for the queue's name (prefilled from `text`), then `save(name)` and say how it went;
    `save` raises ValueError with the reason when it cannot."""

    def named(name: str | None) -> None:
        if not name:
            return
        try:
            said = save(name)
        except ValueError as exc:
            app.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        app.notify(said, title="Queue saved", timeout=6)

    app.push_screen(QueueNameScreen(text), named)
