"""The list of any record kind: type to search, the kind's quick filters and sorts, a lazily paged table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from tui.core.errors import Invalid, NotFound
from tui.core.history import History
from tui.core.kinds import RecordKind
from tui.core.paging import HeldPages
from tui.ui.errors import report_error
from tui.ui.flows.messages import RecordChanged
from tui.ui.list_keys import LIST_KEYS
from tui.ui.literal import literal
from tui.ui.queue_keys import QUEUE_KEYS
from tui.ui.record_list_keys import RecordListKeys
from tui.ui.record_queues import RecordQueues
from tui.ui.record_search import RecordsAnswer, RecordsFound, RecordsPage
from tui.ui.screen_lifetime import watch_app
from tui.ui.search_history import SearchHistoryKeys
from tui.ui.search_pacing import SearchPacer
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.record_table import RecordTable
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.core.paging import Pager

PAGE_SIZE = 60
PREFETCH_ROWS = 10
"""Read the next page when the cursor gets this close to the last loaded row."""


class RecordListScreen(RecordQueues, SearchHistoryKeys, RecordListKeys):
    """Find records of one kind (under a parent record, for a kind that lives under one);
    Enter opens the highlighted one through `app.open_record`."""

    COMMAND_MODE = True
    """`:` opens command mode here (the app asks)."""
    LIST_SCREEN = True
    """A list `/` goes back to from any screen (`tui.ui.home.is_list_screen`)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search", key_display="/", priority=True),
        Binding("enter", "open", "Open", id="open", key_display="⏎"),
        # Priority, as `/`: handled as it is read, so the keys typed right after it already go
        # to the list. Only while the search box has focus (check_action): elsewhere ↓ moves.
        Binding("down", "to_list", "To the list", id="to-list", key_display="↓", priority=True),
        Binding("s", "cycle_sort", "Sort", id="sort", tooltip="Next sort order (by the server)"),
        Binding("r", "reload", "Reload", id="reload", show=False, tooltip="Search again"),
        Binding("escape", "escape", "To the list", id="escape", show=False),
        *LIST_KEYS,
        *QUEUE_KEYS,
    ]

    def __init__(self, kind: str, parent: str | None = None) -> None:
        super().__init__()
        self.kind_name = kind
        self.parent_key = parent
        """The key of the record this list lives under (a Kibo account's users), or None."""
        self._kind: RecordKind | None = None
        self.choice = None
        self.query_text = ""
        self.problem = ""
        """The search refused before sending (a bad filter), in words; empty otherwise."""
        self._generation = 0
        self._pager: Pager[Any] | None = None
        self._loading_more = False
        self._searching = False
        self._open_when_found = False
        self.pacer = SearchPacer(self, self._search_typed)
        """Starts the searches the box's changes ask for, at most one per 120 ms of typing."""

    # Layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        hint = self.kind.search_hint or self.kind.plural
        yield StatusLine()
        yield SearchBox(
            placeholder=f"Search {self.kind.plural}: {hint}  (/)", id="search", compact=True
        )
        yield Label(id="summary")
        yield self.compose_queue_row()
        yield RecordTable(self.kind, id="records")
        yield Static("Searching…", id="message")
        yield KeyFooter()

    def on_mount(self) -> None:
        if hasattr(self.tui, "masked"):  # mask mode (another branch): rows redrawn masked
            watch_app(self, "masked", lambda _v: self.table.redraw(), init=False)
        self._update_summary()
        self.start_search()

    @property
    def table(self) -> RecordTable:
        return self.query_one(RecordTable)

    @property
    def highlighted(self) -> Any | None:
        return self.table.highlighted

    @property
    def is_searching(self) -> bool:
        return self._searching

    def show_record(self, record: Any) -> None:
        """Update one row in place with a record read elsewhere (the detail screen)."""
        self.table.replace(record)

    @on(RecordChanged)
    def record_changed(self, message: RecordChanged) -> None:
        """A flow changed a record: its row shows it as it is now (read again when the flow
        could not; gone when it no longer exists)."""
        if message.kind == self.kind_name and self.query("#queues"):
            self.queue_row.refresh_counts()  # the change may move it in or out of a queue
        if message.kind != self.kind_name or message.key not in self.table:
            return
        if message.record is not None:
            self.table.replace(message.record)
        else:
            self.reload_row(message.key)

    @work(group="rows", exit_on_error=False, description="reload a record")
    async def reload_row(self, key: str) -> None:
        try:
            async with self.tui.busy(f"Reloading {key}"):
                record = await self.tui.backend.get(self.kind_name, key)
        except NotFound:
            self.table.remove_record(key)
            self._update_summary(self._counted_words())
            return
        except Exception as exc:
            report_error(self.app, exc, action=f"reload {self.kind.title.lower()} {key}")
            return
        self.table.replace(record)

    # Searching -------------------------------------------------------------------------------

    def _update_summary(self, counted: str | None = None) -> None:
        if counted is not None:
            self._counted = counted
        label = self.query_one("#summary", Label)
        label.set_class(bool(self.problem), "-problem")
        if self.problem:
            label.update(literal(f"✖ Not searched: {self.problem}"), layout=False)
            return
        choice = self.chosen
        text = (
            f"{getattr(self, '_counted', '')} Sort: {choice.sort.label} · Filters: {choice.words()}"
        )
        label.update(literal(text.strip()), layout=False)

    def _counted_words(self) -> str:
        pager, count = self._pager, self.table.row_count
        if pager is None:
            return ""
        total = pager.total
        more = "" if pager.exhausted else ", more below"
        if total is None:
            return f"{count:,} shown{more} ·"
        about = "≈" if pager.total_is_estimate else ""
        what = self.kind.title.lower() if total == 1 else self.kind.plural
        return f"{count:,} of {about}{total:,} {what}{more} ·"

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
        self.query_text = text.strip()
        self.start_search()
        return not self.problem  # a search the platform refused sent nothing

    @on(Input.Submitted, "#search")
    def submitted(self, _event: Input.Submitted) -> None:
        if self.focused is self.table:
            # A second Enter typed in the box before the first moved the focus: open.
            self.action_open()
            return
        self.remember_search()
        if not self._flush_typing() and self._pager is None and not self._searching:
            self.start_search()  # the last search failed: Enter tries again
        self.table.move_cursor(row=0)
        if not self.problem:
            self.set_focus(self.table)

    def start_search(self) -> None:
        """Start a new search; the generation makes any older answer stale. A search the
        platform refuses before sending (a bad filter) says why at the box and sends nothing."""
        self.tui.last_error = ""
        self._generation += 1
        self._loading_more = False
        self.workers.cancel_group(self, "page")
        choice = self.chosen
        try:
            pager = self.tui.backend.find(
                self.kind.name,
                self.query_text,
                filters=choice.fragments(),
                sort=choice.sort.value,
                page_size=PAGE_SIZE,
                parent=self.parent_key,
            )
        except Invalid as refused:
            self._refused(refused)
            return
        self.problem = ""
        held = pager.held_next_page() if isinstance(pager, HeldPages) else None
        if held is not None:
            # The connection check's first page: shown now, so the first frame has the rows
            # with their count (through the worker they came a frame after it).
            self.found(RecordsFound(self._generation, pager, list(held)))
            return
        self._searching = True
        self.query_one("#message", Static).update("Searching…", layout=False)
        self.run_search(self._generation, pager)

    def _refused(self, refused: Invalid) -> None:
        self._searching = False
        self._open_when_found = False
        self._pager = None
        self.problem = refused.message
        self._update_summary()
        self.query_one("#message", Static).update(
            literal(f"Not searched: {refused.message}.\n\nNothing was sent; correct the search.")
        )
        self.set_class(True, "-message")

    @work(exclusive=True, group="search", exit_on_error=False, description="search records")
    async def run_search(self, generation: int, pager: Pager[Any]) -> None:
        async with self.tui.busy("Searching"):
            try:
                await self.tui.opened_backend()
                records = list(await pager.next_page())
            except Exception as exc:
                self.post_message(RecordsFound(generation, None, [], exc))
                return
        self.post_message(RecordsFound(generation, pager, records))

    @on(RecordsFound)
    def found(self, message: RecordsFound) -> None:
        if message.generation != self._generation:
            return
        self._searching = False
        if message.error is not None:
            self._open_when_found = False
            self._pager = None
            self._update_summary("Search failed ·")
            self._show_error(message.error, f"search {self.kind.plural}")
            return
        self._pager = message.pager
        self.mark_active_queue()
        self.table.show(message.records)
        empty = self.table.row_count == 0
        if empty:
            what = f"“{self.query_text}”" if self.query_text else "the current filters"
            hint = "Try fewer words or another spelling"
            hint += ", or switch the filters off." if self.chosen.filters else "."
            self.query_one("#message", Static).update(
                literal(f"No {self.kind.plural} match {what}.\n\n{hint}")
            )
        self.set_class(empty, "-message")
        self._update_summary(self._counted_words())
        self._maybe_load_more()
        if self._open_when_found:
            self._open_when_found = False
            self.action_open()

    def _show_error(self, error: BaseException, action: str) -> None:
        view = report_error(self.app, error, action=action, notify=False)
        self.query_one("#message", Static).update(literal(f"{view.title}\n\n{view.text}"))
        self.set_class(True, "-message")

    @on(RecordTable.RowHighlighted, "#records")
    def highlighted_row(self, _event: RecordTable.RowHighlighted) -> None:
        self._maybe_load_more()

    def _maybe_load_more(self) -> None:
        pager = self._pager
        if pager is None or pager.exhausted or self._loading_more:
            return
        if self.table.cursor_row >= self.table.row_count - PREFETCH_ROWS:
            self._loading_more = True
            self.load_more(self._generation, pager)

    @work(exclusive=True, group="page", exit_on_error=False, description="load more records")
    async def load_more(self, generation: int, pager: Pager[Any]) -> None:
        try:
            async with self.tui.busy("Loading more"):
                records = list(await pager.next_page())
        except Exception as exc:
            self.post_message(RecordsPage(generation, pager, [], exc))
            return
        self.post_message(RecordsPage(generation, pager, records))

    @on(RecordsPage)
    def page_loaded(self, message: RecordsAnswer) -> None:
        if message.generation != self._generation:
            return
        self._loading_more = False
        if message.error is not None:
            report_error(self.app, message.error, action=f"load more {self.kind.plural}")
            return
        added = self.table.append(message.records)
        self._update_summary(self._counted_words())
        if added == 0:
            self._pager = None  # nothing new: stop asking, or the end would read forever
            return
        self._maybe_load_more()

    # Actions ---------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        box = self.query_one("#search", SearchBox)
        if box.has_focus:
            raise SkipAction()
        self.set_focus(box)  # at once: the keys typed after `/` are queued for the box already
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

    def action_escape(self) -> None:
        if self.query_one("#search", SearchBox).has_focus:
            self.set_focus(self.table)

    def search_history(self) -> History:
        return self.tui.history(f"search-{self.tui.backend.platform}-{self.kind.name}")

    @on(RecordTable.RowSelected, "#records")
    def row_selected(self, _event: RecordTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        if self._flush_typing() or self._searching:
            self._open_when_found = True  # the list still shows the search before
            return
        record = self.table.highlighted
        if record is None:
            why = self.problem or f"the list is empty; no {self.kind.plural} to open"
            self.notify(f"Nothing to open: {why}.", severity="warning")
            return
        self.remember_search()
        self.tui.open_record(self.kind.name, self.kind.key(record), record)
