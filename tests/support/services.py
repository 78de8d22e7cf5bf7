"""Clients of the sandbox (in-process through httpx.ASGITransport, or at a URL): real clients, real server."""

from __future__ import annotations

from typing import Any

import httpx

from tui.emporix.client import CustomerService
from tui.kibo.client import KiboClient
from tui.sandbox import DEMO_SECRET, TENANT
from tui.sandbox.kibo import CLIENT_ID as KIBO_CLIENT_ID
from tui.sandbox.kibo import PREFIX as KIBO_PREFIX
from tui.sandbox.kibo import SECRET as KIBO_SECRET
from tui.sandbox.kibo import SITE_ID as KIBO_SITE
from tui.sandbox.kibo import TENANT_ID as KIBO_TENANT

SANDBOX_URL = "http://sandbox.local"


def sandbox_service(
    app: Any, client_id: str = "demo-agent", *, url: str | None = None, **options: Any
) -> CustomerService:
    """A CustomerService for a demo client: in-process on `app`, or over the socket at `url`.

    `options` go to CustomerService (secret=, retry=, scope=, timeout=, event_hooks=...).
    """
    options.setdefault("secret", DEMO_SECRET)
    secret = options.pop("secret")
    transport = None if url else httpx.ASGITransport(app=app)
    return CustomerService(
        url or SANDBOX_URL, TENANT, client_id, secret, transport=transport, **options
    )


def kibo_client(app: Any, *, url: str | None = None, **options: Any) -> KiboClient:
    """A KiboClient for the sandbox's demo application: in-process on `app`, or at `url`."""
    options.setdefault("secret", KIBO_SECRET)
    secret = options.pop("secret")
    options.setdefault("tenant", KIBO_TENANT)
    options.setdefault("site", KIBO_SITE)
    tenant, site = options.pop("tenant"), options.pop("site")
    transport = None if url else httpx.ASGITransport(app=app)
    return KiboClient(
        (url or SANDBOX_URL) + KIBO_PREFIX,
        tenant,
        site,
        KIBO_CLIENT_ID,
        secret,
        transport=transport,
        **options,
    )
