"""Kibo names the rest of the app must not spell itself: the application behaviors the calls need."""

from __future__ import annotations

# The application behaviors (Kibo Dev Center: the application's Packages > Behaviors) the calls
# need. "Customer Update" is named by Kibo's developer docs for changing a customer record;
# "Customer Read" follows their naming (Inventory Read, Inventory Modify) but is not confirmed.
# The B2B account and user calls are in the customer service, so they are assumed to need the
# same two; the README says which of these could be confirmed.
READ_PERMISSION = "Customer Read"
MANAGE_PERMISSION = "Customer Update"
