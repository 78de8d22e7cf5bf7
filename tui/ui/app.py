"""CustomerTuiApp: the Textual application, its connection, and the state every screen shares."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.worker import Worker, WorkerFailed, WorkerState

from tui import paths
from tui.connect.backends import open_backend, open_service
from tui.connect.preflight import open_checked_backend
from tui.core.crash import debugging, write_crash_report
from tui.core.history import History
from tui.core.journal import os_user
from tui.core.mask import mask_emails_in
from tui.core.private_files import take_tightened
from tui.core.session_policy import SessionPolicy
from tui.core.shown import label
from tui.emporix.names import MANAGE_SCOPE
from tui.ui.collector import IdleCollector, freeze_startup_heap
from tui.ui.commands import CustomerCommands
from tui.ui.errors import report_error
from tui.ui.home import home_screen, is_list_screen
from tui.ui.recent import RecentCustomer, RecentCustomers, recent_path
from tui.ui.staleness import TICK_SECONDS, ShowsAge
from tui.ui.switch_profile import apply_settings
from tui.ui.type_ahead import guard_of

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from textual.actions import ActionParseResult
    from textual.app import SystemCommand
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel
    from textual.screen import Screen

    from tui.config.connection import Connection
    from tui.connect.preflight import CheckResult
    from tui.core.backend import Access, Backend
    from tui.emporix.client import CustomerService
    from tui.emporix.models import Customer
    from tui.emporix.paging import Page

log = logging.getLogger(__name__)

PROFILE_READ_ONLY = "switched on by --read-only or the profile's read_only = true"
PALETTE_READ_ONLY = "switched on in the command palette (ctrl+p: Read-only: switch off)"
SCOPE_READ_ONLY = f"this API client lacks {MANAGE_SCOPE}"
POLICY_READ_ONLY = "your entry in the agents file is read-only"
ACCESS_READ_ONLY = "these credentials may only read"

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
        # Textual's own entry says "palette" in lower case; the key bar and help say it in words.
        Binding(
            "ctrl+p",
            "command_palette",
            "Palette",
            id="palette",
            show=False,
            priority=True,
            tooltip="Open a customer, switch profile, read-only, theme, the screen's actions",
        ),
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        # `?` types inside a query in the search box; F1 opens help from anywhere, and the key
        # bar shows it where `?` would type.
        Binding("f1", "help", "Help", id="help-f1", key_display="F1"),
        Binding(
            "ctrl+o", "open_customer", "Open customer by number", id="open-customer", show=False
        ),
        # Priority, as `/`: the command typed right after `:` must reach the prompt, not run
        # as list keys. An input that takes `:` as text (the search box: lastName:Smith; forms)
        # declines it, and only the list and the detail screen open command mode (check_action).
        Binding(
            "colon",
            "command_mode",
            "Command mode",
            id="command-mode",
            key_display=":",
            priority=True,
            show=False,  # the key bar is full at 80 columns; help lists it
            tooltip="A command prompt: :10000001, :hold, :sort lastName desc, :q (Tab completes)",
        ),
        # Priority: handled as it is read, before the keys typed after it are passed on, so
        # those land in the search box (an input that takes `/` as text declines it).
        Binding(
            "slash", "search", "Search", id="search", key_display="/", show=False, priority=True
        ),
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
    restrictions: reactive[frozenset[str] | None] = reactive(None)
    """The only restrictions this client sees, when the token says so; None: unknown or all."""
    masked: reactive[bool] = reactive(False)
    """Mask mode, for sharing the screen: contact data shown masked (tui/ui/masking.py)."""

    def __init__(
        self,
        connection: Connection,
        *,
        service: CustomerService | None = None,
        settings: Any | None = None,
        checked: CheckResult | None = None,
        policy: SessionPolicy | None = None,
        masked: bool = False,
    ) -> None:
        """`checked`: what the CLI's connection check learned; its token saves the first sign-in
        and its first page the first search. `policy`: who the agent is and what they may do
        (a served session's entry in the agents file); the local app runs with the defaults.
        `masked`: start in mask mode (--mask); a profile's `mask = true` does too."""
        super().__init__()
        self.policy = policy or SessionPolicy()
        self.agent_name = self.policy.agent or os_user()
        """Who the journal, the recent list and the Activity screen name: not the OS user when served."""
        self.ticket: str | None = self.policy.ticket
        """The ticket reference every journal entry carries (--ticket, or "Set ticket…")."""
        self.session_started = datetime.now(UTC)
        """When this session began: a case note without a ticket covers what was done since."""
        self.connection = connection
        self.settings = settings
        self._owns_service = service is None
        self._service = service
        self._opening: Future[CustomerService] | None = None
        self._backend: Backend | None = None
        self._backend_for: Connection | None = None
        self._backend_opening: Future[Backend] | None = None
        self.access: Access | None = None
        """What another platform's credentials may do, once signed in (Emporix: `scopes`)."""
        if connection.platform != "emporix":
            self._backend_opening = self._open_backend(connection, checked)
        elif service is None:
            self._opening = self._open(connection, checked)
        self._first_page = checked.first_page if checked is not None else None
        self._busy: list[str] = []
        self.undo_log: dict[str, list[Any]] = {}
        """This session's changes `u` can put back, per flow family ("customer", "record")."""
        self._collector = IdleCollector()
        self.recent = RecentCustomers(recent_path(self.policy.agent))
        self.theme = "textual-dark"
        apply_settings(self, settings)
        self.set_read_only(connection.read_only, PROFILE_READ_ONLY)
        self.set_reactive(CustomerTuiApp.masked, masked or self.profile_masks(connection))

    def profile_masks(self, connection: Connection) -> bool:
        """True when the config file's profile for `connection` says `mask = true`."""
        profile = getattr(self.settings, "profiles", {}).get(connection.name)
        return bool(getattr(profile, "mask", False))

    @staticmethod
    def _open(connection: Connection, checked: CheckResult | None) -> Future[CustomerService]:
        """Build the client: on the embedded sandbox the CLI's check opened (and signed in to),
        at once; an embedded sandbox of its own in a thread, beside the first paint (it opens
        its data file); a remote one at once (a millisecond, once the CA bundle is loaded, which
        the CLI's connection check has done), signed in with the check's token if there is one,
        so the first request leaves before the first screen is composed rather than after. A
        failure is raised where the client is used."""
        sandbox = checked.sandbox if checked is not None else None
        if connection.sandbox and sandbox is None:
            return _OPENER.submit(open_service, connection)
        opened: Future[CustomerService] = Future()
        try:
            service = open_service(connection, sandbox)
        except Exception as exc:
            opened.set_exception(exc)
        else:
            if checked is not None and checked.token is not None:
                service.auth.adopt(checked.token)
            opened.set_result(service)
        return opened

    @staticmethod
    def _open_backend(
        connection: Connection, checked: CheckResult | None = None
    ) -> Future[Backend]:
        """Another platform's backend: a new embedded sandbox in a thread, as for Emporix;
        otherwise at once, signed in with the check's token and opening with its first page
        (on the embedded sandbox the check opened)."""
        if connection.sandbox and (checked is None or checked.sandbox is None):
            return _OPENER.submit(open_backend, connection)
        opened: Future[Backend] = Future()
        try:
            opened.set_result(open_checked_backend(connection, checked))
        except Exception as exc:
            opened.set_exception(exc)
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

    @property
    def backend(self) -> Backend:
        """The platform seam: what screens and flows ask of the platform, whichever it is.

        Emporix: the same client as `service`, behind `EmporixBackend`; another platform: its
        backend from `tui.connect.backends`, opened on first use and closed with the app."""
        backend = self._backend
        if backend is None or self._backend_for is not self.connection:
            if self.connection.platform == "emporix":
                from tui.connect.backends import emporix_backend
                from tui.core.journal import Journal

                journal = getattr(self, "journal", None)
                journal = journal if isinstance(journal, Journal) else Journal()
                backend = emporix_backend(self.connection, self.service, journal)
            else:
                opening, self._backend_opening = self._backend_opening, None
                # Waits only if the thread is not done yet; a failure to open is raised here.
                backend = opening.result() if opening is not None else open_backend(self.connection)
            self._backend = backend
            self._backend_for = self.connection
        return backend

    async def opened_backend(self) -> Backend:
        """The backend, waiting for the thread that opens it without blocking the event loop."""
        if self.connection.platform == "emporix":
            await self.opened_service()
        else:
            opening = self._backend_opening
            if opening is not None and not opening.done():
                await asyncio.wrap_future(opening)
        return self.backend

    @property
    def platform(self) -> str:
        """The current connection's platform ("emporix", "kibo")."""
        return self.connection.platform

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
        # The agents file is the one cause the agent cannot undo, and a served session also
        # passes it on as the connection's read_only: it is the reason to show, whatever the caller says.
        if self.policy.read_only:
            value, reason = True, POLICY_READ_ONLY
        self.read_only = value
        self.read_only_reason = reason if value else ""

    async def switch_connection(
        self, connection: Connection, checked: CheckResult | None = None
    ) -> None:
        """Work on another profile from now on: a fresh search screen, the old client closed;
        `checked`, the check of the new profile, saves it a sign-in and the first search."""
        old = self._service if self._owns_service else None
        old_backend = self._backend if self.platform != "emporix" else None
        await self._close_unused_opening()
        self.connection = connection
        self._backend = self._backend_for = None
        self._first_page = None
        if connection.platform == "emporix":
            self._service = open_service(connection)
            if checked is not None and checked.token is not None:
                self._service.auth.adopt(checked.token)
            self._first_page = checked.first_page if checked is not None else None
        else:
            self._service = None
            self._backend_opening = self._open_backend(connection, checked)
            await self.opened_backend()  # the list needs the kinds the backend serves
        self._owns_service = True
        self.scopes = None
        self.restrictions = None
        self.access = None
        self.set_read_only(connection.read_only, PROFILE_READ_ONLY)
        if self.profile_masks(connection):
            self.masked = True  # never switched off by a switch: the agent may be sharing now
        self.sub_title = connection.title
        while len(self.screen_stack) > 2:
            self.pop_screen()
        await self.switch_screen(home_screen(self))
        self.sign_in()
        if old is not None:
            await old.aclose()
        if old_backend is not None:
            await old_backend.close()

    def on_mount(self) -> None:
        self.sub_title = self.connection.title
        # NO_COLOR turns colours into greys, so app.tcss marks the active tab and the cursor row
        # with reverse, bold and underline under this class.
        self.set_class(self.no_color, "-no-color")
        # The token request goes out first, so it overlaps with building the first screen.
        self.sign_in()
        if self.platform == "emporix":
            # After Textual's start-up batch, which drops every frame drawn inside it: pushed
            # here, the list's first full frame was drawn, dropped, and the terminal got the rows
            # alone a frame later and the header and count line a frame after that.
            self.call_later(lambda: self.push_screen(home_screen(self)))
        else:
            self._push_home()
        freeze_startup_heap()
        self.set_interval(0.5, self._collect_when_idle, name="collect when idle")
        self.set_interval(TICK_SECONDS, self.tick_ages, name="data age")

    @work(group="home", exit_on_error=False, description="open the connection")
    async def _push_home(self) -> None:
        """Another platform's list, once its backend is open (the list is built from its
        kinds); opening it in a thread keeps the keys answered meanwhile."""
        try:
            await self.opened_backend()
        except Exception as exc:
            report_error(self, exc, action=f"open profile {self.connection.name}")
            return
        await self.push_screen(home_screen(self))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
        ):
            self._collector.input_seen()
        if isinstance(event, events.Key) and not event.is_forwarded:
            # Before any binding (priority ones too): a dialog never takes a typed-ahead key.
            guard = guard_of(self.screen)
            if guard is not None and guard.blocks(event):
                self.screen.keys_ignored()  # type: ignore[attr-defined]
                return
        await super().on_event(event)

    def tick_ages(self) -> None:
        """Every detail screen on the stack redraws how old its data is (one under a dialog is
        seen too)."""
        for screen in self.screen_stack:
            if isinstance(screen, ShowsAge):
                screen.show_age()

    def _collect_when_idle(self) -> None:
        self._collector.tick(busy=bool(self._busy))
        self._tell_tightened()

    async def _close_unused_opening(self) -> None:
        backend_opening, self._backend_opening = self._backend_opening, None
        if backend_opening is not None:
            try:
                unused_backend = backend_opening.result()
            except Exception:  # never used, so never shown: nothing to undo
                pass
            else:
                await unused_backend.close()
        opening, self._opening = self._opening, None
        if opening is not None:
            try:
                unused = opening.result()
            except Exception:  # it was never used, so its failure was never shown: nothing to undo
                return
            await unused.aclose()

    async def on_unmount(self) -> None:
        await self._close_unused_opening()
        backend = self._backend
        if backend is not None and backend.platform != "emporix":  # Emporix's is the service
            await backend.close()
        if self._owns_service and self._service is not None:
            await self._service.aclose()

    @work(exclusive=True, group="auth", exit_on_error=False, description="sign in")
    async def sign_in(self) -> None:
        """Fetch a token early: the scopes decide whether change actions are offered."""
        if self.platform != "emporix":
            await self._sign_in_backend()
            return
        try:
            async with self.busy("Signing in"):
                service = await self.opened_service()
                # Signed in already with the CLI check's token: its scopes are known.
                auth = service.auth
                scopes = auth.scopes if auth.has_usable_token else await service.authenticate()
        except Exception as exc:
            report_error(self, exc, action="sign in")
            return
        token = auth.current
        self.restrictions = token.restrictions if token is not None else None
        self.scopes = frozenset(scopes)
        if MANAGE_SCOPE not in self.scopes:
            self.set_read_only(True, SCOPE_READ_ONLY)

    async def _sign_in_backend(self) -> None:
        """Another platform signs in through the seam; its `Access` says whether it may change."""
        try:
            async with self.busy("Signing in"):
                backend = await self.opened_backend()
                access = backend.access or await backend.sign_in()
        except Exception as exc:
            report_error(self, exc, action="sign in")
            return
        self.apply_access(access)

    def apply_access(self, access: Access) -> None:
        """What the signed-in credentials may do: read-only, with the reason, if only reading."""
        self.access = access
        if not access.can_change:
            self.set_read_only(True, access.read_only_reason or ACCESS_READ_ONLY)

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

    # Unexpected exceptions ---------------------------------------------------------------------

    crashed: BaseException | None = None
    """The exception that ended the app, when one did; the command prints a paragraph about it."""

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key's action goes through here: a bug in one is reported in a line, and the
        app goes on (the screen it ran on is still whole, unlike after a failed message handler)."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as exc:
            if debugging():
                raise
            name = action if isinstance(action, str) else action[0]
            report_error(self, exc, action=f"do “{name}”")
            return True

    def _handle_exception(self, error: Exception) -> None:
        # Textual has no public hook for what happens after an exception it could not place (a
        # message handler, a timer, compose): by default it exits and prints a traceback with
        # local variables, customer data included. Here a failed worker is reported and the app
        # goes on; anything else still exits (the widget it happened in has stopped), but with a
        # crash report instead of the traceback. CUSTOMER_TUI_DEBUG=1 keeps Textual's behaviour.
        if debugging():
            super()._handle_exception(error)
            return
        if isinstance(error, WorkerFailed):
            report_error(self, error.error, action="finish a background task")
            return
        log.error("unexpected error; the app stops", exc_info=error)
        if self.crashed is None:
            self.crashed = error
            screens = " > ".join(type(screen).__name__ for screen in self.screen_stack)
            self.crash_report = write_crash_report(error, f"screens {screens or '(none yet)'}")
        self.exit(return_code=1)

    crash_report: Path | None = None

    def _tell_tightened(self) -> None:
        tightened = take_tightened()
        if tightened:
            names = ", ".join(str(p) for p in tightened)
            self.notify(
                f"Others could read {names}; it is now readable by you only (0600).",
                title="File made private",
                severity="warning",
                timeout=10,
            )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Workers catch what they expect; this is the net for the rest, so no traceback reaches the screen.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report_error(self, event.worker.error, action=event.worker.description.lower())

    # Actions every screen shares -------------------------------------------------------------

    def action_command_palette(self) -> None:
        # Textual checks only the top screen: a form a change flow opened over an open palette
        # hid it, and ctrl+p then mounted a second palette with the same id and crashed the app.
        palettes = [s for s in self.screen_stack if s.has_class("--textual-command-palette")]
        if palettes and palettes[-1] is not self.screen:
            self.notify(
                "The command palette is already open under this screen: close this one (Esc).",
                title="Command palette",
            )
            return
        super().action_command_palette()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice as plain text: they carry customers' names, queries and servers'
        messages, and read as markup a `[/]` in one of them would end the app."""
        if self.masked:
            message, title = mask_emails_in(message), mask_emails_in(title)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's entries, but "Keys" opens our help for the screen: Textual's own keys panel
        lists widget internals ("Scroll Up", "^a Go to start") instead of what this screen does."""
        from textual.app import SystemCommand

        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                yield SystemCommand("Keys", "List this screen's keys (?, F1)", self.action_help)
            else:
                yield command

    def action_help(self) -> None:
        from tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    async def action_search(self) -> None:
        """`/` from any screen: leave the screens above the list (each says how, cancelling
        what it asked; a form with the agent's typing refuses) and select the query, so that
        what is typed next replaces it instead of running as commands."""
        from tui.ui.widgets.search_box import SearchBox

        focused = self.focused
        if isinstance(focused, SearchBox) or (
            focused is not None and focused.check_consume_key("slash", "/")
        ):
            # The box selects its query itself, in turn with the keys queued for it before;
            # other inputs type it (a form's field, the delete dialog's number).
            raise SkipAction()
        while not is_list_screen(self.screen):
            leave = getattr(self.screen, "leave_for_search", None)
            if leave is None or len(self.screen_stack) <= 1:
                self.notify(
                    "/ goes to the search once this is finished or cancelled (Esc).",
                    title="Not now",
                    severity="warning",
                )
                return
            if not await leave():
                return
        self.screen.action_focus_search()  # type: ignore[attr-defined]

    def action_open_customer(self) -> None:
        from tui.ui.screens.open_customer import OpenCustomerScreen

        if self.platform != "emporix":
            self.notify(
                "Customer numbers are Emporix's: type the id in the search box (/) instead.",
                title="Open customer",
                severity="warning",
            )
            return

        def opened(number: str | None) -> None:
            if number:
                self.open_customer(number)

        self.push_screen(OpenCustomerScreen(), opened)

    def open_customer(self, number: str, customer: Any | None = None) -> None:
        """Push the detail screen for one customer over whatever is showing."""
        from tui.ui.screens.detail import DetailScreen

        self.last_error = ""  # moving on to another customer
        self.push_screen(DetailScreen(number, customer=customer))

    def open_record(self, kind: str, key: str, record: Any | None = None) -> None:
        """Push the detail screen of one record of any kind over whatever is showing."""
        from tui.ui.screens.record_detail import RecordDetailScreen

        self.last_error = ""  # moving on to another record
        self.push_screen(RecordDetailScreen(kind, key, record=record))

    def _recent_entry(self, customer: Any) -> RecentCustomer:
        return RecentCustomer(
            number=label(str(customer.customer_number)),
            name=label(str(getattr(customer, "display_name", "") or "")),
            email=label(str(getattr(customer, "contact_email", "") or "")),
            tenant=self.connection.tenant,
        )

    def remember_customer(self, customer: Any) -> None:
        self.recent.add(self._recent_entry(customer))

    def refresh_recent(self, customer: Any) -> None:
        """After a change: the palette's recent entry shows the customer as they are now."""
        self.recent.update(self._recent_entry(customer))

    @property
    def can_leave_read_only(self) -> bool:
        """False when switching read-only off cannot work: the token cannot change anything, or
        the agents file makes this agent read-only."""
        return not (
            self.policy.read_only
            or (self.scopes is not None and MANAGE_SCOPE not in self.scopes)
            or (self.access is not None and not self.access.can_change)
        )

    def action_toggle_read_only(self) -> None:
        if self.read_only:
            if not self.can_leave_read_only:
                self.notify(
                    f"Stays read-only: {self.read_only_reason}.",
                    title="Read-only",
                    severity="warning",
                )
                return
            self.set_read_only(False)
            self.notify("Changes are allowed again.", title="Read-only off")
        else:
            self.set_read_only(True, PALETTE_READ_ONLY)
            self.notify("No change will be sent until you switch it off.", title="Read-only on")

    @property
    def require_ticket(self) -> bool:
        """Every change needs a ticket reference: the agents file says so for a served agent,
        or the profile (`require_ticket = true`)."""
        profiles = getattr(self.settings, "profiles", None) or {}
        profile = profiles.get(self.connection.name)
        return self.policy.require_ticket or bool(getattr(profile, "require_ticket", False))

    def watch_masked(self, masked: bool) -> None:
        if masked:
            # A notice shown before may carry an e-mail in the clear.
            self.clear_notifications()

    def action_toggle_mask(self) -> None:
        """Palette "Mask mode: switch on/off" and `:mask`: every screen follows at once."""
        self.masked = not self.masked
        if self.masked:
            self.notify(
                "Contact data is masked on every screen; v on a customer reveals one field.",
                title="Mask mode on",
            )
        else:
            self.notify("Contact data is shown in full.", title="Mask mode off")

    def action_set_ticket(self) -> None:
        """Palette "Set ticket…": the reference every following journal entry carries."""
        self.ask_ticket()

    def ask_ticket(self, then: Callable[[], None] | None = None) -> None:
        """Ask for the ticket (a change dialog's ctrl+t too); `then` runs once it is set."""
        from tui.ui.screens.ticket import TicketScreen

        def chosen(ticket: str | None) -> None:
            if ticket is None:
                return
            self.ticket = ticket or None
            self.notify(
                f"Changes are journalled with ticket {ticket}." if ticket else "Ticket cleared.",
                title="Ticket",
            )
            if then is not None:
                then()

        self.push_screen(TicketScreen(self.ticket, required=self.require_ticket), chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_mode":
            # A class attribute, not isinstance: asked while the first screen is built, this
            # must not import the detail screens (and the highlighter and tabs they bring).
            return bool(getattr(self.screen, "COMMAND_MODE", False))
        return True

    def get_key_display(self, binding: Binding) -> str:
        """A record list's one key bar entry for its quick filters names the kind's keys
        ("F2-F3", an en dash): the binding is the same for every kind."""
        if binding.id == "quick-filters":
            display = getattr(self.screen, "filter_keys_display", None)
            if callable(display):
                return str(display())
        return super().get_key_display(binding)

    def action_command_mode(self, text: str = "", message: str = "") -> None:
        """`:` (k9s): a prompt at the bottom; the command runs on the screen it was opened over,
        and one that cannot run comes back to the prompt with the reason."""
        from tui.ui.command_mode import CommandError, run
        from tui.ui.screens.command_prompt import CommandPrompt

        screen = self.screen

        def entered(line: str | None) -> None:
            if not line:
                return
            try:
                run(self, screen, line)
            except CommandError as exc:
                self.push_screen(CommandPrompt(line, str(exc)), entered)
                return
            self.history("command").add(line)

        self.push_screen(CommandPrompt(text, message), entered)

    def history(self, kind: str) -> History:
        """The agent's earlier entries of `kind` ("search", "command") on the current profile."""
        key = (kind, self.connection.name)
        histories: dict[tuple[str, str], History] = self.__dict__.setdefault("_histories", {})
        if key not in histories:
            histories[key] = History(paths.history_file(kind, key[1], self.policy.agent))
        return histories[key]

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"


if TYPE_CHECKING:
    from tui.ui.protocol import TuiApp

    _CHECKED: type[TuiApp] = CustomerTuiApp
    """mypy checks here that the app is what screens, widgets and flows are typed against."""
