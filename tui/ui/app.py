"""CustomerTuiApp: the Textual application, its connection, and the state every screen shares."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from tui.connect.backends import open_service
from tui.emporix.names import MANAGE_SCOPE
from tui.ui.collector import IdleCollector, freeze_startup_heap
from tui.ui.commands import CustomerCommands
from tui.ui.errors import report_error
from tui.ui.recent import RecentCustomer, RecentCustomers
from tui.ui.switch_profile import apply_settings

if TYPE_CHECKING:
    from tui.config.connection import Connection
    from tui.connect.preflight import CheckResult
    from tui.emporix.client import CustomerService
    from tui.emporix.models import Customer
    from tui.emporix.paging import Page

log = logging.getLogger(__name__)


_OPENER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="open-service")
"""Builds the embedded sandbox's client beside the first paint: opening its data file costs tens of
milliseconds that would otherwise delay the first screen."""


class CustomerTuiApp(App[None]):
    """Find, inspect and fix customer profiles; opens on the search screen."""

    TITLE = "customer-tui"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {CustomerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True, show=False),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        # `?` types into the search box (where the app starts); F1 opens help from anywhere.
        Binding("f1", "help", "Help", id="help-f1", key_display="F1", show=False),
        Binding("ctrl+o", "open_customer", "Open #", id="open-customer", show=False),
    ]

    read_only: reactive[bool] = reactive(False)
    """No change may be sent: from --read-only, the profile, the palette, or a token without manage scope."""
    read_only_reason: reactive[str] = reactive("")
    """Why the app is read-only, in words, for the status line, help and disabled actions."""
    busy_text: reactive[str] = reactive("")
    """What is in flight right now ("Searching"); empty when idle."""
    last_error: reactive[str] = reactive("")
    """The last error in one line, kept in the status line until the next success clears it."""
    scopes: reactive[frozenset[str] | None] = reactive(None)
    """The token's scopes once known; None before the first sign-in."""

    def __init__(
        self,
        connection: Connection,
        *,
        service: CustomerService | None = None,
        settings: Any | None = None,
        checked: CheckResult | None = None,
    ) -> None:
        """`checked`: what the CLI's connection check learned; its token saves the first sign-in
        and its first page the first search."""
        super().__init__()
        self.connection = connection
        self.settings = settings
        self._owns_service = service is None
        self._service = service
        self._opening: Future[CustomerService] | None = None
        if service is None:
            self._opening = self._open(connection, checked)
        self._first_page = checked.first_page if checked is not None else None
        self._busy: list[str] = []
        self._collector = IdleCollector()
        self.recent = RecentCustomers()
        self.theme = "textual-dark"
        apply_settings(self, settings)
        self.set_read_only(connection.read_only, "read-only profile or --read-only")

    @staticmethod
    def _open(connection: Connection, checked: CheckResult | None) -> Future[CustomerService]:
        """Build the client: the embedded sandbox in a thread, beside the first paint (it opens
        its data file); a remote one at once (a millisecond, once the CA bundle is loaded, which
        the CLI's connection check has done), signed in with the check's token if there is one,
        so the first request leaves before the first screen is composed rather than after. A
        failure is raised where the client is used."""
        if connection.sandbox:
            return _OPENER.submit(open_service, connection)
        opened: Future[CustomerService] = Future()
        try:
            service = open_service(connection)
        except Exception as exc:
            opened.set_exception(exc)
        else:
            if checked is not None and checked.token is not None:
                service.auth.adopt(checked.token)
            opened.set_result(service)
        return opened

    @property
    def service(self) -> CustomerService:
        if self._service is None:
            opening, self._opening = self._opening, None
            # Waits only if the thread is not done yet; a failure to open is raised here as before.
            self._service = (
                opening.result() if opening is not None else open_service(self.connection)
            )
        return self._service

    def take_first_page(self) -> Page[Customer] | None:
        """The first page of all customers, read by the connection check, once: the search
        screen opens with it instead of asking the server again."""
        page, self._first_page = self._first_page, None
        return page

    async def opened_service(self) -> CustomerService:
        """The service, waiting for the thread that builds it without blocking the event loop."""
        opening = self._opening
        if opening is not None and self._service is None and not opening.done():
            await asyncio.wrap_future(opening)
        return self.service

    def set_read_only(self, value: bool, reason: str = "") -> None:
        self.read_only = value
        self.read_only_reason = reason if value else ""

    async def switch_connection(
        self, connection: Connection, checked: CheckResult | None = None
    ) -> None:
        """Work on another profile from now on: a fresh search screen, the old client closed;
        `checked`, the check of the new profile, saves it a sign-in and the first search."""
        from tui.ui.screens.search import SearchScreen

        old = self._service if self._owns_service else None
        await self._close_unused_opening()
        self.connection = connection
        self._service = open_service(connection)
        if checked is not None and checked.token is not None:
            self._service.auth.adopt(checked.token)
        self._first_page = checked.first_page if checked is not None else None
        self._owns_service = True
        self.scopes = None
        self.set_read_only(connection.read_only, "read-only profile or --read-only")
        self.sub_title = connection.title
        while len(self.screen_stack) > 2:
            self.pop_screen()
        await self.switch_screen(SearchScreen())
        self.sign_in()
        if old is not None:
            await old.aclose()

    def on_mount(self) -> None:
        from tui.ui.screens.search import SearchScreen

        self.sub_title = self.connection.title
        # The token request goes out first, so it overlaps with building the first screen.
        self.sign_in()
        self.push_screen(SearchScreen())
        freeze_startup_heap()
        self.set_interval(0.5, self._collect_when_idle, name="collect when idle")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
        ):
            self._collector.input_seen()
        await super().on_event(event)

    def _collect_when_idle(self) -> None:
        self._collector.tick(busy=bool(self._busy))

    async def _close_unused_opening(self) -> None:
        opening, self._opening = self._opening, None
        if opening is not None:
            try:
                unused = opening.result()
            except Exception:  # it was never used, so its failure was never shown: nothing to undo
                return
            await unused.aclose()

    async def on_unmount(self) -> None:
        await self._close_unused_opening()
        if self._owns_service and self._service is not None:
            await self._service.aclose()

    @work(exclusive=True, group="auth", exit_on_error=False, description="sign in")
    async def sign_in(self) -> None:
        """Fetch a token early: the scopes decide whether change actions are offered."""
        try:
            async with self.busy("Signing in"):
                service = await self.opened_service()
                # Signed in already with the CLI check's token: its scopes are known.
                auth = service.auth
                scopes = auth.scopes if auth.has_usable_token else await service.authenticate()
        except Exception as exc:
            report_error(self, exc, action="sign in")
            return
        self.scopes = frozenset(scopes)
        if MANAGE_SCOPE not in self.scopes:
            self.set_read_only(True, f"this API client lacks the scope {MANAGE_SCOPE}")

    @asynccontextmanager
    async def busy(self, what: str) -> AsyncIterator[None]:
        """Show `what` in the status line while a request is in flight; several may overlap."""
        self._busy.append(what)
        self.busy_text = what
        try:
            yield
        finally:
            self._busy.remove(what)
            self.busy_text = self._busy[-1] if self._busy else ""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Workers catch what they expect; this is the net for the rest, so no traceback reaches the screen.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_error(self, event.worker.error, action=event.worker.description.lower())

    # Actions every screen shares -------------------------------------------------------------

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_open_customer(self) -> None:
        from tui.ui.screens.open_customer import OpenCustomerScreen

        def opened(number: str | None) -> None:
            if number:
                self.open_customer(number)

        self.push_screen(OpenCustomerScreen(), opened)

    def open_customer(self, number: str, customer: Any | None = None) -> None:
        """Push the detail screen for one customer over whatever is showing."""
        from tui.ui.screens.detail import DetailScreen

        self.push_screen(DetailScreen(number, customer=customer))

    def remember_customer(self, customer: Any) -> None:
        self.recent.add(
            RecentCustomer(
                number=str(customer.customer_number),
                name=str(getattr(customer, "display_name", "") or ""),
                email=str(getattr(customer, "contact_email", "") or ""),
                tenant=self.connection.tenant,
            )
        )

    def action_toggle_read_only(self) -> None:
        if self.read_only:
            if self.scopes is not None and MANAGE_SCOPE not in self.scopes:
                self.notify(
                    f"Stays read-only: {self.read_only_reason}.",
                    title="Read-only",
                    severity="warning",
                )
                return
            self.set_read_only(False)
            self.notify("Changes are allowed again.", title="Read-only off")
        else:
            self.set_read_only(True, "switched on from the command palette")
            self.notify("No change will be sent until you switch it off.", title="Read-only on")

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
