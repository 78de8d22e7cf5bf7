"""The new-customer form: the create fields, an optional custom id, and the password-reset mail."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from tui.emporix.models import B2B, CustomerDraft
from tui.emporix.validation import check_custom_id
from tui.ui.forms import FieldSpec, FormScreen, optional
from tui.ui.screens.edit import customer_specs

_NOT_ON_CREATE = {"active", "on_hold"}


def create_specs(
    *, restriction_locked: str | None = None, restrictions: Collection[str] | None = None
) -> tuple[FieldSpec, ...]:
    """Custom id first, then the profile fields a new customer can carry, then the mail switch."""
    profile = [
        s
        for s in customer_specs(
            new=True, restriction_locked=restriction_locked, restrictions=restrictions
        )
        if s.name not in _NOT_ON_CREATE
    ]
    return (
        FieldSpec(
            "id",
            "id",
            "Custom id",
            check=optional(check_custom_id),
            placeholder="optional: empty gets a generated number",
        ),
        *profile,
        FieldSpec(
            "send_password_reset",
            "sendPasswordResetNotifications",
            "Send reset e-mail",
            kind="bool",
        ),
    )


@dataclass(frozen=True)
class CreateRequest:
    """What to send: the draft body and whether the customer gets a password-reset e-mail."""

    draft: CustomerDraft
    send_password_reset: bool
    values: dict[str, Any]
    """The form's values, to reopen it as the agent left it (after a 409 or a 400)."""


def draft_from(values: dict[str, Any]) -> CustomerDraft:
    """The create body from the form: blank fields are left out, not sent as empty strings."""
    fields = {
        k: v
        for k, v in values.items()
        if v is not None and "." not in k and k != "send_password_reset"
    }
    crid = values.get("b2b.company_registration_id")
    if crid:
        fields["b2b"] = B2B(company_registration_id=crid)
    return CustomerDraft(**fields)


class CreateScreen(FormScreen[CreateRequest | None]):
    """ctrl+s creates (a new customer has nothing to review against)."""

    HELP_TITLE = "New customer"
    HELP = (
        "Contact e-mail is required. Custom id is optional (1 to 66 letters, digits, '_' or '-'); "
        "empty gets a generated number. ctrl+s creates; a taken e-mail offers to open that "
        "customer. Esc asks before discarding."
    )

    def __init__(
        self,
        *,
        restriction_locked: str | None = None,
        draft: dict[str, Any] | None = None,
        server_errors: dict[str, str] | None = None,
        restrictions: Collection[str] | None = None,
    ) -> None:
        self.specs = create_specs(restriction_locked=restriction_locked, restrictions=restrictions)
        initial: dict[str, Any] = {s.name: None for s in self.specs}
        initial["send_password_reset"] = True
        super().__init__(initial, draft=draft, server_errors=server_errors)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("New customer", classes="title")
            yield Static(
                "Contact e-mail is required · Tab moves · ctrl+s create · Esc cancel",
                classes="hint",
            )
            yield from self.compose_form()

    def submit(self) -> None:
        values = self.values()
        self.dismiss(CreateRequest(draft_from(values), bool(values["send_password_reset"]), values))
