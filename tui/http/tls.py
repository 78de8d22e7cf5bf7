"""The TLS context of a client: the CA bundle loaded once per process, never for plain HTTP."""

from __future__ import annotations

import functools
import ssl
from urllib.parse import urlsplit

import httpx

__all__ = ["tls_context"]


@functools.cache
def _verifying_context() -> ssl.SSLContext:
    # Loading the CA bundle takes about 70 ms: once per process, shared by every client.
    return httpx.create_ssl_context()


def tls_context(api_url: str) -> ssl.SSLContext:
    """A context for a client of `api_url`. A plain-HTTP API (a sandbox on loopback) never does
    TLS, as redirects are not followed, so it skips the bundle: a context without certificates
    refuses every server, so nothing is verified less."""
    if urlsplit(api_url).scheme == "http":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    return _verifying_context()
