"""The delete dialog: says what goes, and enables Delete only once the customer number is typed."""

from __future__ import annotations

from textual.widgets import Static

from tui.emporix.models import Customer
from tui.ui.masking import Mask, MaskedStatic
from tui.ui.screens.typed_confirm import TypedConfirmScreen


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


class DeleteScreen(TypedConfirmScreen):
    """Typed confirmation of a customer's deletion: a wrong or partial number keeps the button
    disabled. It words what goes (masked in mask mode) and asks for the number."""

    HELP_TITLE = "Delete customer"
    HELP = (
        "Type the customer number exactly to enable Delete, then Enter. The full customer is "
        "written to your journal before the request is sent. Esc cancels."
    )
    REASON_EXAMPLE = "e.g. GDPR request #123"
    BUTTON_ID = "delete"
    MAX_TYPED = 80

    def __init__(self, customer: Customer) -> None:
        self.customer = customer
        title = f"Delete customer {customer.number}?"
        super().__init__(title, "", customer.number, confirm_label="Delete")

    @property
    def number(self) -> str:
        return self.customer.number

    def what_widget(self) -> Static:
        return MaskedStatic(self._what, id="what")

    def typed_label(self) -> str:
        return f"Type {self.number}"

    def hint(self) -> str:
        return "Enter deletes once the number matches · Esc cancels"

    def status(self, matches: bool) -> str:
        if matches:
            return "✓ number matches: Enter deletes"
        return "✗ does not match yet: Delete stays disabled"

    def refusal(self) -> tuple[str, str]:
        return f"Type the customer number {self.number} exactly to delete.", "Not deleted"

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
