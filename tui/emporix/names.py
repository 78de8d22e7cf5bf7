"""Emporix names the rest of the app must not spell itself: the scopes, and what a full read expands."""

from __future__ import annotations

READ_SCOPE = "customer.customer_read"
"""Reading customers (and their addresses)."""
MANAGE_SCOPE = "customer.customer_manage"
"""Changing customers: without it the app is read-only."""
RESTRICTION_SCOPE = "restriction.restriction_manage"
"""Setting a customer's restriction (the form locks the field without it)."""

DEFAULT_EXPAND: tuple[str, ...] = ("addresses", "accounts", "mixin:*")
"""What a full read of one customer expands: everything the detail tabs show."""
