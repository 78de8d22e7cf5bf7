"""The customer detail screen: header with status badges and tabs for profile, addresses, accounts, B2B, raw."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, Tab, Tabs

from tui.core.shown import label, whole_json
from tui.emporix.kinds import CUSTOMER as CUSTOMER_KIND
from tui.emporix.names import DEFAULT_EXPAND
from tui.ui.change_keys import ChangeKeys
from tui.ui.copy_fields import CopyField, tab_fields
from tui.ui.errors import report_error
from tui.ui.flows.messages import RecordChanged, RecordDeleted, RecordLoaded
from tui.ui.footer_keys import show_when_wide
from tui.ui.literal import literal
from tui.ui.masking import Mask, field_words, mask_of, masked_fields
from tui.ui.pager import show_in_pager
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.screen_lifetime import watch_app
from tui.ui.screens.copy_field import CopyFieldScreen
from tui.ui.staleness import LoadedAge
from tui.ui.why import CASE_NOTE_BINDING, WHY_BINDING, WhyKeys
from tui.ui.widgets import customer_views
from tui.ui.widgets.badges import badge_line
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.status_line import StatusLine
from tui.ui.widgets.tab_body import TabBody

log = logging.getLogger(__name__)

TABS: tuple[tuple[str, str, Callable[[Any, Mask], Any]], ...] = (
    ("profile", "Profile", customer_views.profile),
    ("addresses", "Addresses", customer_views.addresses),
    ("accounts", "Accounts", customer_views.accounts),
    ("b2b", "B2B", customer_views.b2b),
    ("raw", "Raw", customer_views.raw_json),
)


def _rendered(render: Callable[[Any, Mask], Any], customer: Any, mask: Mask) -> Any:
    """A tab's content; if it cannot be drawn, a line saying so, and the other tabs still are."""
    try:
        return render(customer, mask)
    except Exception as exc:
        log.error("could not render a detail tab", exc_info=exc)
        return Text(
            f"This tab could not be shown ({type(exc).__name__}); o opens the whole customer "
            "in the pager.",
            style="italic",
        )


class CustomerLoaded(Message):
    """The full customer arrived (or `error` says why not)."""

    def __init__(self, generation: int, customer: Any | None, error: BaseException | None = None):
        super().__init__()
        self.generation = generation
        self.customer = customer
        self.error = error


class DetailScreen(WhyKeys, ChangeKeys, Screen[None]):
    """One customer, read with a single request (addresses, accounts and mixins expanded)."""

    COMMAND_MODE = True
    """`:` opens command mode here (the app asks)."""

    HELP_TITLE = "Customer detail"
    HELP = (
        "1-5 or ←/→ on the tab row switch tabs; ↑/↓ and PgUp/PgDn scroll. Very long values are "
        "shown in part: o opens the whole customer as JSON in the pager. y copies a field of the "
        "tab, Y the whole customer as JSON; M edits the mixins in $EDITOR. The header says how "
        "old the data is. Esc returns to the list."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the list, same position"),
        Binding("r", "reload", "Reload", id="reload", tooltip="Read the customer again"),
        Binding(
            "y",
            "copy_field",
            "Copy",
            id="copy-field",
            tooltip="Copy a field of this tab: choose it, Enter copies (OSC 52)",
        ),
        Binding(
            "Y",
            "copy_json",
            "Copy JSON",
            id="copy-json",
            tooltip="Copy the whole customer as JSON (OSC 52)",
            show=False,
        ),
        Binding("1", "tab('profile')", "Profile", id="tab-profile", show=False),
        Binding("2", "tab('addresses')", "Addresses", id="tab-addresses", show=False),
        Binding("3", "tab('accounts')", "Accounts", id="tab-accounts", show=False),
        Binding("4", "tab('b2b')", "B2B", id="tab-b2b", show=False),
        Binding("5", "tab('raw')", "Raw JSON", id="tab-raw", show=False),
        Binding(
            "o",
            "pager",
            "Whole JSON",
            id="pager",
            tooltip="The whole customer as JSON in $PAGER (long values are cut on the tabs)",
            show=False,
        ),
        Binding("e", "edit", "Edit", id="edit"),
        Binding(
            "M",
            "edit_mixins",
            "Mixins in $EDITOR",
            id="edit-mixins",
            show=False,
            tooltip="The mixins as JSON in your editor, then the review and the safe save",
        ),
        Binding("h", "hold", "Hold", id="hold", tooltip="Put on hold or release"),
        WHY_BINDING,
        CASE_NOTE_BINDING,
        Binding("d", "delete", "Delete", id="delete", show=False),
        Binding("a", "assign", "Assign account", id="assign", show=False),
        Binding("n", "new", "New", id="new", show=False),
        Binding("u", "undo", "Undo", id="undo", show=False),
        Binding("A", "activity", "Activity", id="activity", show=False),
        Binding("m", "addresses", "Addresses…", id="addresses", show=False),
        Binding("i", "active", "Active/inactive", id="active", show=False),
        Binding(
            "v",
            "reveal",
            "Reveal a field",
            id="reveal",
            show=False,
            tooltip="Mask mode: show one masked field of this customer (journalled)",
        ),
        # A tab key switches the tab and leaves the focus on the tab row (moving it into the
        # pane restyled both for `:focus`: half of a switch's work); these scroll the tab shown.
        # No words: HELP says it.
        *(
            Binding(key, f"scroll_tab('{how}')", show=False)
            for key, how in (
                ("up", "up"),
                ("down", "down"),
                ("pageup", "page_up"),
                ("pagedown", "page_down"),
                ("home", "home"),
                ("end", "end"),
            )
        ),
    ]

    def __init__(self, number: str, *, customer: Any | None = None) -> None:
        super().__init__()
        self.number = number
        self.customer: Any | None = None
        """The fully loaded customer (None until the first load succeeds)."""
        self._preview = customer
        self._generation = 0
        self._not_loaded = False
        """The last load failed with nothing to show (e.g. not found): the customer's keys go."""
        self.revealed: str | None = None
        """Mask mode: the one wire path (`v`) shown unmasked until the agent leaves this customer."""
        self._loading = False
        self.age = LoadedAge()
        """When the customer shown was read; the header says how long ago."""
        self._shown_tab = TABS[0][0]
        self._scroll_of: dict[str, float] = {}
        """Where each tab was scrolled to when the agent left it."""

    @property
    def tui(self) -> TuiApp:
        return tui_of(self.app)

    def compose(self) -> ComposeResult:
        # Before the footer exists, so it is built once with the right keys.
        show_when_wide(self, self.WIDE_FOOTER, self.app.size.width)
        yield StatusLine()
        yield Static(id="header")
        # A tab row over one scroller whose bodies are shown one at a time: a switch shows a
        # body and repaints it, and nothing else (TabbedContent's pane and container per tab
        # redrew the whole screen on every switch, and made an open compose twelve widgets more).
        yield Tabs(*(Tab(title, id=tab_id) for tab_id, title, _render in TABS), id="tabs")
        with VerticalScroll(id="tab-body"):
            for tab_id, _title, _render in TABS:
                body = TabBody("Loading…", id=f"{tab_id}-body")
                body.display = tab_id == TABS[0][0]
                yield body
        yield Static(id="message")
        yield KeyFooter()

    WIDE_FOOTER = ("delete", "assign", "addresses")
    """Binding ids the footer shows too when the terminal is wide (they are always in help)."""

    def on_resize(self, event: events.Resize) -> None:
        show_when_wide(self, self.WIDE_FOOTER, event.size.width)

    @property
    def mask(self) -> Mask:
        """How this screen shows contact data now: mask mode, but for the field revealed."""
        return mask_of(self.app, self.revealed)

    def on_mount(self) -> None:
        watch_app(self, "read_only", lambda _v: self.refresh_bindings())
        watch_app(self, "masked", self._mask_switched, init=False)
        self._show_header(self._preview, loading=True)
        self.reload()

    def show_age(self) -> None:
        """Redraw the header's "loaded N min ago" (the app's tick, every minute, and after each
        load)."""
        if self.customer is not None:
            self._show_header(self.customer, loading=self._loading)

    def _show_header(self, customer: Any | None, *, loading: bool = False) -> None:
        text = Text()
        if customer is None:
            text.append(f"Customer {self.number}", style="bold")
        else:
            text.append(label(self.mask.text(customer.display_name)), style="bold")
            text.append(f"  #{label(str(customer.customer_number))}  ")
            text.append_text(badge_line(customer, no_color=self.app.no_color))
        self._loading = loading
        if loading:
            text.append("  loading…", style="dim italic")
        age, warning = self.age.words() if customer is self.customer else ("", "")
        if age and not loading:
            text.append(f"  {age}", style="dim")
        if warning and not loading:
            text.append(f" · {warning}", style="bold")
        self.query_one("#header", Static).update(text)

    # Public hooks for the change flows ---------------------------------------------------------

    def reload(self) -> None:
        """Read the customer again (after a change, or `r`)."""
        self._generation += 1
        self.load_customer(self._generation)

    def show_customer(self, customer: Any) -> None:
        """Show a customer the caller already has (e.g. returned by a safe update)."""
        self.customer = customer
        self.age.loaded()
        self.set_class(False, "-message")
        self._show_header(customer)
        mask = self.mask
        for tab_id, _title, render in TABS:
            self.query_one(f"#{tab_id}-body", Static).update(_rendered(render, customer, mask))
        # The list below shows this customer as read here (its handler does not answer back).
        number = str(customer.customer_number or self.number)
        for screen in self.app.screen_stack:
            if screen is not self:
                screen.post_message(RecordLoaded(CUSTOMER_KIND.name, number, customer))

    @on(RecordChanged)
    def record_changed(self, message: RecordChanged) -> None:
        """A flow changed this customer: show it as saved, or read it again."""
        if message.kind != CUSTOMER_KIND.name or message.key != self.number:
            return
        if message.record is not None:
            self.show_customer(message.record)
        else:
            self.reload()

    @on(RecordDeleted)
    def record_deleted(self, message: RecordDeleted) -> None:
        """This customer was deleted: leave it, if this screen is in front."""
        if (
            message.kind == CUSTOMER_KIND.name
            and message.key == self.number
            and self.app.screen is self
        ):
            self.dismiss()

    # Loading -----------------------------------------------------------------------------------

    @work(exclusive=True, group="detail", exit_on_error=False, description="open customer")
    async def load_customer(self, generation: int) -> None:
        try:
            async with self.tui.busy(f"Loading {self.number}"):
                customer = await self.tui.service.get_customer(self.number, expand=DEFAULT_EXPAND)
        except Exception as exc:
            self.post_message(CustomerLoaded(generation, None, exc))
            return
        self.post_message(CustomerLoaded(generation, customer))

    @on(CustomerLoaded)
    def loaded(self, message: CustomerLoaded) -> None:
        if message.generation != self._generation:
            return
        if message.error is not None:
            view = report_error(
                self.tui,
                message.error,
                action=f"open customer {self.number}",
                subject=f"Customer {self.number}",
            )
            self._show_header(self.customer or self._preview)
            if self.customer is None:
                said = self.mask.text(f"{view.title}\n\n{view.text}")
                self.query_one("#message", Static).update(literal(said))
                self.set_class(True, "-message")
                self._not_loaded = True
                self.refresh_bindings()
            return
        if self._not_loaded:
            self._not_loaded = False
            self.refresh_bindings()
        self.tui.last_error = ""
        self.show_customer(message.customer)
        self.tui.remember_customer(message.customer)

    # Actions -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (
            action in self.NEEDS_TARGET | {"copy_field", "copy_json", "pager", "tab"}
            and self.customer is None
        ):
            # Hidden once the load failed (a key that can never work is not offered), dimmed
            # while it is still on its way.
            return False if self._not_loaded else None
        if action == "reveal":
            # Only in mask mode, where there is something to reveal.
            return self.customer is not None and self.tui.masked
        return self.change_action_state(action)

    def action_back(self) -> None:
        self.tui.last_error = ""  # moving on: the error was about this customer
        self.dismiss()

    async def leave_for_search(self) -> bool:
        await self.dismiss()
        return True

    def action_reload(self) -> None:
        self._show_header(self.customer or self._preview, loading=True)
        self.reload()

    @property
    def active_tab(self) -> str:
        """The id of the tab shown ("profile", "addresses", "accounts", "b2b" or "raw")."""
        return self._shown_tab

    def action_tab(self, tab_id: str) -> None:
        self._show_tab(tab_id)
        self.query_one(Tabs).active = tab_id

    @on(Tabs.TabActivated, "#tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        if event.tab.id is not None:
            self._show_tab(event.tab.id)  # ←/→ on the tab row, or a click

    def _show_tab(self, tab_id: str) -> None:
        if tab_id == self._shown_tab:
            return
        scroller = self.query_one("#tab-body", VerticalScroll)
        # Each tab keeps its own place, as separate panes would.
        self._scroll_of[self._shown_tab] = scroller.scroll_y
        self.query_one(f"#{self._shown_tab}-body", TabBody).show(False)
        self.query_one(f"#{tab_id}-body", TabBody).show(True)
        self._shown_tab = tab_id
        # The screen lays out in its next frame, the one that redraws the tab row: the bodies
        # would ask for it only once their own queues are idle, often a frame later.
        self.refresh(layout=True, repaint=False)
        place = self._scroll_of.get(tab_id, 0)
        if place:
            # After the layout that gives the scroller this body's height.
            self.call_after_refresh(scroller.scroll_to, y=place, animate=False)
        else:
            scroller.scroll_to(y=0, animate=False)

    def action_scroll_tab(self, how: str) -> None:
        getattr(self.query_one("#tab-body", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_pager(self) -> None:
        customer = self.customer or self._preview
        if customer is None:
            return
        said = show_in_pager(
            self.app,
            whole_json(self.mask.record(customer.to_wire())),
            f"customer-{self.number}.json",
        )
        if said:
            self.notify(said, title="Whole customer", timeout=10)

    def action_copy_field(self) -> None:
        customer = self.customer or self._preview
        if customer is None:
            return
        tab = self._shown_tab
        title = next((t for i, t, _r in TABS if i == tab), tab)
        fields = tab_fields(tab, customer)
        if not fields:
            self.notify(f"The {title} tab has no value to copy.", severity="warning")
            return

        def chosen(field: CopyField | None) -> None:
            if field is not None:
                self._copy(field.value, f"{field.label}: {field.shown(self.app)}")

        self.app.push_screen(CopyFieldScreen(title, fields, self.app), chosen)

    def action_copy_json(self) -> None:
        customer = self.customer or self._preview
        if customer is None:
            return
        text = whole_json(customer.to_wire())
        size = len(text.encode("utf-8"))
        self._copy(text, f"customer {self.number} as JSON ({size:,} bytes)")

    def _copy(self, text: str, what: str) -> None:
        # Only what was copied, never the value itself, goes anywhere but the clipboard and
        # the notice (masked in mask mode).
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {what}.", title="Copied", timeout=4)

    def change_target(self) -> Any | None:
        return self.customer

    # Mask mode ---------------------------------------------------------------------------------

    def _mask_switched(self, _masked: bool) -> None:
        self.revealed = None  # switched on again: everything masked, nothing left revealed
        self.refresh_bindings()
        self._show_masking()

    def _show_masking(self) -> None:
        customer = self.customer or self._preview
        if self.customer is not None:
            self.show_customer(self.customer)
        else:
            self._show_header(customer, loading=True)

    def end_reveal(self) -> None:
        """The agent moved on (another customer opened): the revealed field is masked again."""
        if self.revealed is not None:
            self.revealed = None
            self._show_masking()

    def on_screen_suspend(self) -> None:
        if isinstance(self.app.screen, DetailScreen) and self.app.screen is not self:
            self.end_reveal()

    def action_reveal(self) -> None:
        """`v`: pick one masked field of this customer to show; journalled, never its value."""
        from tui.core.journal import DONE
        from tui.ui.flows.customer_core import record
        from tui.ui.screens.reveal import RevealScreen

        customer = self.customer
        if customer is None or not self.tui.masked:
            return
        fields = masked_fields(customer.to_wire())
        if not fields:
            self.notify("Nothing of this customer is masked.", title="Reveal")
            return
        number = str(customer.customer_number or self.number)

        def chosen(path: str | None) -> None:
            if not path:
                return
            said = f"revealed {path} of {number}"
            if not record(self.app, "reveal", number, DONE, target=path, message=said):
                return  # not journalled (the app said why): not shown either
            self.revealed = path
            self._show_masking()
            self.notify(
                f"{field_words(path)} is shown until you leave this customer ({said}).",
                title="Revealed",
            )

        self.app.push_screen(RevealScreen(number, fields), chosen)

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        return [
            ("Reload this customer", self.action_reload, "r"),
            ("Copy a field of this tab…", self.action_copy_field, "y"),
            ("Copy the whole customer as JSON", self.action_copy_json, "Y"),
            ("Whole customer as JSON in the pager", self.action_pager, "o"),
            ("Edit the mixins in $EDITOR", self.action_edit_mixins, "M"),
            ("Activity: my recent changes", self.action_activity, "A"),
            ("Undo my last change", self.action_undo, "u"),
            ("Addresses: add, edit, delete, default, tags", self.action_addresses, "m"),
            ("Activate / deactivate this customer", self.action_active, "i"),
            *(
                [("Reveal one masked field", self.action_reveal, "v")]
                if self.tui.masked and self.customer is not None
                else []
            ),
        ]
