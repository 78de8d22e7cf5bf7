"""The fields a `q` may name, checked before a raw query is sent, and the order of search results."""

from __future__ import annotations

import re
from collections.abc import Callable

from tui.core.textfold import match_rank
from tui.emporix.errors import FieldDetail, ValidationFailed
from tui.emporix.models import Customer

__all__ = ["KNOWN_FIELDS", "check_raw_fields", "rank_customer", "raw_fields"]

_ADDRESS = (
    "id", "city", "companyName", "contactName", "contactPhone", "country", "extraLine1",
    "extraLine2", "extraLine3", "extraLine4", "isDefault", "metadata", "mixins", "state",
    "street", "streetAppendix", "streetNumber", "tags", "zipCode",
)  # fmt: skip
_SCALARS = (
    "id", "customerNumber", "title", "firstName", "middleName", "lastName", "company",
    "contactEmail", "contactPhone", "email", "photoUrl", "preferredLanguage", "preferredCurrency",
    "preferredSite", "type", "active", "onHold", "businessModel", "restriction",
    "metadataCreatedAt",
)  # fmt: skip
KNOWN_FIELDS: dict[str, tuple[str, ...] | None] = {
    # Field → the names allowed below it; None: anything below (mixins are the tenant's own).
    **dict.fromkeys(_SCALARS, ()),
    "b2b": (
        "companyRegistrationId",
        "legalEntities",
        "legalEntities.id",
        "legalEntities.name",
        "legalEntities.contactAssignmentId",
    ),
    "addresses": _ADDRESS,
    "defaultAddress": _ADDRESS,
    "accounts": ("id", "providerId", "email"),
    "metadata": ("version", "createdAt", "modifiedAt", "mixins"),
    "mixins": None,
}
"""From the Customer schemas of the Customer Service spec (tests/contracts/)."""

_TERM_RE = re.compile(r"""(?:^|\s)([A-Za-z_][A-Za-z0-9_.$-]*):(?:"(?:[^"\\]|\\.)*"|\S*)""")


def raw_fields(q: str) -> list[str]:
    """The field names of the terms of a raw `q` (`lastName:Smith onHold:true` → both)."""
    return [m.group(1) for m in _TERM_RE.finditer(q)]


def _known(field: str) -> bool:
    top, _, below = field.partition(".")
    if top not in KNOWN_FIELDS:
        return False
    allowed = KNOWN_FIELDS[top]
    if allowed is None or not below:
        return True
    return below in allowed or any(below.startswith(a + ".") for a in allowed if "mixins" in a)


def check_raw_fields(q: str) -> None:
    """ValidationFailed naming the first field Emporix does not know, so `foo:bar` says so
    instead of finding nothing (Emporix answers an unknown field with an empty list)."""
    for field in raw_fields(q):
        if not _known(field):
            raise ValidationFailed(
                [
                    FieldDetail(
                        "search",
                        "unknown_field",
                        f"'{field}' is not a field Emporix customers have: use one such as "
                        "lastName, firstName, company, contactEmail, contactPhone, "
                        "customerNumber, onHold, restriction or b2b.companyRegistrationId",
                    )
                ]
            )


def rank_customer(text: str, kind: str) -> Callable[[Customer], int] | None:
    """The rank of each result for what was typed (exact matches first), or None when the
    order is the server's (a list, a raw query)."""
    if kind in ("all", "raw") or not text:
        return None
    digits = "".join(c for c in text if c.isdigit())

    def rank(customer: Customer) -> int:
        registration = customer.b2b.company_registration_id if customer.b2b else None
        phone = "".join(c for c in customer.contact_phone or "" if c.isdigit())
        exact = [customer.number, customer.contact_email, registration]
        if kind == "phone" and digits and phone.endswith(digits.lstrip("0")):
            return 0
        first, last = customer.first_name or "", customer.last_name or ""
        named = [last, first, f"{first} {last}", f"{last} {first}", customer.company]
        return match_rank(text, exact, named)

    return rank
