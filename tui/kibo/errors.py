"""Kibo's errors: its error body mapped onto the neutral classes of tui.core.errors."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tui.core import errors as core
from tui.core.errors import FieldIssue
from tui.http.retry import retry_after_seconds

__all__ = [
    "KiboDuplicate",
    "KiboError",
    "KiboForbidden",
    "KiboInvalid",
    "KiboNetworkError",
    "KiboNotFound",
    "KiboRateLimited",
    "KiboServerError",
    "KiboTimedOut",
    "KiboUnauthorized",
    "KiboVersionConflict",
    "error_from_response",
]


class KiboError(core.BackendError):
    """Base of every Kibo failure: the neutral facts plus Kibo's `errorCode` and application."""

    def __init__(
        self,
        *args: Any,
        error_code: str | None = None,
        application_name: str | None = None,
        method: str | None = None,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.error_code = error_code
        self.application_name = application_name
        self.method = method
        self.url = url


class KiboNotFound(KiboError, core.NotFound):
    """404 ITEM_NOT_FOUND: no such account, user or role."""


class KiboForbidden(KiboError, core.Forbidden):
    """403: the application (or tenant, or site) may not do this."""

    permission_kind = "behavior"


class KiboUnauthorized(KiboError, core.Unauthorized):
    """401: a bad application login (INVALID_CREDENTIALS) or a token the server refused."""


class KiboVersionConflict(KiboError, core.VersionConflict):
    """The user or account changed on the server since it was loaded; `current` is the fresh one."""


class KiboDuplicate(KiboError, core.Duplicate):
    """409 ITEM_ALREADY_EXISTS: e.g. the e-mail address is already a user of the account."""


class KiboInvalid(KiboError, core.Invalid):
    """400: Kibo refused the input or the parameters (a bad filter, a wrong status action)."""


class KiboRateLimited(KiboError, core.RateLimited):
    """429: too many requests."""


class KiboServerError(KiboError, core.ServerError):
    """5xx, or an answer this client cannot read."""


class KiboNetworkError(KiboError, core.NetworkError):
    """The API could not be reached, or the connection broke or timed out."""


class KiboTimedOut(KiboNetworkError, core.TimedOut):
    """No answer in time (connecting, or waiting for the answer)."""


def _body(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        text = response.text.strip()[:200] if response.content else ""
        return {"message": text} if text else {}
    return body if isinstance(body, dict) else {}


def _details(body: dict[str, Any]) -> list[FieldIssue]:
    found: list[FieldIssue] = []
    for item in body.get("additionalErrorData") or []:
        if isinstance(item, dict) and item.get("name"):
            found.append(FieldIssue(str(item["name"]), str(item.get("value") or "")))
    for item in body.get("items") or []:
        # Bulk answers list one error per item; each carries its own message.
        if isinstance(item, dict) and item.get("message"):
            found.append(FieldIssue(item.get("name"), str(item["message"]), item.get("errorCode")))
    return found


_WORDS = {
    400: "Kibo did not accept the request.",
    401: "Kibo refused the sign-in or the token.",
    403: "The Kibo application is not allowed to do that.",
    404: "Kibo has no such record; it may have been removed.",
    409: "Kibo refused the change because it conflicts with existing data.",
    429: "Kibo is asking us to slow down.",
}


def error_from_response(
    response: httpx.Response, *, action: str, permission: str | None = None
) -> KiboError:
    """The exception for a Kibo error answer; `action` says in words what was being done."""
    status = response.status_code
    body = _body(response)
    code = body.get("errorCode") if isinstance(body.get("errorCode"), str) else None
    server = body.get("message") if isinstance(body.get("message"), str) else None
    common: dict[str, Any] = {
        "status": status,
        "server_message": server,
        "details": _details(body),
        "error_code": code,
        "application_name": body.get("applicationName"),
        "method": response.request.method,
        "url": str(response.request.url),
    }
    words = _WORDS.get(status, "Kibo failed to answer.")
    message = f"Could not {action}: {words}"
    if status in (400, 422):
        return KiboInvalid(message, **common)
    if status == 401:
        return KiboUnauthorized(message, **common)
    if status == 403:
        return KiboForbidden(message, missing_permission=permission, **common)
    if status == 404:
        return KiboNotFound(message, **common)
    if status == 409:
        if code and ("EXIST" in code or "DUPLICATE" in code):
            return KiboDuplicate(message, **common)
        return KiboInvalid(message, **common)
    if status == 429:
        retry = retry_after_seconds(response.headers.get("Retry-After"))
        return KiboRateLimited(message, retry_after=retry, **common)
    if status >= 500:
        return KiboServerError(message, **common)
    return KiboError(message, **common)
