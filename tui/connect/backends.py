"""A resolved connection → its platform's client and `Backend`: the one map from platform to backend."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.config.connection import Connection, UnsupportedPlatform

if TYPE_CHECKING:
    import httpx

    from tui.core.backend import Backend
    from tui.core.journal import Journal
    from tui.emporix.backend import EmporixBackend
    from tui.emporix.client import CustomerService
    from tui.emporix.diagnosis_facts import TenantFacts
    from tui.kibo.client import KiboClient

__all__ = [
    "BACKENDS",
    "emporix_backend",
    "open_backend",
    "open_kibo_client",
    "open_service",
    "tenant_facts",
]


def open_service(
    connection: Connection, sandbox: httpx.AsyncBaseTransport | None = None
) -> CustomerService:
    """A new Emporix client for this connection; the caller closes it (`async with`/`aclose()`).

    The embedded sandbox is reached in-process (`tui.connect.sandbox`): through `sandbox`, a
    transport into one opened already (its tokens live in it), else a new one. Raises
    `UnsupportedPlatform` for a profile of another platform, `SandboxUnavailable` when the
    sandbox's data file cannot be opened.
    """
    if connection.platform != "emporix":
        raise UnsupportedPlatform(
            f"Profile {connection.name!r} is a {connection.platform!r} profile; this version of "
            'customer-tui can only open Emporix profiles (platform = "emporix").'
        )
    # Imported on first use, not at start-up: `customer-tui --help` and `profiles` never pay for
    # httpx and the client, and the app builds the client in a thread beside its first paint.
    from tui.emporix.client import CustomerService

    if not connection.sandbox:
        return CustomerService(
            connection.api_url, connection.tenant, connection.client_id, connection.client_secret
        )
    from tui.connect.sandbox import sandbox_transport
    from tui.sandbox.config import VALID_RESTRICTIONS

    service = CustomerService(
        connection.api_url,
        connection.tenant,
        connection.client_id,
        connection.client_secret,
        transport=sandbox or sandbox_transport(connection),
    )
    # The embedded sandbox's restrictions are known, so a form can refuse `zz` at once.
    service.restrictions = frozenset(VALID_RESTRICTIONS)
    return service


def tenant_facts(connection: Connection) -> TenantFacts | None:
    """What the diagnosis knows of the tenant's set-up (sites, restrictions, social logins): the
    Emporix API does not publish it, so only the embedded sandbox's is known."""
    if not connection.sandbox or connection.platform != "emporix":
        return None
    from tui.emporix.diagnosis_facts import TenantFacts
    from tui.sandbox.demo_diagnosis import demo_tenant_facts

    return TenantFacts.from_dict(demo_tenant_facts())


def emporix_backend(
    connection: Connection, service: CustomerService, journal: Journal | None = None
) -> EmporixBackend:
    """The Emporix backend over an open client, with what its diagnosis may know besides the
    API: the tenant's facts and the journal (since when a customer is on hold)."""
    from tui.emporix.backend import EmporixBackend

    return EmporixBackend(service, tenant_facts=tenant_facts(connection), journal=journal)


def _emporix(connection: Connection) -> Backend:
    return emporix_backend(connection, open_service(connection))


def open_kibo_client(
    connection: Connection, sandbox: httpx.AsyncBaseTransport | None = None
) -> KiboClient:
    """A new Kibo client for a Kibo connection (the embedded sandbox's side in-process, through
    `sandbox` when one is open already); the caller closes it. The connection check uses it
    bare; the app, behind `KiboBackend`."""
    from tui.kibo.client import KiboClient

    transport = sandbox
    if connection.sandbox and transport is None:
        from tui.connect.sandbox import sandbox_transport

        transport = sandbox_transport(connection)
    return KiboClient(
        connection.api_url,
        connection.tenant,
        connection.site,
        connection.client_id,
        connection.client_secret,
        transport=transport,
        auth_url=connection.auth_url,
    )


def _kibo(connection: Connection) -> Backend:
    from tui.kibo.backend import KiboBackend

    return KiboBackend(open_kibo_client(connection))


BACKENDS: dict[str, Callable[[Connection], Backend]] = {"emporix": _emporix, "kibo": _kibo}
"""platform name (as in a profile) → how to open its backend. A new platform adds one entry."""


def open_backend(connection: Connection) -> Backend:
    """The `Backend` for the connection's platform; the caller closes it."""
    try:
        opener = BACKENDS[connection.platform]
    except KeyError:
        raise UnsupportedPlatform(
            f"Profile {connection.name!r} is a {connection.platform!r} profile; this version of "
            f"customer-tui opens {', '.join(sorted(BACKENDS))} profiles."
        ) from None
    return opener(connection)
