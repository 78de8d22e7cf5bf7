"""Setting up the HTTP side costs nothing per request: the CA bundle is loaded once (never for a
plain-HTTP sandbox), and nothing is looked up again on each request."""

from __future__ import annotations

import importlib.abc
import ssl
import sys

from tui.emporix.client import CustomerService
from tui.http.tls import tls_context
from tui.sandbox import DEMO_SECRET, TENANT


def test_https_verifies_with_one_shared_context() -> None:
    first, second = tls_context("https://api.emporix.io"), tls_context("https://other.example")
    assert first is second
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname
    assert first.cert_store_stats()["x509_ca"] > 0


def test_plain_http_skips_the_bundle_and_would_trust_no_server() -> None:
    context = tls_context("http://127.0.0.1:8000")
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


async def test_requests_do_not_search_for_missing_modules(live_sandbox_url: str) -> None:
    """httpcore imports sniffio for every lock it makes: were it missing, each of those imports
    would search sys.path again (milliseconds per smart search)."""
    lookups: list[str] = []

    class Spy(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: object, target: object = None) -> None:
            lookups.append(name)

    spy = Spy()
    async with CustomerService(live_sandbox_url, TENANT, "demo-agent", DEMO_SECRET) as service:
        await service.authenticate()
        sys.meta_path.insert(0, spy)
        try:
            await service.find("smith").next_page()
        finally:
            sys.meta_path.remove(spy)
    assert "sniffio" not in lookups
