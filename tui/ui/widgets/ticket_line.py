"""The ticket line of every change dialog: which ticket the change is journalled with, and ctrl+t."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import Static

from tui.ui.literal import literal

TICKET_BINDING = Binding(
    "ctrl+t",
    "ticket",
    "Ticket",
    id="dialog-ticket",
    show=False,
    tooltip="Set or change the ticket this change is journalled with",
)


def ticket_words(app: Any) -> str:
    ticket = getattr(app, "ticket", None)
    if ticket:
        return f"Ticket {ticket} · ctrl+t changes it"
    if getattr(app, "require_ticket", False):
        return "No ticket yet, and changes need one · ctrl+t sets it"
    return "No ticket set · ctrl+t sets one"


class TicketLine(Static):
    """Says the current ticket; `show()` again after it changed."""

    DEFAULT_CSS = """
    TicketLine {
        width: 100%;
        height: 1;
        color: $text-muted;
    }
    """

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        self.update(literal(ticket_words(self.app)))


class TicketKey:
    """Mixin for a change dialog that yields a `TicketLine` and lists `TICKET_BINDING`: ctrl+t
    asks for the ticket over the dialog (its own type-ahead guard re-arms when it is back)."""

    def action_ticket(self) -> None:
        screen: Any = self
        app = screen.app

        def shown() -> None:
            for line in screen.query(TicketLine):
                line.show()

        ask = getattr(app, "ask_ticket", None)
        if ask is not None:
            ask(then=shown)
