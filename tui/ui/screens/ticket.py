"""A small dialog: the ticket reference the agent's changes are journalled with."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label

from tui.core.session_policy import clean_ticket
from tui.ui.literal import literal
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen


class TicketScreen(GuardedScreen, Modal[str | None]):
    """Dismisses with the reference typed ("" clears it), or None on Esc. Guarded: it opens
    right after a change key when a ticket is required, and typed-ahead text must not set one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]
    DEFAULT_CSS = """
    TicketScreen {
        align: center middle;
    }
    TicketScreen #dialog {
        width: 56;
        max-width: 100%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """
    HELP = "Type the ticket you are working on (e.g. T-1234) and press Enter; Esc cancels."

    def __init__(self, current: str | None = None, *, required: bool = False) -> None:
        super().__init__()
        self.current = current
        self.required = required

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            title = "A ticket is required for changes" if self.required else "Set ticket"
            yield Label(title, classes="dialog-title")
            yield Input(value=self.current or "", placeholder="e.g. T-1234", id="ticket")
            hint = "Enter sets it · Esc cancels"
            if self.required:
                hint = "Every change is journalled with it · " + hint
            yield Label(hint, id="hint", classes="dialog-hint")

    @on(Input.Submitted, "#ticket")
    def submitted(self, event: Input.Submitted) -> None:
        try:
            ticket = clean_ticket(event.value)
        except ValueError as exc:
            self.query_one("#hint", Label).update(literal(str(exc)))
            return
        if ticket is None and self.required:
            self.query_one("#hint", Label).update(
                "Changes need a ticket reference here, e.g. T-1234 (Esc cancels)."
            )
            return
        self.dismiss(ticket or "")

    def action_cancel(self) -> None:
        self.dismiss(None)
