"""TLS: the CA bundle is loaded once per process, and not at all for a plain-HTTP sandbox."""

from __future__ import annotations

import ssl

from tui.emporix.transport import tls_context


def test_https_verifies_with_one_shared_context() -> None:
    first, second = tls_context("https://api.emporix.io"), tls_context("https://other.example")
    assert first is second
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname
    assert first.cert_store_stats()["x509_ca"] > 0


def test_plain_http_skips_the_bundle_and_would_trust_no_server() -> None:
    context = tls_context("http://127.0.0.1:8000")
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
