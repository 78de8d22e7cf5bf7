"""The search screen: type to find customers, quick filters, server-side sort, a lazily paged list."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from tui.core.history import History
from tui.emporix.kinds import CUSTOMER as CUSTOMER_KIND
from tui.ui.change_actions import read_only_refusal
from tui.ui.change_keys import ChangeKeys
from tui.ui.errors import report_error
from tui.ui.flows.messages import BulkChanged, RecordChanged, RecordDeleted, RecordLoaded
from tui.ui.footer_keys import show_when_wide
from tui.ui.list_keys import LIST_KEYS, ListKeys
from tui.ui.literal import literal
from tui.ui.masking import shown_text
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.queue_keys import QUEUE_KEYS, QueueKeys
from tui.ui.screen_lifetime import watch_app
from tui.ui.search_history import SearchHistoryKeys
from tui.ui.search_options import (
    RESTRICTIONS,
    SORTS,
    PageLoaded,
    QuickFilters,
    SearchFinished,
    SearchSettled,
)
from tui.ui.search_pacing import SearchPacer
from tui.ui.why import CASE_NOTE_BINDING, WHY_BINDING, WhyKeys
from tui.ui.widgets.customer_table import CustomerTable
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.emporix.client import CustomerPager

PAGE_SIZE = 60
PREFETCH_ROWS = 10
"""Fetch the next page when the cursor gets this close to the last loaded row."""


class SearchScreen(WhyKeys, QueueKeys, ListKeys, SearchHistoryKeys, ChangeKeys, Screen[None]):
    """Find customers; Enter opens one. The detail screen is pushed on top so the list keeps its place."""

    COMMAND_MODE = True
    """`:` opens command mode here (the app asks)."""
    LIST_SCREEN = True
    """A list `/` goes back to from any screen (`tui.ui.home.is_list_screen`)."""

    HELP_TITLE = "Search and list"
    HELP = (
        "Type a name, e-mail or customer number: results follow as you type. "
        "A q expression (e.g. lastName:Smith) is sent as it is. Enter or ↓ moves to the list. "
        "↑ in the box walks your earlier searches (↓ goes newer, past the newest back to what "
        "you typed). : opens command mode (k9s style)."
    )
    HELP_KEYS: ClassVar[dict[str, tuple[str, str, str]]] = {
        "filter-on-hold": ("F2", "On hold", "Only customers on hold (again: off)"),
    }
    """Help rows for bindings whose footer entry speaks for a group of keys."""
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, like the app's `/` (which it stands for in the key bar and help here): the
        # keys typed after it must not run as list commands.
        Binding("slash", "focus_search", "Search", id="search", key_display="/", priority=True),
        Binding("enter", "open", "Open", id="open", key_display="⏎"),
        # Priority, as `/`: handled as it is read, so the keys typed right after it already go
        # to the list. Only while the search box has focus (check_action): elsewhere ↓ moves.
        Binding("down", "to_list", "To the list", id="to-list", key_display="↓", priority=True),
        Binding(
            "s", "cycle_sort", "Sort", id="sort", tooltip="Next sort order (sorted by the server)"
        ),
        Binding("r", "reload", "Reload", id="reload", show=False, tooltip="Run the search again"),
        # One footer entry for the six filter keys; help lists each (see HELP_KEYS).
        Binding(
            "f2",
            "filter('on_hold')",
            "Filters",
            id="filter-on-hold",
            key_display="F2–F7",  # noqa: RUF001 (an en dash reads as a range)
            tooltip="F2 on hold · F3 inactive · F4 B2B · F5 B2C · F6 restriction · F7 clear",
        ),
        Binding(
            "f3",
            "filter('inactive')",
            "Inactive",
            id="filter-inactive",
            key_display="F3",
            show=False,
            tooltip="Only inactive customers (again: off)",
        ),
        Binding(
            "f4",
            "filter('B2B')",
            "B2B",
            id="filter-b2b",
            key_display="F4",
            show=False,
            tooltip="Only B2B customers (again: off)",
        ),
        Binding(
            "f5",
            "filter('B2C')",
            "B2C",
            id="filter-b2c",
            key_display="F5",
            show=False,
            tooltip="Only B2C customers (again: off)",
        ),
        Binding(
            "f6",
            "filter('restriction')",
            "Restriction",
            id="filter-restriction",
            key_display="F6",
            show=False,
            tooltip="Cycle restriction: main, de, us, fr, any",
        ),
        Binding(
            "f7",
            "filter('clear')",
            "No filters",
            id="filter-clear",
            key_display="F7",
            show=False,
            tooltip="Clear every quick filter",
        ),
        Binding(
            "space", "mark", "Mark", id="mark", show=False, tooltip="Mark for bulk hold/release"
        ),
        Binding("escape", "escape", "Clear marks", id="clear-marks", show=False),
        Binding("e", "edit", "Edit", id="edit", show=False),
        Binding(
            "h", "hold", "Hold", id="hold", tooltip="Put on hold or release (marked or highlighted)"
        ),
        WHY_BINDING,
        CASE_NOTE_BINDING,
        Binding("d", "delete", "Delete", id="delete", show=False),
        Binding("n", "new", "New", id="new", show=False),
        Binding("a", "assign", "Assign account", id="assign", show=False),
        Binding("u", "undo", "Undo", id="undo", show=False),
        Binding("A", "activity", "Activity", id="activity", show=False),
        Binding("i", "active", "Active/inactive", id="active", show=False),
        *LIST_KEYS,
        *QUEUE_KEYS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = QuickFilters()
        self.sort_index = 0
        self.query_text = ""
        self._generation = 0
        self._pager: CustomerPager | None = None
        self._loading_more = False
        self.pacer = SearchPacer(self, self._search_typed)
        """Starts the searches the box's changes ask for, at most one per 120 ms of typing."""
        self._open_when_found = False
        """Enter came while a search was running: open its first result when it lands."""
        self._searching = False
        self._keep_place: tuple[str | None, int] | None = None
        """After `r`: the customer and row the cursor was on, to go back to once loaded."""
        self.last_search_seconds = 0.0
        """How long the client took for the last search shown (benchmarks subtract it)."""

    @property
    def tui(self) -> TuiApp:
        return tui_of(self.app)

    def compose(self) -> ComposeResult:
        # Before the footer exists, so it is built once with the right keys.
        show_when_wide(self, self.WIDE_FOOTER, self.app.size.width)
        yield StatusLine()
        yield SearchBox(
            placeholder="Search: name, e-mail, number or field:value  (/)",
            id="search",
            compact=True,
        )
        yield self.compose_queue_row()
        yield Label(id="summary")
        yield CustomerTable(id="customers")
        yield Static("Searching…", id="message")
        yield KeyFooter()

    WIDE_FOOTER = ("edit", "delete", "new", "mark", "reload")
    """Binding ids the footer shows too when the terminal is wide (they are always in help)."""

    def on_resize(self, event: events.Resize) -> None:
        show_when_wide(self, self.WIDE_FOOTER, event.size.width)

    def on_mount(self) -> None:
        watch_app(self, "read_only", lambda _v: self.refresh_bindings())
        self._update_summary()
        self.start_search()

    # Public hooks for the change flows (tui/ui/flows/customer.py) ------------------------------------

    @property
    def table(self) -> CustomerTable:
        return self.query_one(CustomerTable)

    @property
    def marked(self) -> set[str]:
        """Numbers of the customers marked with space, for bulk actions."""
        return self.table.marked

    def marked_customers(self) -> list[Any]:
        """The marked customers in list order."""
        return [c for c in self.table.customers if c.customer_number in self.table.marked]

    @property
    def highlighted_customer(self) -> Any | None:
        return self.table.highlighted

    def refresh_customers(self, numbers: Iterable[str] | None = None) -> None:
        """After a change: re-read these customers and update their rows (gone ones are removed);
        with no numbers, run the search again."""
        if numbers is None:
            self._search_keeping_place()
        else:
            self.reload_rows(list(numbers))

    def show_customer(self, customer: Any) -> None:
        """Update one row in place with a customer read elsewhere (e.g. the detail screen)."""
        self.table.replace_customer(customer)

    # What the flows and the detail screen tell the list ---------------------------------------

    @on(RecordLoaded)
    def record_loaded(self, message: RecordLoaded) -> None:
        if message.kind == CUSTOMER_KIND.name and message.record is not None:
            self.show_customer(message.record)

    @on(RecordChanged)
    def record_changed(self, message: RecordChanged) -> None:
        if message.kind != CUSTOMER_KIND.name:
            return
        if message.record is not None:
            self.show_customer(message.record)
        else:
            self.refresh_customers([message.key])

    @on(RecordDeleted)
    def record_deleted(self, message: RecordDeleted) -> None:
        if message.kind == CUSTOMER_KIND.name:
            self.refresh_customers([message.key])

    @on(BulkChanged)
    def bulk_changed(self, message: BulkChanged) -> None:
        if message.kind != CUSTOMER_KIND.name:
            return
        self.unmark(message.done)
        for customer in message.records:
            self.show_customer(customer)
        if message.reread:
            self.refresh_customers(message.reread)

    # Searching ---------------------------------------------------------------------------------

    @property
    def search_generation(self) -> int:
        """How many searches this screen has started; an answer from an older one is ignored."""
        return self._generation

    @property
    def is_searching(self) -> bool:
        """True from the start of a search until its first page (or error) is shown."""
        return self._searching

    @property
    def sort(self) -> str | None:
        return SORTS[self.sort_index][0]

    def _update_summary(self, total: str | None = None) -> None:
        if total is not None:
            self._total_text = total
        shown = getattr(self, "_total_text", "")
        sort = SORTS[self.sort_index][1]
        marked = f" {len(self.table.marked)} marked ·" if self.table.marked else ""
        self.query_one("#summary", Label).update(
            literal(f"{shown}{marked} Sort: {sort} · Filters: {self.filters.words()}".strip()),
            layout=False,
        )

    def _total_words(self) -> str:
        pager, count = self._pager, self.table.row_count
        if pager is None:
            return ""
        total = pager.total
        if total is None and not pager.settled:
            return f"{count:,} shown, counting… ·"
        if total is None:
            return f"{count:,} shown{'' if pager.exhausted else ', more below'} ·"
        about = "≈" if pager.total_is_estimate else ""
        return f"{count:,} of {about}{total:,} ·"

    @on(Input.Changed, "#search")
    def typed(self, event: Input.Changed) -> None:
        self.typed_over(event.value)
        self._open_when_found = False
        self.pacer.typed(event.value)

    def _flush_typing(self) -> bool:
        """Search now for what was typed, if it is not searched yet; True when it did."""
        return self.pacer.flush()

    def _search_typed(self, text: str) -> bool:
        if text.strip() == self.query_text and self._pager is not None:
            return False
        self._search_for(text)
        return True

    @on(Input.Submitted, "#search")
    def submitted(self, _event: Input.Submitted) -> None:
        if self.focused is self.table:
            # A second Enter typed in the box before the first moved the focus: open.
            self.action_open()
            return
        self.remember_search()
        # Enter: no waiting for the pacing, and the cursor on the first result, so that
        # `/ smith Enter Enter` opens the first Smith.
        if not self._flush_typing() and self._pager is None and not self._searching:
            self.start_search()  # the last search failed: Enter tries again
        self.table.move_cursor(row=0)
        self.set_focus(self.table)

    def _search_for(self, text: str) -> None:
        self.query_text = text.strip()
        self.start_search()

    def start_search(self) -> None:
        """Start a new search; the generation makes any older answer stale."""
        self.tui.last_error = ""  # moving on: an older error is no longer about what is shown
        self.mark_active_queue()
        self._generation += 1
        self._searching = True
        self._loading_more = False
        self._keep_place = None
        self.workers.cancel_group(self, "page")
        if self._pager is not None:
            self._pager.discard()
        self.query_one("#message", Static).update("Searching…", layout=False)
        if not self._open_with_checked_page():
            self.run_search(self._generation, self.query_text, self.filters.fragments(), self.sort)

    def _open_with_checked_page(self) -> bool:
        """A fresh screen's first search lists everyone, unsorted: the page the CLI's connection
        check read moments ago. Shown at once, it is in the first frame; True if it was used."""
        if self._generation != 1 or self.query_text or self.filters.fragments() or self.sort:
            return False
        page = self.tui.take_first_page()
        if page is None:
            return False
        pager = self.tui.service.find("", page_size=PAGE_SIZE)
        try:
            customers = pager.start_with(page)
        except ValueError:  # read with another page size: ask the server as usual
            return False
        self.search_finished(SearchFinished(self._generation, pager, customers))
        return True

    @work(exclusive=True, group="search", exit_on_error=False, description="search customers")
    async def run_search(
        self, generation: int, text: str, filters: Sequence[str], sort: str | None
    ) -> None:
        started = time.perf_counter()
        async with self.tui.busy("Searching"):
            try:
                service = await self.tui.opened_service()
                pager = service.find(text, filters=filters, sort=sort, page_size=PAGE_SIZE)
            except Exception as exc:
                self.post_message(SearchFinished(generation, None, [], exc))
                return
            try:
                await self._first_page_then_total(generation, pager, started)
            except asyncio.CancelledError:
                # A newer search replaced this one (the worker is exclusive): what it read goes.
                pager.discard()
                raise

    async def _first_page_then_total(
        self, generation: int, pager: CustomerPager, started: float
    ) -> None:
        try:
            customers = await pager.next_page()
        except Exception as exc:
            self.post_message(SearchFinished(generation, None, [], exc))
            return
        elapsed = time.perf_counter() - started
        self.post_message(SearchFinished(generation, pager, customers, elapsed=elapsed))
        # Not kept while the rest settles: a newer search cancels this one, and the traceback of
        # that keeps this frame, and what it holds, until the collector's full collection.
        del customers
        if pager.settled:
            return
        # A smart search shows its first page once the queries before it filled it; the
        # later ones may still run, and their counts make the total.
        try:
            await pager.settle()
        except Exception as exc:
            self.post_message(SearchSettled(generation, pager, [], exc))
            return
        self.post_message(SearchSettled(generation, pager, []))

    @on(SearchFinished)
    def search_finished(self, message: SearchFinished) -> None:
        if message.generation != self._generation:
            return
        self._searching = False
        self.last_search_seconds = message.elapsed
        if message.error is not None:
            self._open_when_found = False
            # The count above belonged to the search before: it must not sit over the error.
            self._pager = None
            self._update_summary("Search failed ·")
            self._show_error(message.error, "search customers")
            return
        self._pager = message.pager
        self.tui.last_error = ""
        self.table.show_customers(message.customers)
        self._show_table_or_message()
        self._update_summary(self._total_words())
        self._restore_place()
        self._maybe_load_more()
        if self._open_when_found:
            self._open_when_found = False
            self.action_open()

    @on(SearchSettled)
    def search_settled(self, message: SearchSettled) -> None:
        if message.generation != self._generation or message.pager is not self._pager:
            return
        if message.error is not None:
            report_error(self.app, message.error, action="count the search results")
            return
        self._update_summary(self._total_words())

    def _show_error(self, error: BaseException, action: str) -> None:
        view = report_error(self.app, error, action=action, notify=False)
        said = shown_text(self.app, f"{view.title}\n\n{view.text}")
        self.query_one("#message", Static).update(literal(said))
        self.set_class(True, "-message")

    def _show_table_or_message(self) -> None:
        empty = self.table.row_count == 0
        if empty:
            what = f"“{self.query_text}”" if self.query_text else "the current filters"
            hint = "Try fewer words or another spelling"
            if self.filters.fragments():
                hint += ", or clear the filters with F7"
            hint += "."
            seen = self.tui.restrictions
            if seen:
                hint += (
                    f"\n\nThis API client ({self.tui.connection.client_id}) sees only customers "
                    f"with the restriction {', '.join(sorted(seen))} (or none): a customer with "
                    "another restriction is hidden from it, not missing."
                )
            self.query_one("#message", Static).update(
                literal(shown_text(self.app, f"No customers match {what}.\n\n{hint}"))
            )
        self.set_class(empty, "-message")

    @on(CustomerTable.MarksChanged, "#customers")
    def marks_changed(self, _event: CustomerTable.MarksChanged) -> None:
        self._update_summary()

    @on(CustomerTable.RowHighlighted, "#customers")
    def highlighted(self, _event: CustomerTable.RowHighlighted) -> None:
        self._maybe_load_more()

    def _maybe_load_more(self) -> None:
        pager = self._pager
        if pager is None or pager.exhausted or self._loading_more:
            return
        if self.table.cursor_row >= self.table.row_count - PREFETCH_ROWS:
            self._loading_more = True
            self.load_more(self._generation, pager)

    @work(exclusive=True, group="page", exit_on_error=False, description="load more customers")
    async def load_more(self, generation: int, pager: CustomerPager) -> None:
        try:
            async with self.tui.busy("Loading more"):
                customers = await pager.next_page()
        except Exception as exc:
            self.post_message(PageLoaded(generation, pager, [], exc))
            return
        self.post_message(PageLoaded(generation, pager, customers))

    @on(PageLoaded)
    def page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self._generation:
            return
        self._loading_more = False
        if message.error is not None:
            report_error(self.app, message.error, action="load more customers")
            return
        before = self.table.row_count
        self.table.append_customers(message.customers)
        self._update_summary(self._total_words())
        if self.table.row_count == before:
            # A page with nothing new (the total shrank, or merged results repeat): stop asking,
            # or the cursor at the end would fetch forever. `r` searches again.
            self._pager = None
            self._restore_place()
            return
        self._restore_place()
        self._maybe_load_more()

    def _search_keeping_place(self) -> None:
        """Search again and bring the cursor back to the same customer (or, if it is gone, the
        same row), loading pages down to it: an agent on row 480 who reloads stays there."""
        customer = self.table.highlighted
        number = customer.customer_number if customer is not None else None
        row = self.table.cursor_row
        self.start_search()
        self._keep_place = (number, row)
        if not self._searching:  # answered at once (the connection check's page)
            self._restore_place()

    def _restore_place(self) -> None:
        if self._keep_place is None:
            return
        number, row = self._keep_place
        table, pager = self.table, self._pager
        if number is not None and number in table:
            self._keep_place = None
            index = next(i for i, c in enumerate(table.customers) if c.customer_number == number)
            table.move_cursor(row=index)
            return
        if table.row_count > row or pager is None or pager.exhausted:
            self._keep_place = None
            table.move_cursor(row=min(row, max(table.row_count - 1, 0)))
            return
        if not self._loading_more:
            self._loading_more = True
            self.load_more(self._generation, pager)

    @work(group="rows", exit_on_error=False, description="reload customers")
    async def reload_rows(self, numbers: list[str]) -> None:
        for number in numbers:
            try:
                async with self.tui.busy(f"Reloading {number}"):
                    customer = await self.tui.service.get_customer(number)
            except Exception as exc:
                if "NotFound" in {c.__name__ for c in type(exc).__mro__}:
                    self.table.remove_customer(number)
                    continue
                report_error(self.app, exc, action=f"reload customer {number}")
                continue
            self.table.replace_customer(customer)

    # Actions -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return self.query_one("#search", SearchBox).has_focus
        queue_state = self.queue_action_state(action)
        return self.change_action_state(action) if queue_state is None else queue_state

    def action_focus_search(self) -> None:
        box = self.query_one("#search", SearchBox)
        if box.has_focus:
            # The box selects its query itself (or types the `/` of a regex), in turn with the
            # keys already queued for it.
            raise SkipAction()
        # At once, not as Widget.focus() does (later, from the queue): the keys typed right
        # after `/` are queued already and must land in the box, not run as list commands.
        self.set_focus(box)
        box.select_everything()

    def action_to_list(self) -> None:
        if not self.query_one("#search", SearchBox).has_focus:
            raise SkipAction()  # the list (or a dialog's widget) moves down itself
        # While walking the history ↓ goes newer first; past the newest it is back to the list.
        if self.recall_newer():
            return
        self._flush_typing()
        self.remember_search()
        # At once, not as Widget.focus() does (later, from the queue): the keys typed right
        # after ↓ belong to the list (↓ h holds, it does not type an h).
        self.set_focus(self.table)

    def search_history(self) -> History:
        return self.tui.history("search")

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.set_focus(self.table)
        elif self.table.marked:
            self.table.clear_marks()
            self.notify("Marks cleared.")

    @on(CustomerTable.RowSelected, "#customers")
    def row_selected(self, _event: CustomerTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self._flush_typing() or self._searching:
            # The list still shows the previous search; open what the agent asked for instead.
            self._open_when_found = True
            return
        customer = self.table.highlighted
        if customer is None:
            self.notify("Nothing to open: the list is empty.", severity="warning")
            return
        self.remember_search()
        self.tui.open_customer(customer.customer_number, customer)

    def action_cycle_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._update_summary()
        self.start_search()

    def action_reload(self) -> None:
        self._search_keeping_place()

    def action_filter(self, which: str) -> None:
        f = self.filters
        if which == "on_hold":
            f = replace(f, on_hold=not f.on_hold)
        elif which == "inactive":
            f = replace(f, inactive=not f.inactive)
        elif which in ("B2B", "B2C"):
            f = replace(f, model=None if f.model == which else which)
        elif which == "restriction":
            index = RESTRICTIONS.index(f.restriction) if f.restriction in RESTRICTIONS else 0
            f = replace(f, restriction=RESTRICTIONS[(index + 1) % len(RESTRICTIONS)])
        elif which == "clear":
            f = QuickFilters()
        self.set_filters(f)

    def set_filters(self, filters: QuickFilters) -> None:
        """Search again with these quick filters (a key or `:filter`)."""
        self.filters = filters
        self._update_summary()
        self.start_search()

    def action_mark(self) -> None:
        if self.tui.read_only:
            # Marks only serve a bulk hold or release, which read-only refuses anyway.
            self.notify(
                read_only_refusal(self.tui, "Marking for a bulk hold"),
                title="Read-only",
                severity="warning",
            )
            return
        if self.table.toggle_mark() is not None:
            count = len(self.table.marked)
            self._update_summary()
            self.notify(f"{count} marked.", timeout=2)

    def unmark(self, numbers: Iterable[str]) -> None:
        """After a bulk change: the done customers lose their marks, so a retry takes the rest."""
        self.table.unmark(numbers)

    def change_target(self) -> Any | None:
        return self.table.highlighted

    def hold_targets(self) -> list[Any]:
        """The marked customers, or else the highlighted one."""
        return self.marked_customers() or super().hold_targets()

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        return [
            ("Sort: next order", self.action_cycle_sort, f"Now: {SORTS[self.sort_index][1]}"),
            ("Filter: on hold", partial(self.action_filter, "on_hold"), "F2"),
            ("Filter: inactive", partial(self.action_filter, "inactive"), "F3"),
            ("Filter: B2B", partial(self.action_filter, "B2B"), "F4"),
            ("Filter: B2C", partial(self.action_filter, "B2C"), "F5"),
            ("Filter: next restriction", partial(self.action_filter, "restriction"), "F6"),
            ("Filter: clear all", partial(self.action_filter, "clear"), "F7"),
            ("Save this search as a queue…", self.action_save_queue, ":queue save NAME"),
            ("Activity: my recent changes", self.action_activity, "A"),
            ("Undo my last change", self.action_undo, "u"),
            ("New customer", self.action_new, "n"),
        ]
