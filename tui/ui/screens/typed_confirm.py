"""A confirmation that needs a text of the record typed exactly (a removal): Enter alone cannot give it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tui.ui.literal import literal
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen
from tui.ui.widgets.ticket_line import TICKET_BINDING, TicketKey, TicketLine


@dataclass(frozen=True)
class TypedConfirmed:
    """The agent typed the text and pressed Enter; `reason` goes to the journal."""

    reason: str | None = None


class TypedConfirmScreen(TicketKey, GuardedScreen, Modal[TypedConfirmed | None]):
    """Says what the change does; its button stays disabled until `expected` is typed exactly."""

    HELP_TITLE = "Confirm by typing"
    HELP = (
        "Type the text it asks for exactly to enable the button, then Enter. Keys typed before "
        "the dialog appeared are ignored, so nothing typed ahead can confirm. Esc cancels."
    )

    DEFAULT_CSS = """
    TypedConfirmScreen { align: center middle; }
    TypedConfirmScreen > #dialog {
        width: 100%; max-width: 76; height: auto; max-height: 100%;
        border: heavy $error; padding: 0 1; background: $surface;
    }
    TypedConfirmScreen .title { text-style: bold; width: 100%; }
    TypedConfirmScreen #what { width: 100%; padding: 1 0; }
    TypedConfirmScreen .row { height: 1; }
    TypedConfirmScreen .row > Label { width: 24; }
    TypedConfirmScreen .row > Input { width: 1fr; }
    TypedConfirmScreen #typed-status { width: 100%; padding-left: 24; }
    TypedConfirmScreen .hint { color: $text-muted; width: 100%; }
    TypedConfirmScreen .buttons { height: auto; align-horizontal: right; padding-top: 1; }
    TypedConfirmScreen .buttons Button { margin-left: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"), TICKET_BINDING]

    AUTO_FOCUS = "#typed"

    def __init__(self, title: str, what: str, expected: str, *, confirm_label: str) -> None:
        super().__init__()
        self.title_text = title
        self.what = what
        self.expected = expected
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(self.title_text), classes="title")
            yield Static(literal(f"{self.what}\nTo confirm, type: {self.expected}"), id="what")
            with Horizontal(classes="row"):
                yield Label("Type it here")
                yield Input(placeholder=self.expected, compact=True, id="typed", max_length=200)
            yield Static("", id="typed-status")
            with Horizontal(classes="row"):
                yield Label("Reason (optional)")
                yield Input(placeholder="e.g. ticket number", compact=True, id="reason")
            yield TicketLine()
            yield Static(
                f"Enter: {self.confirm_label.lower()} once the text matches · Esc cancels",
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button(self.confirm_label, id="confirm", variant="error", disabled=True)

    @property
    def matches(self) -> bool:
        return self.query_one("#typed", Input).value.strip() == self.expected

    @on(Input.Changed, "#typed")
    def _typed(self) -> None:
        typed = self.query_one("#typed", Input).value.strip()
        self.query_one("#confirm", Button).disabled = not self.matches
        status = self.query_one("#typed-status", Static)
        if not typed:
            status.update("")
        elif self.matches:
            status.update(f"✓ matches: Enter will {self.confirm_label.lower()}")
        else:
            status.update(f"✗ does not match yet: {self.confirm_label} stays disabled")

    @on(Input.Submitted)
    def _enter(self) -> None:
        self._confirm()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        if not self.matches:
            self.notify(
                f"Type {self.expected} exactly to {self.confirm_label.lower()}.",
                title="Not done",
                severity="warning",
            )
            self.query_one("#typed", Input).focus()
            return
        reason = self.query_one("#reason", Input).value.strip() or None
        self.dismiss(TypedConfirmed(reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        """`/` outside the inputs (inside, it is typed): nothing is done."""
        await self.dismiss(None)
        return True
