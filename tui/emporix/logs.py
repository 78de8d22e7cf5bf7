"""Debug log of every request and response to a file, with tokens and secrets redacted."""

from __future__ import annotations

import contextlib
import json
import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from tui import paths
from tui.core.private_files import FILE_MODE, open_private

__all__ = [
    "HTTP_LOGGER",
    "configure_logging",
    "default_log_path",
    "log_request",
    "log_response",
    "redact_body",
    "redact_headers",
]

HTTP_LOGGER = logging.getLogger("tui.emporix.http")
REDACTED = "***"
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "client_secret",
        "password",
        "saasToken",
        "accessToken",
        "refreshToken",
        "passwordHash",
        "hash",
    }
)
_BEARER_RE = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")
_SECRET_VALUE_RE = re.compile(
    r'"(' + "|".join(sorted(map(re.escape, _SECRET_KEYS))) + r')"(\s*:\s*)'
    # A string (possibly cut off at the end of the logged part), or any other value.
    r'(?:"(?:[^"\\]|\\.)*(?:"|\\?$)|[^,}\]\s]+)'
)
_MAX_BODY = 4000
_HANDLER_NAME = "customer-tui-file"


def default_log_path() -> Path:
    """Where the log goes unless told otherwise: the platform's log directory."""
    return paths.log_file()


def configure_logging(path: Path | None = None, *, level: int = logging.DEBUG) -> Path:
    """Send the client's request log to a rotating file; returns the file's path.

    Calling it again replaces the earlier file handler (so tests and the CLI can re-point it).
    """
    path = path or default_log_path()
    # The log holds whole response bodies (names, e-mails, phones): the user's eyes only.
    os.close(open_private(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND))
    logger = logging.getLogger("tui")
    for handler in list(logger.handlers):
        if handler.get_name() == _HANDLER_NAME:
            logger.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return path


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """Rotates like its base; the fresh file it starts is made 0600 before anything is written."""

    def doRollover(self) -> None:
        super().doRollover()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, FILE_MODE)


def redact_headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: (REDACTED if k.lower() in _SECRET_HEADERS else v) for k, v in headers.items()}


def _redact_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (REDACTED if k in _SECRET_KEYS else _redact_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact_json(v) for v in value]
    return value


def redact_body(content: bytes, content_type: str | None) -> str:
    """The body as text with secrets replaced by ***; form, JSON and plain text handled."""
    if not content:
        return ""
    text = content[:_MAX_BODY].decode("utf-8", errors="replace")
    ctype = (content_type or "").lower()
    if "x-www-form-urlencoded" in ctype:
        pairs = parse_qsl(content.decode("utf-8", errors="replace"), keep_blank_values=True)
        return urlencode([(k, REDACTED if k in _SECRET_KEYS else v) for k, v in pairs])
    if "json" in ctype:
        if len(content) <= _MAX_BODY:
            with contextlib.suppress(ValueError):
                text = json.dumps(_redact_json(json.loads(content)), ensure_ascii=False)[:_MAX_BODY]
        else:
            # A page of customers: only its start is logged, so only its start is read. Parsing
            # and dumping all of it cost more than reading the customers (ms per search).
            text = _SECRET_VALUE_RE.sub(rf'"\1"\2"{REDACTED}"', text)
    return _BEARER_RE.sub(r"\1" + REDACTED, text)


async def log_request(request: httpx.Request) -> None:
    if not HTTP_LOGGER.isEnabledFor(logging.DEBUG):
        return
    body = redact_body(request.content, request.headers.get("content-type"))
    HTTP_LOGGER.debug(
        "-> %s %s headers=%s body=%s",
        request.method,
        request.url,
        redact_headers(request.headers),
        body,
    )


async def log_response(response: httpx.Response) -> None:
    if not HTTP_LOGGER.isEnabledFor(logging.DEBUG):
        return
    await response.aread()
    HTTP_LOGGER.debug(
        "<- %s %s %s headers=%s body=%s",
        response.status_code,
        response.request.method,
        response.request.url,
        redact_headers(response.headers),
        redact_body(response.content, response.headers.get("content-type")),
    )
