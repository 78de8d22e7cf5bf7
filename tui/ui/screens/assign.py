"""Assign a login account (an e-mail) to an existing customer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.emporix.models import Customer
from tui.emporix.validation import check_email
from tui.ui.forms import FieldSpec, FormScreen
from tui.ui.masking import Mask, MaskedStatic

ASSIGN_SPECS = (
    FieldSpec(
        "email",
        "email",
        "Login e-mail",
        check=check_email,
        placeholder="e.g. name@example.com",
    ),
    FieldSpec(
        "send_password_reset", "sendPasswordResetNotifications", "Send reset e-mail", kind="bool"
    ),
)


@dataclass(frozen=True)
class AssignRequest:
    """The login e-mail to assign, and whether the customer gets a password-reset e-mail."""

    email: str
    send_password_reset: bool


class AssignScreen(FormScreen[AssignRequest | None]):
    """Enter or ctrl+s assigns."""

    HELP_TITLE = "Assign login"
    HELP = (
        "The e-mail becomes a new login of this customer. Enter or ctrl+s assigns; if another "
        "customer has it, the form says who."
    )

    specs = ASSIGN_SPECS

    def __init__(
        self, customer: Customer, *, email: str | None = None, error: str | None = None
    ) -> None:
        super().__init__({"email": None, "send_password_reset": True})
        self.customer = customer
        self.email = email
        self.error = error

    def compose(self) -> ComposeResult:
        c = self.customer

        def logins(mask: Mask) -> str:
            ids = [str(mask("email", a.id)) for a in (c.accounts or []) if a.id]
            return f"Current logins: {', '.join(ids) or 'none'}"

        with Vertical(id="dialog"):
            yield MaskedStatic(
                lambda mask: mask.text(f"Assign a login to {c.display_name} (#{c.number})"),
                classes="title",
            )
            yield MaskedStatic(logins, classes="hint")
            with VerticalScroll(id="form", can_focus=False):
                values: dict[str, Any] = dict(self.initial)
                if self.email:
                    values["email"] = self.email
                yield from self.compose_fields(values)
            yield Static("Enter or ctrl+s assign · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        if self.error:
            self.show_server_errors({"email": self.error})

    def on_input_submitted(self) -> None:
        self.action_submit()

    def submit(self) -> None:
        values = self.values()
        self.dismiss(AssignRequest(str(values["email"]), bool(values["send_password_reset"])))
