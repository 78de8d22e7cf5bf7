"""The Emporix record kinds for the screens: the customer's columns, filters, sorts, form, tabs and actions.

Everything the UI knows of an Emporix customer is described here, once, with the neutral
dataclasses of `tui.core.kinds`: the list's columns, the quick filters and sorts (their `q`
fragments and sort fields from `tui.emporix.names`), the edit form's fields with the client's
own checks, the detail tabs and the actions with their keys.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import partial
from typing import Any

from tui.core.kinds import (
    Action,
    Column,
    DetailTab,
    FieldSpec,
    QuickFilter,
    RecordKind,
    Sort,
    all_of,
    optional,
    required,
)
from tui.core.shown import label as short_label
from tui.emporix import names
from tui.emporix.models import B2B, Customer
from tui.emporix.validation import (
    check_currency,
    check_email,
    check_language,
    check_phone,
    check_restriction,
)

__all__ = [
    "CUSTOMER",
    "KINDS",
    "USER_TYPES",
    "apply_values",
    "customer_label",
    "customer_specs",
]

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


def apply_values(customer: Customer, changes: dict[str, Any]) -> Customer:
    """A copy of `customer` with only the given fields set; every other field, mixins and
    unknown fields included, stays exactly as it was loaded."""
    flat = {k: v for k, v in changes.items() if "." not in k}
    if "b2b.company_registration_id" in changes:
        b2b = customer.b2b or B2B()
        flat["b2b"] = b2b.edited(company_registration_id=changes["b2b.company_registration_id"])
    return customer.edited(**flat) if flat else customer


def customer_label(customer: Customer) -> str:
    return f"{short_label(customer.display_name)} (#{short_label(customer.number)})"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# The narrow set fits 80 columns; wider terminals add the creation date, then the company, then
# the site (the order of importance for an agent on a ticket). Same widths as the list's table.
COLUMNS: tuple[Column, ...] = (
    Column("number", "Number", 9, 0, lambda c: _text(c.customer_number)),
    Column("name", "Name", 15, 0, lambda c: c.display_name or "(no name)", max_width=22),
    Column("company", "Company", 12, 110, lambda c: _text(c.company), max_width=30),
    Column("email", "Contact e-mail", 23, 0, lambda c: _text(c.contact_email), max_width=36),
    Column("status", "Status", 10, 0, lambda c: c.status, max_width=17),
    Column("model", "Model", 5, 0, lambda c: _text(c.business_model)),
    # "none" matters: such a customer is visible to every API client.
    Column("restriction", "Restr", 5, 0, lambda c: c.restriction or "none"),
    Column("site", "Site", 5, 140, lambda c: _text(c.preferred_site)),
    Column("created", "Created", 10, 92, lambda c: _text(c.metadata_created_at)[:10]),
)

SORTS: tuple[Sort, ...] = tuple(Sort(value, label) for value, label in names.SORTS)

QUICK_FILTERS: tuple[QuickFilter, ...] = (
    QuickFilter("on_hold", "On hold", "f2", lambda _: names.ON_HOLD_QUERY),
    QuickFilter("inactive", "Inactive", "f3", lambda _: names.INACTIVE_QUERY),
    QuickFilter("b2b", "B2B", "f4", lambda _: names.business_model_query("B2B")),
    QuickFilter("b2c", "B2C", "f5", lambda _: names.business_model_query("B2C")),
    QuickFilter(
        "restriction", "Restriction", "f6", names.restriction_query, choices=names.RESTRICTIONS
    ),
)


def profile_rows(customer: Customer) -> list[tuple[str, Any]]:
    """Every profile field, including the ones an agent rarely needs but sometimes must see."""
    wire = customer.to_wire()
    meta = wire.get("metadata") or {}
    rows: list[tuple[str, Any]] = [
        ("Customer number", customer.customer_number),
        ("Id", customer.id),
        ("Status", customer.status),
        ("Title", customer.title),
        ("First name", customer.first_name),
        ("Middle name", customer.middle_name),
        ("Last name", customer.last_name),
        ("Company", customer.company),
        ("Contact e-mail", customer.contact_email),
        ("Contact phone", customer.contact_phone),
        ("Preferred language", customer.preferred_language),
        ("Preferred currency", customer.preferred_currency),
        ("Preferred site", customer.preferred_site),
        ("Type", customer.type),
        ("Active", customer.active),
        ("On hold", customer.on_hold),
        ("Business model", customer.business_model),
        ("Restriction", customer.restriction or "none (visible to every caller)"),
        ("Metadata version", meta.get("version")),
        ("Created", customer.metadata_created_at),
        ("Mixin schemas", ", ".join(sorted((meta.get("mixins") or {}).keys()))),
        ("Other fields", ", ".join(sorted(customer.unknown_fields))),
    ]
    if customer.email:
        rows.insert(9, ("Login e-mail", customer.email))
    return rows


def _b2b_rows(customer: Customer) -> list[tuple[str, Any]]:
    b2b = customer.b2b
    return [("Company registration id", b2b.company_registration_id if b2b else None)]


TABS: tuple[DetailTab, ...] = (
    DetailTab("profile", "Profile", "1", "fields", rows=profile_rows),
    DetailTab(
        "addresses",
        "Addresses",
        "2",
        "table",
        items=lambda c: list(c.addresses or []),
        columns=(
            Column("address", "Address", 40, 0, lambda a: a.one_line),
            Column("phone", "Phone", 16, 0, lambda a: _text(a.contact_phone)),
            Column("tags", "Tags", 16, 0, lambda a: ", ".join(a.tags or [])),
            Column("id", "Address id", 12, 0, lambda a: _text(a.id)),
        ),
    ),
    DetailTab(
        "accounts",
        "Accounts",
        "3",
        "table",
        items=lambda c: list(c.accounts or []),
        columns=(
            Column("id", "Login e-mail", 30, 0, lambda a: _text(a.to_wire().get("id"))),
            Column(
                "provider",
                "Social login provider id",
                24,
                0,
                lambda a: _text(a.to_wire().get("providerId")),
            ),
        ),
    ),
    DetailTab(
        "b2b",
        "B2B",
        "4",
        "table",
        rows=_b2b_rows,
        items=lambda c: c.legal_entities,
        columns=(
            Column("id", "Id", 12, 0, lambda e: _text(e.id)),
            Column("name", "Name", 30, 0, lambda e: _text(e.name)),
            Column(
                "contact",
                "Contact assignment id",
                24,
                0,
                lambda e: _text(e.to_wire().get("contactAssignmentId")),
            ),
        ),
    ),
    DetailTab("raw", "Raw JSON", "5", "raw"),
)

_MANAGE = names.MANAGE_SCOPE
ACTIONS: tuple[Action, ...] = (
    Action("edit", "Edit", "e", permission=_MANAGE, description="Edit the profile"),
    Action("hold", "Hold", "h", permission=_MANAGE, description="Put on hold or release"),
    Action("active", "Active/inactive", "i", permission=_MANAGE),
    Action("delete", "Delete", "d", destructive=True, permission=_MANAGE),
    Action("assign", "Assign account", "a", permission=_MANAGE),
    Action("addresses", "Addresses…", "m", permission=_MANAGE),
    Action("new", "New", "n", needs_record=False, permission=_MANAGE),
)

CUSTOMER = RecordKind(
    name="customer",
    title="Customer",
    plural="customers",
    key=lambda c: c.number,
    label=customer_label,
    wire=lambda c: c.to_wire(),
    columns=COLUMNS,
    sorts=SORTS,
    quick_filters=QUICK_FILTERS,
    fields=customer_specs(),
    tabs=TABS,
    actions=ACTIONS,
    apply=apply_values,
    search_hint="name, e-mail, customer number, company, or a q expression",
)
"""An Emporix customer, as every screen shows it."""

KINDS: dict[str, RecordKind] = {CUSTOMER.name: CUSTOMER}
