"""The agent's recent changes from the local journal, newest first; Enter opens the customer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import RowKey

from tui.core.journal import FieldChange, JournalEntry
from tui.ui.forms import show_value
from tui.ui.literal import literal
from tui.ui.masking import Mask, mask_of
from tui.ui.screen_lifetime import watch_app
from tui.ui.screens.modal import Modal

NO_MASK = Mask()


def local_time(iso: str, *, zone: bool = False) -> str:
    """The entry's UTC time in the agent's local time, short; with `zone`, its time zone too
    (an agent comparing with a colleague's or the server's log needs to know which)."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    text = when.strftime("%Y-%m-%d %H:%M:%S")
    return f"{text} {zone_name(when)}" if zone else text


def zone_name(when: datetime | None = None) -> str:
    """The local time zone's abbreviation (CET, UTC), or its offset when it has none."""
    when = when or datetime.now().astimezone()
    return when.strftime("%Z") or when.strftime("UTC%z")


def fields_summary(entry: JournalEntry, mask: Mask = NO_MASK) -> str:
    """`JournalEntry.fields_summary` with contact data masked by `mask` (by the field's name)."""
    if not mask.on:
        return entry.fields_summary
    masked = {
        name: FieldChange(mask.record(c.before, name), mask.record(c.after, name))
        for name, c in entry.changes.items()
    }
    return replace(entry, changes=masked).fields_summary


def entry_details(entry: JournalEntry, mask: Mask = NO_MASK) -> RenderableType:
    """Everything about one entry: where, who, outcome and the fields before and after; in mask
    mode the contact data in them masked."""
    head = Text()
    head.append(f"{entry.action} #{entry.customer_number or entry.key or '-'}", style="bold")
    head.append(f" · {entry.outcome.upper()}")
    if entry.status:
        head.append(f" (HTTP {entry.status})")
    head.append(
        f"\n{local_time(entry.time, zone=True)} · {entry.tenant} @ {entry.api_host} · {entry.user}"
    )
    if entry.client_id:
        head.append(f" · client {entry.client_id}")
    if entry.target:
        head.append(f"\nAbout: {mask.text(entry.target)}")
    if entry.ticket:
        head.append(f"\nTicket: {entry.ticket}")
    if entry.reason:
        head.append(f"\nReason: {mask.text(entry.reason)}")
    if entry.message:
        head.append(f"\nMessage: {mask.text(entry.message)}")
    parts: list[RenderableType] = [head]
    if entry.changes:
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Field", style="bold", overflow="fold")
        table.add_column("Before", overflow="fold")
        table.add_column("", width=1)
        table.add_column("After", overflow="fold")
        for name, change in entry.changes.items():
            before, after = mask.record(change.before, name), mask.record(change.after, name)
            table.add_row(
                *map(literal, (name, show_value(before))), "→", literal(show_value(after))
            )
        parts.append(table)
    if entry.snapshot is not None:
        parts.append(Text(f"Snapshot kept in the journal ({len(entry.snapshot)} fields)."))
    return Group(*parts)


def _index(row_key: RowKey | None) -> int | None:
    value = row_key.value if row_key is not None else None
    return int(value) if value is not None else None


NO_TICKET = ""
"""The filter for entries journalled without a ticket."""


def ticket_choices(entries: Sequence[JournalEntry], current: str | None) -> list[str | None]:
    """What `t` cycles through: every entry (None), this session's ticket, the other tickets
    the entries carry (newest first), and the entries without one."""
    choices: list[str | None] = [None]
    if current:
        choices.append(current)
    for entry in entries:
        if entry.ticket and entry.ticket not in choices:
            choices.append(entry.ticket)
    if any(not e.ticket for e in entries):
        choices.append(NO_TICKET)
    return choices


class ActivityScreen(Modal[str | None]):
    """Dismissed with a customer number when the agent presses Enter on a row."""

    HELP_TITLE = "Your recent changes"
    HELP = (
        "Your changes on this tenant from the local journal, newest first. Enter opens the "
        "customer; t shows one ticket's changes (this session's ticket first, then the others, "
        "then those without a ticket, then all again); Esc closes."
    )

    DEFAULT_CSS = """
    ActivityScreen {
        align: center middle;
    }
    ActivityScreen > #dialog {
        width: 100%;
        height: 100%;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    ActivityScreen .title {
        text-style: bold;
    }
    ActivityScreen DataTable {
        height: 1fr;
        min-height: 5;
    }
    ActivityScreen #details {
        height: 2fr;
        max-height: 14;
        border-top: solid $primary;
    }
    ActivityScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding(
            "t",
            "next_ticket",
            "Ticket filter",
            id="ticket-filter",
            tooltip="Only one ticket's changes; again: the next",
        ),
    ]

    AUTO_FOCUS = "DataTable"

    def __init__(
        self,
        entries: Sequence[JournalEntry],
        *,
        where: str = "",
        everyone: bool = False,
        ticket: str | None = None,
    ) -> None:
        """`everyone`: a team lead's view, every agent's changes with an Agent column;
        `ticket`: this session's ticket, the first that `t` filters by."""
        super().__init__()
        self.entries = list(entries)
        self.where = where
        self.everyone = everyone
        self.session_ticket = ticket
        self.tickets = ticket_choices(self.entries, ticket)
        self.ticket_filter: str | None = None
        """None: every entry; NO_TICKET: those without one; else that ticket's."""
        self.shown = list(self.entries)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(self._title()), id="title", classes="title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="details", can_focus=False):
                yield Static("No changes recorded yet." if not self.entries else "", id="detail")
            yield Static(
                "↑↓ move · Enter open the customer · t ticket filter · Esc close", classes="hint"
            )

    def _title(self) -> str:
        of = f" ({self.where})" if self.where else ""
        whose = "Everyone's" if self.everyone else "Your"
        which = self.ticket_filter
        if which is None:
            only = ""
        elif which == NO_TICKET:
            only = ", without a ticket"
        else:
            mine = " (this session's)" if which == self.session_ticket else ""
            only = f", ticket {which}{mine}"
        return f"{whose} recent changes{of}{only}: {len(self.shown)}"

    def on_mount(self) -> None:
        self._fill()
        watch_app(self, "masked", lambda _on: self._fill(), init=False)

    def _fill(self) -> None:
        """The rows (again, when mask mode or the ticket filter is switched), the cursor where
        it was."""
        mask = mask_of(self.app)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        table.add_column(f"When ({zone_name()})", width=19)
        table.add_column("Action", width=14)
        table.add_column("Customer", width=10)
        table.add_column("Result", width=9)
        if self.everyone:
            table.add_column("Agent", width=12)
        table.add_column("Fields")
        for i, e in enumerate(self.shown):
            cells = [local_time(e.time), e.action, e.customer_number or e.key or "-", e.outcome]
            if self.everyone:
                cells.append(e.user)
            # A reveal (mask mode's `v`) changes nothing: its line says what was revealed.
            said = e.message if e.action == "reveal" else ""
            cells.append(fields_summary(e, mask) or mask.text(e.reason or said or ""))
            table.add_row(*map(literal, cells), key=str(i))
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))
            self._show(table.cursor_row)
        else:
            empty = "No changes recorded yet." if not self.entries else "No changes match."
            self.query_one("#detail", Static).update(empty)
        self.query_one("#title", Label).update(literal(self._title()))

    def action_next_ticket(self) -> None:
        choices = self.tickets
        index = choices.index(self.ticket_filter) if self.ticket_filter in choices else 0
        self.ticket_filter = choices[(index + 1) % len(choices)]
        which = self.ticket_filter
        self.shown = [e for e in self.entries if which is None or (e.ticket or NO_TICKET) == which]
        self._fill()

    def _show(self, index: int) -> None:
        entry = entry_details(self.shown[index], mask_of(self.app))
        self.query_one("#detail", Static).update(entry)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        # An empty table highlights "no row" (row_key None) on ↑ or PgDn.
        index = _index(event.row_key)
        if index is not None:
            self._show(index)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        index = _index(event.row_key)
        if index is None:
            return
        entry = self.shown[index]
        if entry.customer_number and entry.action != "delete":
            self.dismiss(entry.customer_number)
        else:
            self.notify("That customer was deleted; its snapshot is in the journal file.")

    def action_close(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        await self.dismiss(None)
        return True
