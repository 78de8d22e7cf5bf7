"""The edit form of a customer profile: inline checks as the agent types, ctrl+s to review."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from tui.emporix.models import B2B, Customer
from tui.emporix.validation import (
    check_currency,
    check_email,
    check_language,
    check_phone,
    check_restriction,
)
from tui.ui.forms import (
    FieldDiff,
    FieldSpec,
    FormScreen,
    all_of,
    diff_fields,
    get_path,
    optional,
    required,
)
from tui.ui.screens.review import ReviewScreen
from tui.ui.shown import label as short_label
from tui.ui.shown import literal

RESTRICTION_SCOPE = "restriction.restriction_manage"

USER_TYPES = (("(not set)", ""), ("CUSTOMER", "CUSTOMER"), ("CONTACT", "CONTACT"))


def customer_specs(
    *,
    had_email: bool = True,
    restriction_locked: str | None = None,
    restrictions: Collection[str] | None = None,
    new: bool = False,
) -> tuple[FieldSpec, ...]:
    """The editable profile fields, in the order an agent reads a profile (`new`: of a
    customer being created, who must get an e-mail); `restrictions`, the tenant's when known,
    lets the form refuse another one before the server does."""
    fix = "a new customer needs one, like name@example.com" if new else "it cannot be emptied"
    email = required("Contact e-mail", fix) if had_email or new else None
    email_check = all_of(email, optional(check_email))
    return (
        FieldSpec("title", "title", "Title", placeholder="e.g. MR, MS, DR"),
        FieldSpec("first_name", "firstName", "First name"),
        FieldSpec("middle_name", "middleName", "Middle name"),
        FieldSpec("last_name", "lastName", "Last name"),
        FieldSpec("company", "company", "Company"),
        FieldSpec(
            "contact_email",
            "contactEmail",
            "Contact e-mail",
            check=email_check,
            placeholder="e.g. name@example.com",
        ),
        FieldSpec(
            "contact_phone",
            "contactPhone",
            "Contact phone",
            check=optional(check_phone),
            placeholder="e.g. +49 30 1234567",
        ),
        FieldSpec(
            "preferred_language",
            "preferredLanguage",
            "Language",
            check=optional(check_language),
            placeholder="e.g. en_US",
        ),
        FieldSpec(
            "preferred_currency",
            "preferredCurrency",
            "Currency",
            check=optional(check_currency),
            placeholder="e.g. EUR",
        ),
        FieldSpec("preferred_site", "preferredSite", "Site", placeholder="e.g. main"),
        FieldSpec("type", "type", "Type", kind="choice", choices=USER_TYPES),
        FieldSpec("active", "active", "Active", kind="bool"),
        FieldSpec("on_hold", "onHold", "On hold", kind="bool"),
        FieldSpec(
            "b2b.company_registration_id",
            "b2b.companyRegistrationId",
            "Company reg. id",
        ),
        FieldSpec(
            "restriction",
            "restriction",
            "Restriction",
            check=optional(partial(check_restriction, allowed=restrictions)),
            locked=restriction_locked,
            placeholder="e.g. main, de",
        ),
    )


def form_values(customer: Customer, specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """Field name -> the customer's value, as the form shows it."""
    values = {s.name: get_path(customer, s.name) for s in specs}
    for s in specs:
        if s.kind == "bool":
            values[s.name] = bool(values[s.name])
    return values


def apply_values(customer: Customer, changes: dict[str, Any]) -> Customer:
    """A copy of `customer` with only the given fields set; every other field, mixins and
    unknown fields included, stays exactly as it was loaded."""
    flat = {k: v for k, v in changes.items() if "." not in k}
    if "b2b.company_registration_id" in changes:
        b2b = customer.b2b or B2B()
        flat["b2b"] = b2b.edited(company_registration_id=changes["b2b.company_registration_id"])
    return customer.edited(**flat) if flat else customer


@dataclass(frozen=True)
class EditResult:
    """The edited customer (ready for `update_customer(before, after)`) and what changed."""

    after: Customer
    diffs: tuple[FieldDiff, ...]


def customer_label(customer: Customer) -> str:
    return f"{short_label(customer.display_name)} (#{short_label(customer.number)})"


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
        super().__init__(form_values(customer, self.specs))
        self.draft = draft
        self._pending_server_errors = server_errors or {}

    def compose(self) -> ComposeResult:
        version = self.customer.version
        with Vertical(id="dialog"):
            yield Label(literal(f"Edit {customer_label(self.customer)}"), classes="title")
            yield Static(
                f"Loaded at version {version if version is not None else '?'} · "
                "Tab moves · ctrl+s review · Esc cancel",
                classes="hint",
            )
            with VerticalScroll(id="form", can_focus=False):
                values = dict(self.initial)
                values.update(self.draft or {})
                yield from self.compose_fields(values)

    def on_mount(self) -> None:
        if self._pending_server_errors:
            self.show_server_errors(self._pending_server_errors)
            self.focus_first_problem(self.server_errors)

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

        dialog = self.query_one("#dialog")

        def reviewed(save: bool | None) -> None:
            dialog.display = True
            if save:
                self.dismiss(result)

        # The review stands alone: the taller form behind it showed its top border and title
        # above the review's, two dialogs stacked.
        dialog.display = False
        self.app.push_screen(
            ReviewScreen(
                f"Review changes to {customer_label(self.customer)}",
                result.diffs,
                note=f"Sent with version {self.customer.version}: if someone changed the "
                "customer since, you will see both versions before anything is overwritten.",
            ),
            reviewed,
        )
