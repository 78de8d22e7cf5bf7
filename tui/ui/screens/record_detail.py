"""The detail screen of any record kind: its tabs from the kind, its actions on the kind's keys."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from tui.core.journal import DONE
from tui.core.kinds import Column, DetailTab, RecordKind
from tui.core.shown import label as one_line
from tui.core.shown import whole_json
from tui.ui.errors import report_error
from tui.ui.flows.act import run_key
from tui.ui.flows.activity import show_activity
from tui.ui.flows.common import CHANGE_GROUP, FlowApp
from tui.ui.flows.journal import Attempt, write
from tui.ui.flows.messages import RecordChanged, RecordLoaded
from tui.ui.flows.undo import undo_last
from tui.ui.literal import literal
from tui.ui.masking import field_words, mask_of, masked_fields, shown
from tui.ui.pager import show_in_pager
from tui.ui.record_copy import COPY_ACTIONS, COPY_BINDINGS, RecordCopy
from tui.ui.screen_lifetime import watch_app
from tui.ui.screens.reveal import RevealScreen
from tui.ui.screens.ticket import TicketScreen
from tui.ui.why import CASE_NOTE_BINDING, WHY_BINDING, WhyKeys
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.kind_keys import keys_for
from tui.ui.widgets.record_views import fields_view, raw_view
from tui.ui.widgets.status_line import StatusLine
from tui.ui.widgets.tab_table import TabTable

log = logging.getLogger(__name__)

RELATED_LIMIT = 200
"""Rows a related tab reads at most (an account's users are 2 to 20): the rest are counted."""


class RelatedLoaded(Message):
    """A table tab's related records arrived (or `error` says why not)."""

    def __init__(
        self, tab: str, items: list[Any], total: int | None, error: BaseException | None = None
    ) -> None:
        super().__init__()
        self.tab = tab
        self.items = items
        self.total = total
        self.error = error


def _rows_text(app: Any, tab: DetailTab, record: Any, revealed: Any = None) -> Any:
    try:
        return fields_view(app, tab.rows(record) if tab.rows else [], revealed)
    except Exception as exc:  # one tab that cannot be drawn must not take the others with it
        log.error("could not render a detail tab", exc_info=exc)
        return Text(f"This tab could not be shown ({type(exc).__name__}).", style="italic")


class RecordDetailScreen(RecordCopy, WhyKeys, Screen[None]):
    """One record of any kind, read with `backend.get`; related tabs read with `backend.find`."""

    HELP_TITLE = "Record detail"
    HELP = (
        "The number keys switch tabs (also ←/→ on the tab row); ↑/↓ move in a table and Enter "
        "opens the highlighted record. Changes are confirmed first; u undoes your latest one. "
        "o shows the whole record as JSON in the pager; y copies a field of the tab shown, Y the "
        "whole record as JSON. The header says how old the data is. Esc goes back."
    )

    # Not scoped: the NO_COLOR rules start at the app, whose class says colour is off.
    SCOPED_CSS = False
    DEFAULT_CSS = """
    RecordDetailScreen #body { height: 1fr; }
    RecordDetailScreen #header { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    RecordDetailScreen #tabs { height: 1fr; }
    RecordDetailScreen TabPane { padding: 0; }
    RecordDetailScreen .tab-body { height: 1fr; padding: 0 1; }
    RecordDetailScreen .tab-fields { height: auto; padding: 0 1; }
    RecordDetailScreen .tab-note { height: auto; padding: 0 1; color: $text-muted; }
    RecordDetailScreen DataTable { height: 1fr; }
    RecordDetailScreen.-message #message { display: block; }
    RecordDetailScreen.-message #tabs { display: none; }
    .-no-color RecordDetailScreen DataTable > .datatable--cursor { text-style: underline; }
    .-no-color RecordDetailScreen DataTable:focus > .datatable--cursor {
        text-style: bold reverse;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to where you came from"),
        Binding("r", "reload", "Reload", id="reload", tooltip="Read the record again"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo your latest change", show=False),
        Binding("A", "activity", "Activity", id="activity", show=False, tooltip="Your changes"),
        replace(WHY_BINDING, show=False, tooltip="Why can't they sign in or order: every check"),
        CASE_NOTE_BINDING,
        Binding(
            "o", "pager", "Whole JSON", id="pager", tooltip="The whole record in $PAGER", show=False
        ),
        *COPY_BINDINGS,
        Binding(
            "v",
            "reveal",
            "Reveal a field",
            id="reveal",
            show=False,
            tooltip="Mask mode: show one masked field of this record (journalled)",
        ),
    ]

    def __init__(self, kind: str, key: str, record: Any | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.WHY_KIND = kind  # `w` diagnoses this record, whatever its kind
        self.key = key
        self.record: Any | None = None
        """The record as last read (None until the first load succeeds)."""
        self._preview = record
        self._generation = 0
        self._not_loaded = False
        self._related: dict[str, list[Any]] = {}
        self.revealed: str | None = None
        """Mask mode: the one wire path (`v`) shown unmasked until the agent leaves this record."""

    @property
    def flows(self) -> FlowApp:
        return cast(FlowApp, self.app)

    @property
    def described(self) -> RecordKind:
        """The kind's description (its tabs, columns, actions), from the backend."""
        return self.flows.backend.kinds[self.kind]

    # Building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        kind = self.described
        self.HELP_TITLE = f"{kind.title} detail"
        yield StatusLine()
        with keys_for(kind)(id="body"):
            yield Static(id="header")
            with TabbedContent(id="tabs"):
                for tab in kind.tabs:
                    with TabPane(f"{tab.key} {tab.label}", id=f"tab-{tab.name}"):
                        yield from self._compose_tab(tab)
            yield Static(id="message")
        yield KeyFooter()

    def _compose_tab(self, tab: DetailTab) -> ComposeResult:
        if tab.layout == "table":
            if tab.rows:
                yield Static(id=f"{tab.name}-fields", classes="tab-fields")
            yield Static("Loading…", id=f"{tab.name}-note", classes="tab-note")
            yield TabTable(id=f"{tab.name}-table")
        else:
            with VerticalScroll(classes="tab-body"):
                yield Static("Loading…", id=f"{tab.name}-body")

    def _columns(self, tab: DetailTab) -> tuple[Column, ...]:
        """The tab's columns, or its related kind's, without those the kind keeps for wider
        terminals (so a table fits 80 columns without scrolling sideways)."""
        columns = tab.columns
        if not columns and tab.related is not None:
            columns = self.flows.backend.kinds[tab.related.kind].columns
        width = self.app.size.width
        return tuple(c for c in columns if c.min_terminal <= width)

    def on_mount(self) -> None:
        watch_app(self, "read_only", lambda _v: self.refresh_bindings(), init=False)
        if hasattr(type(self.app), "masked"):  # mask mode (another branch) redraws on a toggle
            watch_app(self, "masked", self._mask_switched, init=False)
        self.start_age()
        self._show_header(self._preview, loading=True)
        self.reload()

    # Loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the record again (after a change, or `r`)."""
        self._generation += 1
        self.load(self._generation)

    @work(exclusive=True, group="record", exit_on_error=False, description="open record")
    async def load(self, generation: int) -> None:
        try:
            async with self.flows.busy(f"Loading {self.key}"):
                record = await self.flows.backend.get(self.kind, self.key)
        except Exception as exc:
            self.post_message(RecordLoaded(self.kind, self.key, None, exc, generation=generation))
            return
        self.post_message(RecordLoaded(self.kind, self.key, record, generation=generation))

    @on(RecordLoaded)
    def _loaded(self, message: RecordLoaded) -> None:
        if message.generation != self._generation:
            return
        if message.error is not None:
            title = f"{self.described.title} {self.key}"
            view = report_error(
                self.app, message.error, action=f"open {title.lower()}", subject=title
            )
            self._show_header(self.record or self._preview)
            if self.record is None:
                self.query_one("#message", Static).update(literal(f"{view.title}\n\n{view.text}"))
                self.set_class(True, "-message")
                self._not_loaded = True
                self.refresh_bindings()
            return
        self._not_loaded = False
        self.flows.last_error = ""
        self.show_record(message.record)

    def show_record(self, record: Any) -> None:
        """Show `record` on every tab, and read the related tabs again."""
        self.record = record
        self.age.loaded()
        self.set_class(False, "-message")
        self._redraw()
        for tab in self.described.tabs:
            if tab.related is not None:
                self.load_related(tab)
        self.refresh_bindings()

    def _redraw(self) -> None:
        record = self.record
        if record is None:
            return
        self._show_header(record)
        for tab in self.described.tabs:
            if tab.layout == "fields":
                self.query_one(f"#{tab.name}-body", Static).update(
                    _rows_text(self.app, tab, record, self._revealed_value())
                )
            elif tab.layout == "raw":
                try:
                    body: Any = raw_view(self.app, self.described.wire(record), self.revealed)
                except Exception as exc:
                    log.error("could not render the raw tab", exc_info=exc)
                    body = Text("The record could not be shown as JSON; o opens it in the pager.")
                self.query_one(f"#{tab.name}-body", Static).update(body)
            else:
                if tab.rows:
                    fields = _rows_text(self.app, tab, record, self._revealed_value())
                    self.query_one(f"#{tab.name}-fields", Static).update(fields)
                if tab.related is None:
                    items = list(tab.items(record)) if tab.items else []
                    self._fill(tab, items, len(items))
                elif tab.name in self._related:
                    items = self._related[tab.name]
                    self._fill(tab, items, len(items))

    def _show_header(self, record: Any | None, *, loading: bool = False) -> None:
        kind = self.described
        text = Text()
        if record is None:
            text.append(f"{kind.title} {self.key}", style="bold")
        else:
            text.append(f"{kind.title}: ", style="bold")
            text.append(one_line(str(shown(self.app, None, kind.label(record)))), style="bold")
            age, warning = self.age_text() if record is self.record and not loading else ("", "")
            text.append(f"  {age}" if age else "", style="dim")
            text.append(f" · {warning}" if warning else "", style="bold")
            facts = [
                f"{c.label} {shown(self.app, c.name, c.value(record)) or '—'}"
                for c in kind.columns[2:]
            ]
            if facts:
                text.append("\n" + " · ".join(facts))
        if loading:
            text.append("  loading…", style="dim italic")
        self.query_one("#header", Static).update(text)

    @work(group="related", exit_on_error=False, description="read related records")
    async def load_related(self, tab: DetailTab) -> None:
        related = tab.related
        record = self.record
        if related is None or record is None:
            return
        try:
            pager = self.flows.backend.find(
                related.kind,
                parent=related.parent(record) if related.parent else None,
                filters=list(related.filters(record)) if related.filters else (),
            )
            items: list[Any] = []
            while len(items) < RELATED_LIMIT:
                page = await pager.next_page()
                if not page:
                    break
                items.extend(page)
        except Exception as exc:
            self.post_message(RelatedLoaded(tab.name, [], None, exc))
            return
        self.post_message(RelatedLoaded(tab.name, items[:RELATED_LIMIT], pager.total))

    @on(RelatedLoaded)
    def _related_loaded(self, message: RelatedLoaded) -> None:
        tab = next(t for t in self.described.tabs if t.name == message.tab)
        if message.error is not None:
            view = report_error(self.app, message.error, action=f"read the {tab.label.lower()}")
            self.query_one(f"#{tab.name}-note", Static).update(literal(view.message))
            return
        self._related[tab.name] = message.items
        self._fill(tab, message.items, message.total)

    def _fill(self, tab: DetailTab, items: list[Any], total: int | None) -> None:
        self.query_one(f"#{tab.name}-table", TabTable).fill(self._columns(tab), items)
        note = self.query_one(f"#{tab.name}-note", Static)
        more = total is not None and total > len(items)
        part = next((p for p in self.described.json_parts if p.wire == tab.name), None)
        edits = ""
        if part is not None:
            # The tab of a part `M` edits says so: the key is not on the key bar.
            edits = f"{self.described.action(part.action).key} edits them in your editor"
        if not items:
            note.update(f"No {tab.label.lower()}." + (f" {edits}." if edits else ""))
        elif tab.related is not None:
            count = f"{len(items)} of {total}" if more else str(len(items))
            note.update(f"{count} {tab.label.lower()} · Enter opens the highlighted one")
        else:
            note.update(f"{len(items)} {tab.label.lower()} · {edits}" if edits else "")
        note.display = bool(not items or tab.related is not None or edits)

    # Messages from the flows ------------------------------------------------------------

    @on(RecordChanged)
    def _changed(self, message: RecordChanged) -> None:
        if message.kind == self.kind and message.key == self.key:
            if message.record is not None:
                self.show_record(message.record)
            else:
                self.reload()
            return
        for tab in self.described.tabs:
            if tab.related is not None and tab.related.kind == message.kind and self.record:
                self.load_related(tab)

    @on(DataTable.RowSelected)
    def _open_row(self, event: DataTable.RowSelected) -> None:
        name = (event.data_table.id or "").removesuffix("-table")
        tab = next((t for t in self.described.tabs if t.name == name), None)
        if tab is None or tab.related is None:
            return
        items = self._related.get(tab.name, [])
        if not 0 <= event.cursor_row < len(items):
            return
        item = items[event.cursor_row]
        kind = self.flows.backend.kinds[tab.related.kind]
        opener = getattr(self.app, "open_record", None)
        if callable(opener):
            opener(kind.name, kind.key(item), item)
        else:
            self.app.push_screen(RecordDetailScreen(kind.name, kind.key(item), item))

    # Keys -------------------------------------------------------------------------------

    def check_kind_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The kind's keys: dimmed while loading, gone if the record could not be read; an
        action that does not apply to the record as it is (unlock an unlocked user) is not
        offered, so the key does the one that does."""
        if self.record is None:
            return False if self._not_loaded else None
        if action in ("kind_change", "kind_read") and parameters:
            try:
                return self.described.action(str(parameters[0])).applies_to(self.record)
            except KeyError:
                return False
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pager", "undo", "why", *COPY_ACTIONS) and self.record is None:
            return False if self._not_loaded else None
        return True

    def action_why(self) -> None:
        kind = self.described
        children = [
            t
            for t in kind.tabs
            if t.related and self.flows.backend.kinds[t.related.kind].parent == kind.name
        ]
        if kind.parent is None and children:
            # The checklist is about the people who sign in, who live under this record.
            tab = children[0]
            self.action_tab(tab.name)
            self.notify(
                f"Why is asked of one of its {tab.label.lower()}: Enter opens one, then press w.",
                title="Why",
            )
            return
        super().action_why()

    def change_target(self) -> Any | None:
        """The record `w` diagnoses (and a fix from the diagnosis acts on)."""
        return self.record

    def kind_key(self, name: str) -> None:
        record = self.record
        if record is None:
            return
        action = self.described.action(name)
        work = run_key(self.flows, self.kind, record, action.key)
        self._run(self._ticket_first(work) if action.changes else work, action.label)

    async def _ticket_first(self, work: Any) -> None:
        """Where a ticket is required (the profile's `require_ticket`, the agents file) and none
        is set, ask for it before the change; without one nothing is changed."""
        app: Any = self.app
        if getattr(app, "require_ticket", False) and not getattr(app, "ticket", None):
            ticket = await app.push_screen_wait(TicketScreen(required=True))
            if not ticket:
                work.close()  # never started: nothing was sent
                app.notify(
                    "Not changed: your changes need a ticket reference (palette: Set ticket…).",
                    title="Ticket required",
                    severity="warning",
                )
                return
            app.ticket = ticket
        await work

    def _run(self, work: Any, description: str) -> None:
        # On the app, not this screen: Esc pops the screen, and a screen's workers go with it,
        # which would cut a confirmed change off mid-request.
        self.app.run_worker(
            work, group=CHANGE_GROUP, exit_on_error=False, description=description.rstrip("…")
        )

    def action_undo(self) -> None:
        self._run(self._ticket_first(undo_last(self.flows)), "undo")

    def action_activity(self) -> None:
        self.app.run_worker(
            show_activity(self.flows), exit_on_error=False, description="show activity"
        )

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{name}"
        pane = self.query_one(f"#tab-{name}", TabPane)
        focusable = pane.query("DataTable, VerticalScroll").first()
        focusable.focus()

    def action_back(self) -> None:
        self.flows.last_error = ""
        self.dismiss()

    async def leave_for_search(self) -> bool:
        await self.dismiss()
        return True

    def action_reload(self) -> None:
        self._show_header(self.record or self._preview, loading=True)
        self.reload()

    # Mask mode's reveal ------------------------------------------------------------------------

    def _mask_switched(self, _masked: bool) -> None:
        self.revealed = None  # switched on again: everything masked, nothing left revealed
        self._redraw()

    def _revealed_value(self) -> Any:
        """The value of the revealed wire path, which the field tabs show whole."""
        if self.revealed is None or self.record is None:
            return None
        value: Any = self.described.wire(self.record)
        for part in self.revealed.split("."):
            if isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            elif isinstance(value, dict):
                value = value.get(part)
            else:
                return None
        return value

    def on_screen_suspend(self) -> None:
        # Another record opened over this one: the agent moved on, so the field is masked again.
        if self.revealed is not None and isinstance(self.app.screen, RecordDetailScreen):
            self.revealed = None
            self._redraw()

    def action_reveal(self) -> None:
        """`v`: pick one masked field of this record to show; journalled, never its value."""
        record = self.record
        if record is None or not getattr(self.app, "masked", False):
            self.notify("Nothing is masked: mask mode is off.", title="Reveal")
            return
        fields = masked_fields(self.described.wire(record))
        if not fields:
            self.notify(
                f"Nothing of this {self.described.title.lower()} is masked.", title="Reveal"
            )
            return
        title = self.described.title.lower()

        def chosen(path: str | None) -> None:
            if not path or self.record is None:
                return
            said = f"revealed {path} of {self.key}"
            attempt = Attempt(
                kind=self.kind,
                key=self.key,
                label=f"{title} {self.key}",
                action="reveal",
                doing=f"reveal {path}",
                done=said,
                target=path,
            )
            if not write(self.flows, attempt, DONE, message=said):
                return  # not journalled (the app said why): not shown either
            self.revealed = path
            self._redraw()
            self.notify(
                f"{field_words(path)} is shown until you leave this {title} ({said}).",
                title="Revealed",
            )

        self.app.push_screen(RevealScreen(self.key, fields, of=title), chosen)

    def action_pager(self) -> None:
        record = self.record
        if record is None:
            return
        wire = mask_of(self.app).record(self.described.wire(record))
        said = show_in_pager(
            self.app, whole_json(wire), f"{self.kind}-{self.key}.json".replace("/", "-")
        )
        if said:
            self.notify(said, title="Whole record", timeout=10)
