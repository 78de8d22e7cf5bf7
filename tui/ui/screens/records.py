"""The list of any record kind: type to search, the kind's quick filters and sorts, a lazily paged table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from tui.core.errors import Invalid
from tui.core.history import HistoryWalk
from tui.core.kinds import RecordKind
from tui.ui.errors import report_error
from tui.ui.list_keys import LIST_KEYS
from tui.ui.literal import literal
from tui.ui.record_search import Choice, RecordsAnswer, RecordsFound, RecordsPage
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.record_table import RecordTable
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.core.paging import Pager
    from tui.ui.app import CustomerTuiApp

DEBOUNCE_SECONDS = 0.25
PAGE_SIZE = 60
PREFETCH_ROWS = 10
"""Read the next page when the cursor gets this close to the last loaded row."""
FILTER_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9")
"""The keys a kind's quick filters may use; those it does not use are neither shown nor live."""


class _QuickFilterKeys(Screen[None]):
    """The F-keys of the quick filters. Declared on a base rather than on the list itself, so
    help lists only the kind's own (by `HELP_KEYS`) and the key bar one entry for them all."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "quick_filter('f2')", "Filters", id="quick-filters"),
        *(
            Binding(key, f"quick_filter('{key}')", "Filter", id=f"quick-{key}", show=False)
            for key in FILTER_KEYS[1:]
        ),
    ]


class RecordListScreen(_QuickFilterKeys):
    """Find records of one kind (under a parent record, for a kind that lives under one);
    Enter opens the highlighted one through `app.open_record`."""

    COMMAND_MODE = True
    """`:` opens command mode here (the app asks)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search", key_display="/", priority=True),
        Binding("enter", "open", "Open", id="open", key_display="⏎"),
        Binding("down", "to_list", "To the list", id="to-list", show=False),
        Binding("s", "cycle_sort", "Sort", id="sort", tooltip="Next sort order (by the server)"),
        Binding("r", "reload", "Reload", id="reload", show=False, tooltip="Search again"),
        Binding("escape", "escape", "To the list", id="escape", show=False),
        *LIST_KEYS,
    ]

    def __init__(self, kind: str, parent: str | None = None) -> None:
        super().__init__()
        self.kind_name = kind
        self.parent_key = parent
        """The key of the record this list lives under (a Kibo account's users), or None."""
        self._kind: RecordKind | None = None
        self.choice: Choice | None = None
        self.query_text = ""
        self.problem = ""
        """The search refused before sending (a bad filter), in words; empty otherwise."""
        self._generation = 0
        self._pager: Pager[Any] | None = None
        self._loading_more = False
        self._searching = False
        self._open_when_found = False
        self._debounce: Timer | None = None
        self._pending: str | None = None
        self._walk: HistoryWalk | None = None
        self._from_history: str | None = None

    @property
    def tui(self) -> CustomerTuiApp:
        return self.app  # type: ignore[return-value]

    @property
    def kind(self) -> RecordKind:
        if self._kind is None:
            self._kind = self.tui.backend.kinds[self.kind_name]
            self.choice = Choice(self._kind)
        return self._kind

    @property
    def chosen(self) -> Choice:
        if self.choice is None:
            self.choice = Choice(self.kind)
        return self.choice

    # Help: the kind's words ------------------------------------------------------------------

    @property
    def HELP_TITLE(self) -> str:
        under = f" of {self.parent_key}" if self.parent_key else ""
        return f"{self.kind.title} list{under}"

    def help_intro(self) -> str:
        """The help screen's intro, in the kind's words (a kind is known only once built)."""
        hint = self.kind.search_hint or "text"
        return (
            f"Type to find {self.kind.plural} ({hint}); `field:value` filters on one field. "
            "Results follow as you type; Enter or ↓ moves to the list, Enter opens. "
            "↑ in the box walks your earlier searches. : opens command mode."
        )

    @property
    def HELP_KEYS(self) -> dict[str, tuple[str, str, str]]:
        found = {}
        for quick in self.kind.quick_filters:
            binding = "quick-filters" if quick.key == "f2" else f"quick-{quick.key}"
            cycle = (
                f"cycles {', '.join(quick.choices)}, then off" if quick.choices else "again: off"
            )
            found[binding] = (quick.key.upper(), quick.label, f"Only these ({cycle})")
        return found

    @property
    def EXTRA_HELP(self) -> list[tuple[str, str, str]]:
        sorts = " · ".join(s.label for s in self.kind.sorts)
        return [("s / S", "Sort orders", sorts)] if sorts else []

    def filter_keys_display(self) -> str:
        """The key bar's one entry for every quick filter, e.g. F2 to F3."""
        keys = [q.key.upper() for q in self.kind.quick_filters]
        return keys[0] if len(keys) == 1 else f"{keys[0]}–{keys[-1]}"  # noqa: RUF001

    # Layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        hint = self.kind.search_hint or self.kind.plural
        yield StatusLine()
        yield SearchBox(
            placeholder=f"Search {self.kind.plural}: {hint}  (/)", id="search", compact=True
        )
        yield Label(id="summary")
        yield RecordTable(self.kind, id="records")
        yield Static("Searching…", id="message")
        yield KeyFooter()

    def on_mount(self) -> None:
        if hasattr(self.tui, "masked"):  # mask mode (another branch): rows redrawn masked
            self.watch(self.tui, "masked", lambda _v: self.table.redraw(), init=False)
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
        return f"{count:,} of {about}{total:,} {self.kind.plural}{more} ·"

    @on(Input.Changed, "#search")
    def typed(self, event: Input.Changed) -> None:
        if event.value != self._from_history and self._walk is not None:
            self._walk.reset()
        self._from_history = None
        self._open_when_found = False
        self._pending = event.value
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._flush_typing)

    def _flush_typing(self) -> bool:
        """Search now for what was typed, if the debounce has not yet; True when it did."""
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        pending, self._pending = self._pending, None
        if pending is None or (pending.strip() == self.query_text and self._pager is not None):
            return False
        self.query_text = pending.strip()
        self.start_search()
        return True

    @on(Input.Submitted, "#search")
    def submitted(self, _event: Input.Submitted) -> None:
        self.remember_search()
        if not self._flush_typing() and self._pager is None and not self._searching:
            self.start_search()  # the last search failed: Enter tries again
        self.table.move_cursor(row=0)
        if not self.problem:
            self.table.focus()

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
        view = report_error(self.tui, error, action=action, notify=False)
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
            report_error(self.tui, message.error, action=f"load more {self.kind.plural}")
            return
        added = self.table.append(message.records)
        self._update_summary(self._counted_words())
        if added == 0:
            self._pager = None  # nothing new: stop asking, or the end would read forever
            return
        self._maybe_load_more()

    # Actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quick_filter":
            key = str(parameters[0]) if parameters else ""
            return self.chosen.quick_filter(key) is not None
        return True

    def action_focus_search(self) -> None:
        box = self.query_one("#search", SearchBox)
        if box.has_focus:
            raise SkipAction()
        self.set_focus(box)  # at once: the keys typed after `/` are queued for the box already
        box.select_everything()

    def action_to_list(self) -> None:
        walk = self._walk
        if walk is not None and walk.browsing:
            self._recall(walk.newer())
            return
        self._flush_typing()
        self.remember_search()
        self.table.focus()

    def action_escape(self) -> None:
        if self.query_one("#search", SearchBox).has_focus:
            self.table.focus()

    @property
    def history_walk(self) -> HistoryWalk:
        history = self.tui.history(f"search-{self.tui.backend.platform}-{self.kind.name}")
        if self._walk is None or self._walk.history is not history:
            self._walk = HistoryWalk(history)
        return self._walk

    def action_history_older(self) -> None:
        box = self.query_one("#search", SearchBox)
        older = self.history_walk.older(box.value)
        if older is None:
            self.notify(
                "No earlier searches." if not self.history_walk.browsing else "Oldest search.",
                timeout=2,
            )
            return
        self._recall(older)

    def _recall(self, text: str) -> None:
        box = self.query_one("#search", SearchBox)
        self._from_history = text
        box.value = text
        box.cursor_position = len(text)

    def remember_search(self) -> None:
        """Keep what is in the box in the agent's search history (empty ones are not kept)."""
        self.history_walk.history.add(self.query_one("#search", SearchBox).value)
        self.history_walk.reset()

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

    def set_choice(self, choice: Choice) -> None:
        """Search again with these filters and this sort (a key, the palette or command mode)."""
        self.choice = choice
        self._update_summary()
        self.start_search()

    def action_quick_filter(self, key: str) -> None:
        quick = self.chosen.quick_filter(key)
        if quick is not None:
            self.set_choice(self.chosen.toggled(quick))

    def action_clear_filters(self) -> None:
        self.set_choice(self.chosen.cleared())

    def action_cycle_sort(self) -> None:
        if len(self.kind.sorts) < 2:
            self.notify(f"{self.kind.plural.capitalize()} have one order only.", timeout=3)
            return
        self.set_choice(self.chosen.sorted_by(self.chosen.sort_index + 1))

    def action_reverse_sort(self) -> None:
        index = self.chosen.reverse_index()
        if index is None:
            sort = self.chosen.sort
            why = (
                "Best match has no direction: press s for a sort by field, then S reverses it."
                if sort.value is None
                else f"The server offers “{sort.label}” in this direction only: s for another order."
            )
            self.notify(why, timeout=4)
            return
        self.set_choice(self.chosen.sorted_by(index))

    def action_reload(self) -> None:
        self.start_search()

    def action_list_move(self, step: int) -> None:
        self.table.action_cursor(step)

    def action_list_top(self) -> None:
        self.table.action_first()

    def action_list_bottom(self) -> None:
        self.table.action_last()

    def action_toggle_wide(self) -> None:
        wide = self.table.toggle_wide()
        self.notify(
            "Wide: every column; ←/→ scroll sideways, ctrl+w again to fit."
            if wide
            else "Columns fitted to the terminal again.",
            timeout=3,
        )

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        choice = self.chosen
        commands: list[tuple[str, Callable[[], Any], str]] = [
            ("Sort: next order", self.action_cycle_sort, f"Now: {choice.sort.label}"),
        ]
        for quick in self.kind.quick_filters:
            commands.append(
                (
                    f"Filter: {quick.label.lower()}",
                    partial(self.action_quick_filter, quick.key),
                    quick.key.upper(),
                )
            )
        if self.kind.quick_filters:
            commands.append(
                ("Filter: clear all", self.action_clear_filters, "Every quick filter off")
            )
        return commands


def sort_candidates(kind: RecordKind) -> Sequence[str]:
    """The sort values command mode completes (`best` for best match)."""
    return [s.value or "best" for s in kind.sorts]
