"""Emporix names the rest of the app must not spell itself: the scopes, and what a full read expands."""

from __future__ import annotations

READ_SCOPE = "customer.customer_read"
"""Reading customers (and their addresses)."""
MANAGE_SCOPE = "customer.customer_manage"
"""Changing customers: without it the app is read-only."""
MANAGE_OWN_SCOPE = "customer.customer_manage_own"
"""Changing only the customer the caller itself is (a storefront login, not an agent)."""
RESTRICTION_SCOPE = "restriction.restriction_manage"
"""Setting a customer's restriction (the form locks the field without it)."""

DEFAULT_EXPAND: tuple[str, ...] = ("addresses", "accounts", "mixin:*")
"""What a full read of one customer expands: everything the detail tabs show."""

RESTRICTIONS: tuple[str, ...] = ("main", "de", "us", "fr")
"""The restrictions a customer may carry, in the order the quick filter cycles them."""
BUSINESS_MODELS: tuple[str, ...] = ("B2B", "B2C")

SORTS: tuple[tuple[str | None, str], ...] = (
    (None, "best match"),
    ("customerNumber:asc", "number ↑"),
    ("customerNumber:desc", "number ↓"),
    ("lastName:asc", "last name A→Z"),
    ("lastName:desc", "last name Z→A"),
    ("metadata.createdAt:desc", "newest first"),
    ("metadata.createdAt:asc", "oldest first"),
)
"""The server-side sort orders (`sort=` values) and how the agent reads them; None: best match."""

ON_HOLD_QUERY = "onHold:true"
"""The `q` fragment of the on-hold quick filter."""
INACTIVE_QUERY = "active:false"
"""The `q` fragment of the inactive quick filter."""


def business_model_query(model: str) -> str:
    """The `q` fragment that keeps one business model ("B2B", "B2C")."""
    return f"businessModel:{model}"


def restriction_query(restriction: str) -> str:
    """The `q` fragment that keeps one restriction ("main", "de", ...)."""
    return f"restriction:{restriction}"
