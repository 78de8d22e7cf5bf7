"""Clients of the in-process sandbox (httpx.ASGITransport): the real client on the real server app."""

from __future__ import annotations

from typing import Any

import httpx

from tui.emporix.client import CustomerService
from tui.sandbox import DEMO_SECRET, TENANT

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
