"""The agent's recent changes from the local journal, newest first; Enter opens the customer."""

from __future__ import annotations

from collections.abc import Sequence
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
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from tui.core.journal import JournalEntry
from tui.ui.forms import show_value


def local_time(iso: str) -> str:
    """The entry's UTC time in the agent's local time, short."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return iso
    return when.strftime("%Y-%m-%d %H:%M:%S")


def entry_details(entry: JournalEntry) -> RenderableType:
    """Everything about one entry: where, who, outcome and the fields before and after."""
    head = Text()
    head.append(f"{entry.action} #{entry.customer_number or '-'}", style="bold")
    head.append(f" · {entry.outcome.upper()}")
    if entry.status:
        head.append(f" (HTTP {entry.status})")
    head.append(f"\n{local_time(entry.time)} · {entry.tenant} @ {entry.api_host} · {entry.user}")
    if entry.client_id:
        head.append(f" · client {entry.client_id}")
    if entry.target:
        head.append(f"\nAbout: {entry.target}")
    if entry.reason:
        head.append(f"\nReason: {entry.reason}")
    if entry.message:
        head.append(f"\nMessage: {entry.message}")
    parts: list[RenderableType] = [head]
    if entry.changes:
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Field", style="bold", overflow="fold")
        table.add_column("Before", overflow="fold")
        table.add_column("", width=1)
        table.add_column("After", overflow="fold")
        for name, change in entry.changes.items():
            table.add_row(name, show_value(change.before), "→", show_value(change.after))
        parts.append(table)
    if entry.snapshot is not None:
        parts.append(Text(f"Snapshot kept in the journal ({len(entry.snapshot)} fields)."))
    return Group(*parts)


class ActivityScreen(ModalScreen[str | None]):
    """Dismissed with a customer number when the agent presses Enter on a row."""

    HELP_TITLE = "Your recent changes"
    HELP = (
        "Your changes on this tenant from the local journal, newest first. Enter opens the "
        "customer; Esc closes."
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

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    AUTO_FOCUS = "DataTable"

    def __init__(self, entries: Sequence[JournalEntry], *, where: str = "") -> None:
        super().__init__()
        self.entries = list(entries)
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            of = f" ({self.where})" if self.where else ""
            yield Label(f"Your recent changes{of}: {len(self.entries)}", classes="title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="details", can_focus=False):
                yield Static("No changes recorded yet." if not self.entries else "", id="detail")
            yield Static("↑↓ move · Enter open the customer · Esc close", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("When", width=19)
        table.add_column("Action", width=14)
        table.add_column("Customer", width=10)
        table.add_column("Result", width=9)
        table.add_column("Fields")
        for i, e in enumerate(self.entries):
            table.add_row(
                local_time(e.time),
                e.action,
                e.customer_number or "-",
                e.outcome,
                e.fields_summary or (e.reason or ""),
                key=str(i),
            )
        if self.entries:
            self._show(0)

    def _show(self, index: int) -> None:
        self.query_one("#detail", Static).update(entry_details(self.entries[index]))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show(int(event.row_key.value))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None:
            return
        entry = self.entries[int(event.row_key.value)]
        if entry.customer_number and entry.action != "delete":
            self.dismiss(entry.customer_number)
        else:
            self.notify("That customer was deleted; its snapshot is in the journal file.")

    def action_close(self) -> None:
        self.dismiss(None)
