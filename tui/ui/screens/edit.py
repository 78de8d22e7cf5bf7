"""The edit form of a customer profile: inline checks as the agent types, ctrl+s to review."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.core.kinds import form_values as form_values
from tui.emporix.kinds import USER_TYPES as USER_TYPES
from tui.emporix.kinds import apply_values as apply_values
from tui.emporix.kinds import customer_label as customer_label
from tui.emporix.kinds import customer_specs as customer_specs
from tui.emporix.models import Customer
from tui.emporix.names import RESTRICTION_SCOPE as RESTRICTION_SCOPE
from tui.ui.forms import (
    FieldDiff,
    FormScreen,
    diff_fields,
)
from tui.ui.masking import MaskedStatic
from tui.ui.screens.review import ReviewScreen


@dataclass(frozen=True)
class EditResult:
    """The edited customer (ready for `update_customer(before, after)`) and what changed."""

    after: Customer
    diffs: tuple[FieldDiff, ...]


class EditScreen(FormScreen[EditResult | None]):
    """Edits one customer. `draft` reopens the form with the agent's earlier values (after a
    server-side validation error, for instance) while `customer` stays the state it was loaded at.
    """

    HELP_TITLE = "Edit customer"
    HELP = (
        "Tab and shift+Tab move between fields; a wrong value says what is wrong and how to fix "
        "it as you type. ctrl+s shows the review (old -> new); ctrl+s there saves only the "
        "changed fields, with the version the form was loaded at. Esc asks before throwing typed "
        "changes away."
    )

    def __init__(
        self,
        customer: Customer,
        *,
        restriction_locked: str | None = None,
        draft: dict[str, Any] | None = None,
        server_errors: dict[str, str] | None = None,
        restrictions: Collection[str] | None = None,
    ) -> None:
        self.customer = customer
        self.specs = customer_specs(
            had_email=bool(customer.contact_email),
            restriction_locked=restriction_locked,
            restrictions=restrictions,
        )
        super().__init__(
            form_values(customer, self.specs), draft=draft, server_errors=server_errors
        )

    def compose(self) -> ComposeResult:
        version = self.customer.version
        with Vertical(id="dialog"):
            yield MaskedStatic(
                lambda mask: mask.text(f"Edit {customer_label(self.customer)}"), classes="title"
            )
            yield Static(
                f"Loaded at version {version if version is not None else '?'} · "
                "Tab moves · ctrl+s review · Esc cancel",
                classes="hint",
            )
            yield from self.compose_form()

    def result_for(self, names: list[str]) -> EditResult:
        values = self.values()
        changes = {n: values[n] for n in names}
        after = apply_values(self.customer, changes)
        diffs = diff_fields(self.specs, self.initial, values)
        return EditResult(after, tuple(diffs))

    def submit(self) -> None:
        names = self.changed_names()
        if not names:
            self.notify("Nothing changed yet.", title="Nothing to save", severity="information")
            return
        result = self.result_for(names)
        self.review_then(
            ReviewScreen(
                f"Review changes to {customer_label(self.customer)}",
                result.diffs,
                note=f"Sent with version {self.customer.version}: if someone changed the "
                "customer since, you will see both versions before anything is overwritten.",
            ),
            lambda: self.dismiss(result),
        )
