"""The delete dialog: says what goes, and enables Delete only once the customer number is typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tui.emporix.models import Customer
from tui.ui.literal import literal
from tui.ui.masking import Mask, MaskedStatic
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen
from tui.ui.widgets.ticket_line import TICKET_BINDING, TicketKey, TicketLine


@dataclass(frozen=True)
class DeleteConfirmed:
    """The agent typed the number and pressed Enter; `reason` goes to the journal."""

    reason: str | None = None


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


class DeleteScreen(TicketKey, GuardedScreen, Modal[DeleteConfirmed | None]):
    """Typed confirmation: a wrong or partial number keeps the button disabled."""

    HELP_TITLE = "Delete customer"
    HELP = (
        "Type the customer number exactly to enable Delete, then Enter. The full customer is "
        "written to your journal before the request is sent. Esc cancels."
    )

    DEFAULT_CSS = """
    DeleteScreen {
        align: center middle;
    }
    DeleteScreen > #dialog {
        width: 100%;
        max-width: 76;
        height: auto;
        max-height: 100%;
        border: heavy $error;
        padding: 0 1;
        background: $surface;
    }
    DeleteScreen .title {
        text-style: bold;
        width: 100%;
    }
    DeleteScreen #what {
        width: 100%;
        padding: 1 0;
    }
    DeleteScreen .row {
        height: 1;
    }
    DeleteScreen .row > Label {
        width: 24;
    }
    DeleteScreen .row > Input {
        width: 1fr;
    }
    DeleteScreen #typed-status {
        width: 100%;
        padding-left: 24;
    }
    DeleteScreen .hint {
        color: $text-muted;
        width: 100%;
    }
    DeleteScreen .buttons {
        height: auto;
        align-horizontal: right;
        padding-top: 1;
    }
    DeleteScreen .buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), TICKET_BINDING]

    AUTO_FOCUS = "#typed"

    def __init__(self, customer: Customer) -> None:
        super().__init__()
        self.customer = customer

    @property
    def number(self) -> str:
        return self.customer.number

    def compose(self) -> ComposeResult:
        c = self.customer
        with Vertical(id="dialog"):
            yield Label(literal(f"Delete customer {c.number}?"), classes="title")
            yield MaskedStatic(self._what, id="what")
            with Horizontal(classes="row"):
                yield Label(literal(f"Type {c.number}"))
                yield Input(placeholder=c.number, compact=True, id="typed", max_length=80)
            yield Static("", id="typed-status")
            with Horizontal(classes="row"):
                yield Label("Reason (optional)")
                yield Input(placeholder="e.g. GDPR request #123", compact=True, id="reason")
            yield TicketLine()
            yield Static("Enter deletes once the number matches · Esc cancels", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button("Delete", id="delete", variant="error", disabled=True)

    def _what(self, mask: Mask) -> str:
        """What goes, in words; the contact e-mail masked in mask mode."""
        c = self.customer
        accounts = len(c.accounts or [])
        addresses = len(c.addresses or [])
        email = mask("contactEmail", c.contact_email) or "no contact e-mail"
        return "\n".join(
            [
                f"This deletes {mask.text(c.display_name)} (#{c.number}) for good:",
                f"  • the customer profile ({email})",
                f"  • its {_count(accounts, 'login account')}"
                + (": the customer can no longer sign in" if accounts else ""),
                f"  • its {_count(addresses, 'address', 'addresses')}",
                f"  • the number {c.number} cannot be used again.",
                "A full copy is written to your local journal first.",
            ]
        )

    @property
    def matches(self) -> bool:
        return self.query_one("#typed", Input).value.strip() == self.number

    @on(Input.Changed, "#typed")
    def _typed(self) -> None:
        typed = self.query_one("#typed", Input).value.strip()
        self.query_one("#delete", Button).disabled = not self.matches
        status = self.query_one("#typed-status", Static)
        if not typed:
            status.update("")
        elif self.matches:
            status.update("✓ number matches: Enter deletes")
        else:
            status.update("✗ does not match yet: Delete stays disabled")

    @on(Input.Submitted)
    def _enter(self) -> None:
        self._delete()

    @on(Button.Pressed, "#delete")
    def _delete(self) -> None:
        if not self.matches:
            self.notify(
                f"Type the customer number {self.number} exactly to delete.",
                title="Not deleted",
                severity="warning",
            )
            self.query_one("#typed", Input).focus()
            return
        reason = self.query_one("#reason", Input).value.strip() or None
        self.dismiss(DeleteConfirmed(reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        """`/` (only reached outside the inputs, where it is typed): nothing is deleted."""
        await self.dismiss(None)
        return True
