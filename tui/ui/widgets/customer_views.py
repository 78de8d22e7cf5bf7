"""Renderables for the detail tabs: profile fields, addresses, accounts, B2B data and the raw JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.highlight import highlight

from tui.core.shown import bounded_json, cut
from tui.ui.masking import Mask
from tui.ui.widgets.badges import customer_status

NONE = Text("—", style="dim")


def _value(value: Any) -> Text:
    if value is None or value == "" or value == []:
        return NONE
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    # A multi-megabyte value would take minutes to lay out: a page of it, and how to see the rest.
    shown, note = cut(str(value))
    text = Text(shown)
    if note:
        text.append(f"\n({note})", style="italic")
    return text


def _grid() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=18)
    table.add_column(overflow="fold")
    return table


NO_MASK = Mask()


def profile_rows(customer: Any) -> list[tuple[str, str, Any]]:
    """(label, wire name, value) of every profile field, in the order the Profile tab shows them."""
    wire = customer.to_wire()
    meta = wire.get("metadata") or {}
    mixin_schemas = sorted((meta.get("mixins") or {}).keys())
    known_extra = sorted(getattr(customer, "unknown_fields", {}) or {})
    rows: list[tuple[str, str, Any]] = [
        ("Customer number", "customerNumber", customer.customer_number),
        ("Id", "id", customer.id),
        ("Status", "status", customer_status(customer)),
        ("Title", "title", customer.title),
        ("First name", "firstName", customer.first_name),
        ("Middle name", "middleName", customer.middle_name),
        ("Last name", "lastName", customer.last_name),
        ("Company", "company", customer.company),
        ("Contact e-mail", "contactEmail", customer.contact_email),
        ("Contact phone", "contactPhone", customer.contact_phone),
        ("Preferred language", "preferredLanguage", customer.preferred_language),
        ("Preferred currency", "preferredCurrency", customer.preferred_currency),
        ("Preferred site", "preferredSite", customer.preferred_site),
        ("Type", "type", customer.type),
        ("Active", "active", customer.active),
        ("On hold", "onHold", customer.on_hold),
        ("Business model", "businessModel", customer.business_model),
        (
            "Restriction",
            "restriction",
            customer.restriction or "none (visible to every caller)",
        ),
        ("Metadata version", "metadata.version", meta.get("version")),
        ("Created", "metadataCreatedAt", customer.metadata_created_at),
        ("Mixin schemas", "metadata.mixins", ", ".join(mixin_schemas)),
        ("Other fields", "", ", ".join(known_extra)),
    ]
    unread = getattr(customer, "unread_fields", None)
    if unread:
        # Values of a type this app does not know; kept as sent, whole on the Raw tab.
        rows.append(("Not readable", "", ", ".join(unread)))
    if getattr(customer, "email", None):
        rows.insert(9, ("Login e-mail", "email", customer.email))
    return rows


def profile(customer: Any, mask: Mask = NO_MASK) -> RenderableType:
    """Every profile field, including the ones an agent rarely needs but sometimes must see;
    contact data as `mask` shows it."""
    table = _grid()
    for label, key, value in profile_rows(customer):
        table.add_row(label, _value(mask(key, value) if key else value))
    return table


def address_lines(address: dict[str, Any]) -> list[str]:
    """The address as it is printed; pass it masked (`Mask.record`) to show it masked."""
    street = " ".join(str(address[k]) for k in ("street", "streetNumber") if address.get(k))
    town = " ".join(str(address[k]) for k in ("zipCode", "city") if address.get(k))
    extra = [
        str(address[k])
        for k in ("extraLine1", "extraLine2", "extraLine3", "extraLine4")
        if address.get(k)
    ]
    lines = [
        address.get("contactName") or "",
        address.get("companyName") or "",
        street,
        address.get("streetAppendix") or "",
        *extra,
        town,
        ", ".join(str(address[k]) for k in ("state", "country") if address.get(k)),
    ]
    return [line for line in lines if line]


def addresses(customer: Any, mask: Mask = NO_MASK) -> RenderableType:
    items = [
        mask.record(a.to_wire(), f"addresses.{i}") for i, a in enumerate(customer.addresses or [])
    ]
    if not items:
        return Text("This customer has no addresses.", style="italic")
    parts: list[RenderableType] = []
    for index, address in enumerate(items, start=1):
        default = " — DEFAULT" if address.get("isDefault") else ""
        title = Text(f"Address {index} of {len(items)}{default}", style="bold")
        parts.append(title)
        table = _grid()
        table.add_row("Address", _value("\n".join(address_lines(address))))
        table.add_row("Phone", _value(address.get("contactPhone")))
        table.add_row("Tags", _value(", ".join(address.get("tags") or [])))
        table.add_row("Address id", _value(address.get("id")))
        parts.extend([table, Text("")])
    return Group(*parts)


def accounts(customer: Any, mask: Mask = NO_MASK) -> RenderableType:
    items = [
        mask.record(a.to_wire(), f"accounts.{i}") for i, a in enumerate(customer.accounts or [])
    ]
    if not items:
        return Text("No login accounts: this customer cannot sign in.", style="italic")
    table = Table(show_edge=False, expand=False, header_style="bold")
    table.add_column("Login e-mail", overflow="fold")
    table.add_column("Social login provider id", overflow="fold")
    for account in items:
        table.add_row(_value(account.get("id")), _value(account.get("providerId")))
    return table


def b2b(customer: Any, mask: Mask = NO_MASK) -> RenderableType:
    data = customer.b2b.to_wire() if getattr(customer, "b2b", None) else {}
    if not data:
        model = customer.business_model or "B2C"
        return Text(f"No B2B data ({model} customer).", style="italic")
    head = _grid()
    head.add_row("Company registration id", _value(data.get("companyRegistrationId")))
    entities = data.get("legalEntities") or []
    if not entities:
        return Group(head, Text(""), Text("No legal entities.", style="italic"))
    table = Table(
        show_edge=False, header_style="bold", title="Legal entities", title_justify="left"
    )
    table.add_column("Id", overflow="fold")
    table.add_column("Name", overflow="fold")
    table.add_column("Contact assignment id", overflow="fold")
    for entity in entities:
        table.add_row(
            _value(entity.get("id")),
            _value(entity.get("name")),
            _value(entity.get("contactAssignmentId")),
        )
    return Group(head, Text(""), table)


def raw_json(customer: Any, mask: Mask = NO_MASK) -> Content:
    """The customer exactly as on the wire, mixins and unknown fields included; long texts and
    deep nesting cut, with a note first saying so (`o` shows it whole); in mask mode every
    contact field and every e-mail anywhere masked."""
    text, note = bounded_json(mask.record(customer.to_wire()))
    content = highlight(text, language="json")
    return Content.assemble(f"({note})\n\n", content) if note else content
