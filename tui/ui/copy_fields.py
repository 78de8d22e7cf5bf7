"""What `y` on a detail tab can copy: each field the tab shows, with its value as text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tui.core.mask import mask_value
from tui.core.shown import whole_json
from tui.ui.widgets.customer_views import address_lines, profile_rows

PREVIEW = 60
"""Characters of a value a notice or the chooser shows; the clipboard gets it whole."""


@dataclass(frozen=True)
class CopyField:
    """One value an agent may copy: what it is called on the tab, its wire name (which says how
    mask mode hides it), and the text that goes to the clipboard."""

    label: str
    key: str
    value: str

    def shown(self, app: Any) -> str:
        """The value as the screen may show it: masked in mask mode, long ones cut."""
        value: Any = self.value
        if getattr(app, "masked", False):
            value = mask_value(self.key or None, value)
        text = str(value).replace("\n", " ")
        return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _fields(rows: list[tuple[str, str, Any]]) -> list[CopyField]:
    return [CopyField(label, key, text) for label, key, value in rows if (text := _text(value))]


def tab_fields(tab: str, customer: Any) -> list[CopyField]:
    """The fields of one detail tab that have a value, in the order the tab shows them."""
    if tab == "profile":
        return _fields(profile_rows(customer))
    if tab == "addresses":
        rows: list[tuple[str, str, Any]] = []
        for i, address in enumerate((a.to_wire() for a in customer.addresses or []), start=1):
            rows += [
                (f"Address {i}", "street", ", ".join(address_lines(address))),
                (f"Address {i} phone", "contactPhone", address.get("contactPhone")),
                (f"Address {i} tags", "tags", ", ".join(address.get("tags") or [])),
                (f"Address {i} id", "id", address.get("id")),
            ]
        return _fields(rows)
    if tab == "accounts":
        rows = []
        for account in (a.to_wire() for a in customer.accounts or []):
            rows += [
                ("Login e-mail", "email", account.get("id")),
                ("Social login provider id", "providerId", account.get("providerId")),
            ]
        return _fields(rows)
    if tab == "b2b":
        data = customer.b2b.to_wire() if getattr(customer, "b2b", None) else {}
        rows = [
            ("Company registration id", "companyRegistrationId", data.get("companyRegistrationId"))
        ]
        for i, entity in enumerate(data.get("legalEntities") or [], start=1):
            rows += [
                (f"Legal entity {i} id", "id", entity.get("id")),
                (f"Legal entity {i} name", "name", entity.get("name")),
                (
                    f"Legal entity {i} contact assignment id",
                    "contactAssignmentId",
                    entity.get("contactAssignmentId"),
                ),
            ]
        return _fields(rows)
    wire = customer.to_wire()
    top = _fields([(key, key, value) for key, value in wire.items()])
    return [CopyField("Whole customer (JSON)", "", whole_json(wire)), *top]
