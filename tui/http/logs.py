"""Debug logging of requests and responses with tokens and secrets replaced by ***."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from typing import Any

import httpx

__all__ = ["RequestLog", "redact_body", "redact_headers"]

REDACTED = "***"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "password",
        "externalPassword",
        "accessToken",
        "refreshToken",
    }
)
_SECRET_VALUE_RE = re.compile(
    r'"(' + "|".join(sorted(map(re.escape, _SECRET_KEYS))) + r')"(\s*:\s*)'
    r'(?:"(?:[^"\\]|\\.)*(?:"|\\?$)|[^,}\]\s]+)'
)
_BEARER_RE = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")
_MAX_BODY = 4000


def redact_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: (REDACTED if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def _redact_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (REDACTED if k in _SECRET_KEYS else _redact_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    return value


def redact_body(content: bytes) -> str:
    """The start of a body as text, secrets replaced (whole JSON when short, by pattern when long)."""
    if not content:
        return ""
    text = content[:_MAX_BODY].decode("utf-8", errors="replace")
    if len(content) <= _MAX_BODY:
        with contextlib.suppress(ValueError):
            text = json.dumps(_redact_json(json.loads(content)), ensure_ascii=False)
    # Long or not JSON: a pattern catches `"key": "value"` pairs, even cut off at the end.
    text = _SECRET_VALUE_RE.sub(rf'"\1"\2"{REDACTED}"', text)
    return _BEARER_RE.sub(r"\1" + REDACTED, text)


class RequestLog:
    """httpx event hooks that write every request and response to one logger, redacted."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    async def request(self, request: httpx.Request) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            self.logger.debug(
                "-> %s %s headers=%s body=%s",
                request.method,
                request.url,
                redact_headers(request.headers),
                redact_body(request.content),
            )

    async def response(self, response: httpx.Response) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            await response.aread()
            self.logger.debug(
                "<- %s %s %s body=%s",
                response.status_code,
                response.request.method,
                response.request.url,
                redact_body(response.content),
            )
