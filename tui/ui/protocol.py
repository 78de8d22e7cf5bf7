"""TuiApp: what screens, widgets, flows and the palette use of the app, so none imports app.py."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, Protocol

from tui.ui.errors import Notifies

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.screen import Screen

    from tui.config.connection import Connection
    from tui.core.backend import Backend
    from tui.core.history import History
    from tui.core.session_policy import SessionPolicy
    from tui.emporix.client import CustomerService
    from tui.emporix.models import Customer
    from tui.emporix.paging import Page
    from tui.ui.recent import RecentCustomers


class TuiApp(Notifies, Protocol):
    """The app's own state and services, and the few members of Textual's `App` that code
    outside app.py calls on it (a screen or widget reaches the rest as `self.app`).

    `CustomerTuiApp` is checked against it (app.py), so a member added here and not there, or
    changed there and not here, fails mypy rather than a screen at run time."""

    connection: Connection
    settings: Any
    policy: SessionPolicy
    recent: RecentCustomers
    ticket: str | None
    read_only: bool
    read_only_reason: str
    last_error: str
    scopes: frozenset[str] | None
    restrictions: frozenset[str] | None
    masked: bool
    busy_text: str
    theme: str
    undo_log: dict[str, list[Any]]

    @property
    def can_leave_read_only(self) -> bool: ...

    @property
    def screen(self) -> Screen[Any]: ...

    @property
    def screen_stack(self) -> list[Screen[Any]]: ...

    @property
    def available_themes(self) -> Mapping[str, Any]: ...

    @property
    def backend(self) -> Backend: ...

    @property
    def service(self) -> CustomerService: ...

    @property
    def platform(self) -> str: ...

    @property
    def require_ticket(self) -> bool: ...

    def busy(self, what: str) -> AbstractAsyncContextManager[None]: ...

    def history(self, kind: str) -> History: ...

    async def opened_service(self) -> CustomerService: ...

    async def opened_backend(self) -> Backend: ...

    def take_first_page(self) -> Page[Customer] | None: ...

    def open_customer(self, number: str, customer: Any | None = None) -> None: ...

    def open_record(self, kind: str, key: str, record: Any | None = None) -> None: ...

    def remember_customer(self, customer: Any) -> None: ...

    def refresh_recent(self, customer: Any) -> None: ...

    async def switch_connection(self, *args: Any, **kwargs: Any) -> Any: ...

    def set_read_only(self, value: bool, reason: str = "") -> None: ...

    # The app's actions the palette and the `:` commands offer.
    def action_open_customer(self) -> None: ...

    def action_toggle_read_only(self) -> None: ...

    def action_toggle_mask(self) -> None: ...

    def action_set_ticket(self) -> None: ...

    def action_toggle_theme(self) -> None: ...

    def action_help(self) -> None: ...

    # Textual's App surface that the palette, the `:` commands and profile switching use
    # (`notify` comes with Notifies).
    def run_worker(self, *args: Any, **kwargs: Any) -> Any: ...

    def call_later(self, *args: Any, **kwargs: Any) -> Any: ...

    def push_screen(self, *args: Any, **kwargs: Any) -> Any: ...

    def pop_screen(self) -> Any: ...

    def set_keymap(self, keymap: Any) -> None: ...

    def exit(self, *args: Any, **kwargs: Any) -> None: ...


def tui_of(app: object) -> TuiApp:
    """`app` as the app's own surface: a screen's or widget's `self.app` is typed `App[Any]`."""
    return app  # type: ignore[return-value]
