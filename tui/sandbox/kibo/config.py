"""The Kibo side's demo tenant, site and application client, and where it is mounted."""

from __future__ import annotations

PREFIX = "/kibo/api"
"""Where the Kibo emulator lives in the sandbox; the spec's paths follow it as they follow
`https://t{tenantId}.{env}.mozu.com/api`."""
TENANT_ID = 10000
SITE_ID = 10001
CLIENT_ID = "kibo-agent"
SECRET = "demo-secret"
READ_BEHAVIOR = "Customer Read"
UPDATE_BEHAVIOR = "Customer Update"
APPLICATIONS: dict[str, frozenset[str]] = {
    CLIENT_ID: frozenset({READ_BEHAVIOR, UPDATE_BEHAVIOR}),
    "kibo-viewer": frozenset({READ_BEHAVIOR}),
    "kibo-new": frozenset(),
}
"""The demo applications (every one with SECRET) and the behaviors each was given: kibo-viewer
may only read; kibo-new is installed without any behavior yet, so every call is refused."""
APPLICATION_NAME = "Customer"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 200

ROLES: dict[int, str] = {1: "Admin", 2: "Purchaser", 3: "Nonpurchaser"}
PENDING, APPROVED, DENIED, INACTIVE = "PendingApproval", "Approved", "Denied", "Inactive"
STATUSES = (PENDING, APPROVED, DENIED, INACTIVE)
