"""A confirmation dialog: Enter confirms, `n` or Esc cancels, with an optional reason.

No letter confirms, so typed text cannot; and keys typed before the dialog appeared are
dropped (see tui/ui/type_ahead.py), so neither can a hurried Enter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from tui.ui.masking import Mask, MaskedStatic
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen
from tui.ui.widgets.ticket_line import TICKET_BINDING, TicketKey, TicketLine


@dataclass(frozen=True)
class Confirmed:
    """The agent said yes; `reason` is what they typed for the journal (None if nothing)."""

    reason: str | None = None


class ConfirmScreen(TicketKey, GuardedScreen, Modal[Confirmed | None]):
    """Asks one question. The confirm button has the focus, so Enter confirms; Tab reaches the
    reason field, where Enter confirms too, and the cancel button."""

    HELP_TITLE = "Confirm"
    HELP = (
        "Enter confirms; n or Esc cancels. No letter confirms, and keys typed before the dialog "
        "appeared are ignored. Tab reaches the optional reason, which goes to your journal; Enter "
        "there confirms."
    )

    AUTO_FOCUS = "#yes"

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
    }
    ConfirmScreen > #dialog {
        width: 100%;
        max-width: 72;
        height: auto;
        max-height: 100%;
        border: round $warning;
        padding: 0 1;
        background: $surface;
    }
    ConfirmScreen .title {
        text-style: bold;
        width: 100%;
    }
    ConfirmScreen #body {
        width: 100%;
        height: auto;
        max-height: 14;
        padding: 1 0 0 0;
    }
    ConfirmScreen #reason-row {
        height: 1;
        margin-top: 1;
    }
    ConfirmScreen #reason-row > Label {
        width: 20;
    }
    ConfirmScreen #reason-row:focus-within > Label {
        text-style: bold reverse;
    }
    ConfirmScreen #reason {
        width: 1fr;
    }
    ConfirmScreen .buttons {
        height: auto;
        align-horizontal: right;
        padding-top: 1;
    }
    ConfirmScreen .buttons Button {
        margin-left: 1;
    }
    ConfirmScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "confirm", "Confirm", key_display="⏎"),
        Binding("n", "cancel", "Cancel"),
        Binding("escape", "cancel", "Cancel"),
        TICKET_BINDING,
    ]

    def __init__(
        self,
        title: str,
        body: RenderableType | Callable[[Mask], str] = "",
        *,
        confirm_label: str = "Yes",
        ask_reason: bool = True,
        danger: bool = False,
    ) -> None:
        """`body` may be built by a function of the mask, for text holding contact data (an
        address); a str body has its e-mails masked in mask mode, as the title does."""
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm_label = confirm_label
        self.ask_reason = ask_reason
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield MaskedStatic(lambda mask: mask.text(self.title_text), classes="title")
            if self.body:
                yield MaskedStatic(self._body, id="body")
            if self.ask_reason:
                with Horizontal(id="reason-row"):
                    yield Label("Reason (optional)")
                    yield Input(placeholder="e.g. asked by phone", compact=True, id="reason")
            yield TicketLine()
            yield Static(
                "Enter "
                + self.confirm_label.lower()
                + " · n or Esc cancel"
                + (" · Tab: reason" if self.ask_reason else ""),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel (n)", id="no")
                yield Button(
                    f"{self.confirm_label} (Enter)",
                    id="yes",
                    variant="error" if self.danger else "primary",
                )

    def _body(self, mask: Mask) -> str:
        body = self.body
        return body(mask) if callable(body) else mask.text(str(body))

    def _reason(self) -> str | None:
        if not self.ask_reason:
            return None
        text = self.query_one("#reason", Input).value.strip()
        return text or None

    def action_confirm(self) -> None:
        self.dismiss(Confirmed(self._reason()))

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        """`/`: the question is cancelled, nothing is changed."""
        await self.dismiss(None)
        return True

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#reason")
    def _reason_entered(self) -> None:
        self.action_confirm()
