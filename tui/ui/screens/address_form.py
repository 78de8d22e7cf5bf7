"""Add or edit a customer address; an edit sends only the fields that changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.emporix.models import Address
from tui.emporix.validation import check_country, check_phone
from tui.ui.forms import FieldSpec, FormScreen, optional, required
from tui.ui.masking import MaskedStatic

KNOWN_TAGS = ("BILLING", "SHIPPING")
"""The address tags the Emporix API documents: what marks a billing or a shipping address."""


def _check_tags(value: str) -> str | None:
    tags = [t.strip() for t in value.split(",")]
    if value.strip() and any(not t or " " in t for t in tags):
        return "Tags are words separated by commas, such as BILLING, SHIPPING"
    for tag in tags if value.strip() else []:
        if tag.upper() in KNOWN_TAGS and tag != tag.upper():
            return f"Tag '{tag}' must be in capitals: {tag.upper()}"
        if tag not in KNOWN_TAGS:
            return f"Tag '{tag}' is not an address tag: use BILLING, SHIPPING or both"
    return None


ADDRESS_SPECS = (
    FieldSpec(
        "contact_name",
        "contactName",
        "Contact name",
        check=required("Contact name"),
    ),
    FieldSpec("company_name", "companyName", "Company"),
    FieldSpec("street", "street", "Street"),
    FieldSpec("street_number", "streetNumber", "Number"),
    FieldSpec("street_appendix", "streetAppendix", "Street appendix"),
    FieldSpec("zip_code", "zipCode", "ZIP code"),
    FieldSpec("city", "city", "City"),
    FieldSpec(
        "country", "country", "Country", check=optional(check_country), placeholder="e.g. DE"
    ),
    FieldSpec("state", "state", "State"),
    FieldSpec("contact_phone", "contactPhone", "Phone", check=optional(check_phone)),
    FieldSpec("tags", "tags", "Tags", check=_check_tags, placeholder="e.g. BILLING, SHIPPING"),
    FieldSpec("is_default", "isDefault", "Default address", kind="bool"),
)
_WIRE = {s.name: s.wire for s in ADDRESS_SPECS}


def split_tags(text: Any) -> list[str]:
    if not text:
        return []
    return [t.strip() for t in str(text).split(",") if t.strip()]


def address_values(address: Address | None) -> dict[str, Any]:
    values: dict[str, Any] = {s.name: None for s in ADDRESS_SPECS}
    if address is not None:
        for s in ADDRESS_SPECS:
            values[s.name] = getattr(address, s.name, None)
    values["tags"] = ", ".join(values["tags"] or []) or None
    values["is_default"] = bool(values["is_default"])
    return values


@dataclass(frozen=True)
class AddressChanges:
    """What to send. For a new address `body` is the whole address; for an edit it holds only
    the changed fields (tags travel separately, through the tag endpoints, as a difference)."""

    body: dict[str, Any]
    tags_added: list[str] = field(default_factory=list)
    tags_removed: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.body or self.tags_added or self.tags_removed)


class AddressFormScreen(FormScreen[AddressChanges | None]):
    """`address` None adds a new one."""

    HELP_TITLE = "Address"
    HELP = (
        "Contact name is required; country is a 2-letter ISO code. Tags are comma-separated. "
        "ctrl+s saves; an edit sends only the changed fields."
    )

    specs = ADDRESS_SPECS

    def __init__(self, address: Address | None, *, customer_label: str = "") -> None:
        super().__init__(address_values(address))
        self.address = address
        self.customer_label = customer_label

    def compose(self) -> ComposeResult:
        what = "New address" if self.address is None else "Edit address"
        of = f" of {self.customer_label}" if self.customer_label else ""
        with Vertical(id="dialog"):
            yield MaskedStatic(lambda mask: mask.text(what + of), classes="title")
            yield Static("Tab moves · ctrl+s save · Esc cancel", classes="hint")
            with VerticalScroll(id="form", can_focus=False):
                yield from self.compose_fields()

    def submit(self) -> None:
        values = self.values()
        if self.address is None:
            body = {_WIRE[k]: v for k, v in values.items() if v is not None and k != "tags"}
            body["tags"] = split_tags(values["tags"])
            self.dismiss(AddressChanges(body, values=values))
            return
        names = self.changed_names()
        if not names:
            self.notify("Nothing changed yet.", title="Nothing to save")
            return
        body = {_WIRE[n]: values[n] for n in names if n != "tags"}
        old_tags = split_tags(self.initial["tags"])
        new_tags = split_tags(values["tags"])
        self.dismiss(
            AddressChanges(
                body,
                tags_added=[t for t in new_tags if t not in old_tags],
                tags_removed=[t for t in old_tags if t not in new_tags],
                values=values,
            )
        )
