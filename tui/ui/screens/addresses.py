"""A customer's addresses with a key per change: add, edit, delete, make default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tui.emporix.models import Address, Customer
from tui.ui.literal import literal
from tui.ui.masking import Mask, MaskedStatic, mask_of
from tui.ui.screen_lifetime import watch_app
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen

AddressActionKind = Literal["add", "edit", "delete", "default"]


def address_line(address: Address, mask: Mask) -> str:
    """`Address.one_line` as mask mode shows it: street, number and postcode masked."""
    if not mask.on:
        return address.one_line
    return Address.model_validate(mask.record(address.to_wire())).one_line


@dataclass(frozen=True)
class AddressAction:
    """What the agent asked for; `address` is None for "add"."""

    kind: AddressActionKind
    address: Address | None = None


class AddressesScreen(GuardedScreen, Modal[AddressAction | None]):
    """Picks an address and an action; the change flow does the sending and reopens it."""

    HELP_TITLE = "Addresses"
    HELP = (
        "n adds, e or Enter edits (tags too), d deletes and m makes the "
        "highlighted address the default, each after a confirmation (Enter). Esc closes."
    )

    DEFAULT_CSS = """
    AddressesScreen {
        align: center middle;
    }
    AddressesScreen > #dialog {
        width: 100%;
        max-width: 120;
        height: auto;
        max-height: 100%;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    AddressesScreen .title {
        text-style: bold;
    }
    AddressesScreen DataTable {
        height: auto;
        max-height: 16;
    }
    AddressesScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,plus", "add", "Add"),
        Binding("e", "edit", "Edit / tags"),
        Binding("d,delete", "delete", "Delete"),
        Binding("m,asterisk", "default", "Make default"),
        Binding("escape", "close", "Close"),
    ]

    AUTO_FOCUS = "DataTable"

    def __init__(self, customer: Customer, *, selected: str | None = None) -> None:
        super().__init__()
        self.customer = customer
        self.addresses = list(customer.addresses or [])
        self.selected = selected

    def compose(self) -> ComposeResult:
        c = self.customer
        with Vertical(id="dialog"):
            yield MaskedStatic(
                lambda mask: mask.text(f"Addresses of {c.display_name} (#{c.number})"),
                classes="title",
            )
            yield DataTable(cursor_type="row", zebra_stripes=True)
            if not self.addresses:
                yield Static("No addresses yet: n adds one.")
            yield Static(
                "n add · e or Enter edit (also tags) · d delete · m make default · Esc close",
                classes="hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        mask = mask_of(self.app)
        lines = [address_line(a, mask) or "(empty address)" for a in self.addresses]
        table.add_column("Default", width=7)
        # A width of its own: the table measured the literal cells as the header's 7 cells.
        table.add_column("Address", key="address", width=max(map(len, ["Address", *lines])))
        table.add_column("Tags", width=18)
        for i, a in enumerate(self.addresses):
            table.add_row(
                "default" if a.is_default else "",
                literal(lines[i]),
                literal(", ".join(a.tags or [])),
                key=a.id or str(i),
            )
            if self.selected and a.id == self.selected:
                table.move_cursor(row=i)
        watch_app(self, "masked", self._remask, init=False)

    def _remask(self, _on: bool) -> None:
        table, mask = self.query_one(DataTable), mask_of(self.app)
        for i, a in enumerate(self.addresses):
            line = literal(address_line(a, mask) or "(empty address)")
            table.update_cell(a.id or str(i), "address", line, update_width=True)

    def _current(self) -> Address | None:
        if not self.addresses:
            self.notify("There is no address yet: n adds one.", severity="warning")
            return None
        row = self.query_one(DataTable).cursor_row
        return self.addresses[row] if 0 <= row < len(self.addresses) else None

    def action_add(self) -> None:
        self.dismiss(AddressAction("add"))

    def action_edit(self) -> None:
        if (address := self._current()) is not None:
            self.dismiss(AddressAction("edit", address))

    def action_delete(self) -> None:
        if (address := self._current()) is not None:
            self.dismiss(AddressAction("delete", address))

    def action_default(self) -> None:
        address = self._current()
        if address is None:
            return
        if address.is_default:
            self.notify("This address is the default already.")
            return
        self.dismiss(AddressAction("default", address))

    def action_close(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        await self.dismiss(None)
        return True

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()
