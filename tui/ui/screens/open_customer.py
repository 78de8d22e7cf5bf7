"""A small dialog: type a customer number and open it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.validation import Regex
from textual.widgets import Input, Label

from tui.ui.screens.modal import Modal


class OpenCustomerScreen(Modal[str | None]):
    """Dismisses with the number typed, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]
    HELP = "Type the customer number (or custom id) and press Enter; Esc cancels."

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Open customer by number", classes="dialog-title")
            yield Input(
                placeholder="e.g. 10000001",
                id="number",
                validators=[
                    Regex(
                        r"^\s*#?[A-Za-z0-9._@-]+\s*$", failure_description="letters and digits only"
                    )
                ],
                validate_on=["submitted"],
            )
            yield Label("Enter opens · Esc cancels", id="hint", classes="dialog-hint")

    @on(Input.Submitted, "#number")
    def submitted(self, event: Input.Submitted) -> None:
        number = event.value.strip().lstrip("#")
        if not number:
            self.query_one("#hint", Label).update("Type a customer number first (Esc cancels).")
            return
        if event.validation_result is not None and not event.validation_result.is_valid:
            self.query_one("#hint", Label).update(
                "A customer number has letters and digits only, e.g. 10000001."
            )
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
