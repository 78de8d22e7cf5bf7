"""Sandbox settings, the demo tenant and its demo clients."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui import paths

from .limits import DEFAULT_BUDGET_S

TENANT = "demo"
DEMO_SECRET = "demo-secret"
VALID_RESTRICTIONS: tuple[str, ...] = ("main", "de", "us", "fr")

READ = "customer.customer_read"
READ_OWN = "customer.customer_read_own"
MANAGE = "customer.customer_manage"
MANAGE_OWN = "customer.customer_manage_own"
RESTRICTION_MANAGE = "restriction.restriction_manage"
IMPORT_READ = "customer.import_read"
IMPORT_MANAGE = "customer.import_manage"
# The company `demo-company` belongs to: the first legal entity of customer 10000002.
DEMO_COMPANY = ("E100201", "Schmidt Maschinenbau GmbH")


@dataclass(frozen=True)
class DemoClient:
    """A client-credentials login the sandbox accepts, with what its tokens may do."""

    client_id: str
    scopes: frozenset[str]
    restrictions: frozenset[str]
    secret: str = DEMO_SECRET
    # (legal entity id, name) for a client whose `_own` scopes limit it to one company.
    company: tuple[str, str] | None = None


DEMO_CLIENTS: dict[str, DemoClient] = {
    c.client_id: c
    for c in (
        DemoClient(
            "demo-agent",
            frozenset({READ, MANAGE, RESTRICTION_MANAGE, IMPORT_READ, IMPORT_MANAGE}),
            frozenset(VALID_RESTRICTIONS),
        ),
        DemoClient("demo-viewer", frozenset({READ}), frozenset(VALID_RESTRICTIONS)),
        DemoClient("demo-de", frozenset({READ, MANAGE}), frozenset({"de"})),
        DemoClient(
            "demo-company",
            frozenset({READ_OWN, MANAGE_OWN}),
            frozenset(VALID_RESTRICTIONS),
            company=DEMO_COMPANY,
        ),
    )
}


def default_db_path() -> Path:
    """Where a demo's edits live between runs unless --data says otherwise."""
    return paths.sandbox_data_file()


@dataclass
class SandboxConfig:
    """Everything that shapes one sandbox instance.

    `db_path=None` keeps throwaway data: a scratch file that goes when the store is closed.
    """

    customers: int = 2000
    # Kibo users a new data file gets (accounts in proportion); None: the 300 demo accounts.
    kibo_users: int | None = None
    seed: int = 7
    db_path: Path | None = None
    reset: bool = False
    token_ttl: int = 3600
    latency_ms: int = 0
    jitter_ms: int = 0
    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: int = 1
    drop_rate: float = 0.0
    # Seconds a request may run before it is stopped and answered 400 (see limits.py).
    time_budget: float = DEFAULT_BUDGET_S
