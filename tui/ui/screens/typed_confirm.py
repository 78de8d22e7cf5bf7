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

    REASON_EXAMPLE = "e.g. ticket number"
    BUTTON_ID = "confirm"
    MAX_TYPED = 200

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
            yield self.what_widget()
            with Horizontal(classes="row"):
                yield Label(literal(self.typed_label()))
                yield Input(
                    placeholder=self.expected, compact=True, id="typed", max_length=self.MAX_TYPED
                )
            yield Static("", id="typed-status")
            with Horizontal(classes="row"):
                yield Label("Reason (optional)")
                yield Input(placeholder=self.REASON_EXAMPLE, compact=True, id="reason")
            yield TicketLine()
            yield Static(self.hint(), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)", id="cancel")
                yield Button(self.confirm_label, id=self.BUTTON_ID, variant="error", disabled=True)

    # What a kind of typed confirmation says; the removal of a customer (delete.py) words its own.

    def what_widget(self) -> Static:
        return Static(literal(f"{self.what}\nTo confirm, type: {self.expected}"), id="what")

    def typed_label(self) -> str:
        return "Type it here"

    def hint(self) -> str:
        return f"Enter: {self.confirm_label.lower()} once the text matches · Esc cancels"

    def status(self, matches: bool) -> str:
        if matches:
            return f"✓ matches: Enter will {self.confirm_label.lower()}"
        return f"✗ does not match yet: {self.confirm_label} stays disabled"

    def refusal(self) -> tuple[str, str]:
        """(message, title) when Enter comes before the text matches."""
        return f"Type {self.expected} exactly to {self.confirm_label.lower()}.", "Not done"

    @property
    def matches(self) -> bool:
        return self.query_one("#typed", Input).value.strip() == self.expected

    @on(Input.Changed, "#typed")
    def _typed(self) -> None:
        typed = self.query_one("#typed", Input).value.strip()
        self.query_one(f"#{self.BUTTON_ID}", Button).disabled = not self.matches
        self.query_one("#typed-status", Static).update(self.status(self.matches) if typed else "")

    @on(Input.Submitted)
    def _enter(self) -> None:
        self._confirm()

    @on(Button.Pressed, ".buttons Button")
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.BUTTON_ID:
            self._confirm()
        else:
            self.action_cancel()

    def _confirm(self) -> None:
        if not self.matches:
            message, title = self.refusal()
            self.notify(message, title=title, severity="warning")
            self.query_one("#typed", Input).focus()
            return
        reason = self.query_one("#reason", Input).value.strip() or None
        self.dismiss(TypedConfirmed(reason))

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        """`/` outside the inputs (inside, it is typed): nothing is done."""
        await self.dismiss(None)
        return True
