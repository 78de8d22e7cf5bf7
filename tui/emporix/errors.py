"""One exception class per kind of failure, each readable on one line by an agent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import httpx

from tui.core import errors as core
from tui.core.errors import FieldIssue
from tui.http.retry import retry_after_seconds

if TYPE_CHECKING:
    from tui.emporix.models import Customer

__all__ = [
    "ApiTimeout",
    "BadRequest",
    "ClientFailure",
    "Conflict",
    "Duplicate",
    "EmporixError",
    "FieldDetail",
    "Forbidden",
    "NetworkError",
    "NotFound",
    "RateLimited",
    "ServerError",
    "Unauthorized",
    "ValidationFailed",
    "VersionConflict",
    "error_from_response",
]

_MAX_DETAILS_IN_LINE = 3
_SCOPE_RE = re.compile(r"\b([a-z][a-z_]*\.[a-z][a-z_]*(?:_own)?)\b")
_KNOWN_SCOPE_PREFIXES = ("customer.", "restriction.")


@dataclass(frozen=True)
class FieldDetail:
    """One problem: which field (None when not field-specific), its kind, and what to do."""

    field: str | None
    type: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _one_line(text: str) -> str:
    return " ".join(text.split())


class EmporixError(core.BackendError):
    """Base of every client error: `.status`, `.message`, `.details`; `str()` is one line.

    Each subclass is also its neutral class from `tui.core.errors` (`NotFound` is a
    `core.NotFound`), so code above the platforms catches the neutral ones only.
    """

    default_message = "The request failed"

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        details: Iterable[FieldDetail] = (),
        error_type: str | None = None,
        method: str | None = None,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        details = list(details)
        neutral = [FieldIssue(d.field, d.message, d.type) for d in details]
        super().__init__(message, status=status, details=neutral, **kwargs)
        # Emporix's own details keep the wire's `type`; the neutral view has it as `code`.
        self.details: list[FieldDetail] = details  # type: ignore[assignment]
        self.error_type = error_type
        self.method = method
        self.url = url

    @property
    def headline(self) -> str:
        """The status and its reason, e.g. "403 Forbidden"; empty for client-side errors."""
        if self.status is None:
            return ""
        try:
            return f"{self.status} {HTTPStatus(self.status).phrase}"
        except ValueError:
            return str(self.status)

    def _suffix(self) -> str:
        return ""

    def __str__(self) -> str:
        text = self.message.rstrip(".") if self._suffix() else self.message
        text += self._suffix()
        # Details that only repeat the message (a scope it already names, say) add nothing.
        shown = [str(d) for d in self.details if d.message and d.message not in self.message]
        if shown:
            more = len(shown) - _MAX_DETAILS_IN_LINE
            text += " — " + "; ".join(shown[:_MAX_DETAILS_IN_LINE])
            if more > 0:
                text += f" (+{more} more)"
        line = f"{self.headline}: {text}" if self.headline else text
        return _one_line(line)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class BadRequest(EmporixError, core.Invalid):
    """400: the server rejected the input; `.details` names the fields."""

    default_message = "The request was not accepted"


class ValidationFailed(BadRequest):
    """Input refused before sending: each detail says the field, what is wrong and how to fix it."""

    default_message = "Please correct the input"

    def __init__(self, details: Sequence[FieldDetail], message: str | None = None) -> None:
        super().__init__(message, status=None, details=details, error_type="validation_failure")

    def __str__(self) -> str:
        return _one_line("; ".join(str(d) for d in self.details) or self.message)

    def for_field(self, field: str) -> list[str]:
        """Messages for one wire field (e.g. "preferredCurrency"), for inline form errors."""
        return [d.message for d in self.details if d.field == field]


class Unauthorized(EmporixError, core.Unauthorized):
    """401: the credentials or the token were rejected."""

    default_message = "The credentials were rejected"


class Forbidden(EmporixError, core.Forbidden):
    """403: the client may not do this; `.missing_scope` when known."""

    default_message = "Not allowed"
    permission_kind = "scope"

    def __init__(self, *args: Any, missing_scope: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, missing_permission=missing_scope, **kwargs)
        self.missing_scope = missing_scope

    def _suffix(self) -> str:
        if not self.missing_scope or self.missing_scope in self.message:
            return ""
        return f" (missing scope {self.missing_scope})"


class NotFound(EmporixError, core.NotFound):
    """404: the customer or address does not exist (or is not visible to this client)."""

    default_message = "Not found"


class Conflict(EmporixError):
    """409: base of version conflicts and duplicates."""

    default_message = "Conflict"


class VersionConflict(Conflict, core.VersionConflict):
    """409 on a change: someone else changed the customer since it was loaded.

    `.current` is the customer as the server has it now (None if it could not be fetched),
    so a screen can show, per field, what it was, what it is now and what the agent wanted.
    """

    default_message = "The customer was changed by someone else since it was loaded"

    def __init__(self, *args: Any, current: Customer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, current=current, **kwargs)
        self.current: Customer | None = current


class Duplicate(Conflict, core.Duplicate):
    """409 on a create or an account assignment: the e-mail or id is already in use."""

    default_message = "Already exists"


class RateLimited(EmporixError, core.RateLimited):
    """429: too many requests; `.retry_after` seconds when the server said."""

    default_message = "Too many requests"

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, retry_after=retry_after, **kwargs)

    def _suffix(self) -> str:
        if self.retry_after is None or "retry" in self.message.lower():
            return ""
        return f" (try again in {self.retry_after:g} s)"


class ServerError(EmporixError, core.ServerError):
    """5xx: the server failed."""

    default_message = "The server failed to answer"


class ClientFailure(EmporixError, core.ClientFailure):
    """Something this client did not foresee went wrong (an answer it cannot handle, or a bug).

    `.nothing_changed` is False only for a change whose request had already gone out: then the
    change may have been saved. `.cause` names the original exception's type.
    """

    default_message = "The client failed unexpectedly"

    def __init__(
        self, message: str | None = None, *, nothing_changed: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(message, **kwargs)
        self.nothing_changed = nothing_changed

    def __str__(self) -> str:
        tail = (
            "Nothing was changed."
            if self.nothing_changed
            else "The change may have been saved: reload the customer before trying again."
        )
        return _one_line(f"{self.message.rstrip('.')}. {tail}")


class NetworkError(EmporixError, core.NetworkError):
    """The server could not be reached or the connection broke.

    `.nothing_changed` is True when this was a read, or a change that surely never reached the
    server (the connection was never made). Otherwise the change may have been saved.
    """

    default_message = "Network error"
    what = "Could not reach"

    def __init__(
        self,
        message: str | None = None,
        *,
        host: str | None = None,
        is_change: bool = False,
        request_sent: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, may_have_changed=is_change and request_sent, **kwargs)
        self.host = host
        self.is_change = is_change
        self.request_sent = request_sent

    @property
    def nothing_changed(self) -> bool:
        return not self.is_change or not self.request_sent

    def __str__(self) -> str:
        where = f" {self.host}" if self.host else ""
        reason = f" ({self.message})" if self.message != self.default_message else ""
        if self.nothing_changed:
            tail = "Nothing was changed."
        else:
            tail = "The change may have been saved: reload the customer before trying again."
        return _one_line(f"{self.what}{where}{reason}. {tail}")


class ApiTimeout(NetworkError, core.TimedOut):
    """The server did not answer in time (a kind of network error)."""

    default_message = "Timed out"
    what = "Timed out waiting for"


def _parse_body(response: httpx.Response) -> tuple[str | None, str | None, list[FieldDetail]]:
    """(message, type, details) from an ErrorMessage body or the gateway's `fault` body."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        text = response.text.strip() if response.content else ""
        return (text[:200] or None), None, []
    if not isinstance(body, dict):
        return None, None, []
    if isinstance(body.get("error"), str):
        # OAuth error answers: {"error": "invalid_client", "error_description": "..."}
        return body.get("error_description") or body["error"], body["error"], []
    fault = body.get("fault")
    if isinstance(fault, dict):
        detail = fault.get("detail") if isinstance(fault.get("detail"), dict) else {}
        code = detail.get("errorcode") if isinstance(detail, dict) else None
        return fault.get("faultstring"), code, []
    details = []
    for item in body.get("details") or []:
        if isinstance(item, dict) and (item.get("message") or item.get("field")):
            details.append(
                FieldDetail(
                    field=item.get("field") or None,
                    type=item.get("type"),
                    message=str(item.get("message") or item.get("type") or ""),
                )
            )
    message = body.get("message")
    return (str(message) if message is not None else None), body.get("type"), details


def _named_scope(message: str | None, details: Sequence[FieldDetail]) -> str | None:
    texts = [message or ""] + [d.message for d in details] + [d.field or "" for d in details]
    for text in texts:
        for match in _SCOPE_RE.finditer(text):
            if match.group(1).startswith(_KNOWN_SCOPE_PREFIXES):
                return match.group(1)
    return None


def error_from_response(
    response: httpx.Response,
    *,
    conflict: type[Conflict] = Conflict,
    required_scope: str | None = None,
) -> EmporixError:
    """The exception for an error response; `conflict` picks the 409 class for this request.

    `required_scope` is the scope the operation needs; it is reported as missing on a 403
    when the server does not name one and the token was not granted it.
    """
    status = response.status_code
    message, error_type, details = _parse_body(response)
    common: dict[str, Any] = {
        "status": status,
        "details": details,
        "error_type": error_type,
        "method": response.request.method,
        "url": str(response.request.url),
    }
    if status == 400 or status == 422:
        return BadRequest(message, **common)
    if status == 401:
        return Unauthorized(message, **common)
    if status == 403:
        return Forbidden(
            message, missing_scope=_named_scope(message, details) or required_scope, **common
        )
    if status == 404:
        return NotFound(message, **common)
    if status == 409:
        return conflict(message, **common)
    if status == 429:
        return RateLimited(
            message, retry_after=retry_after_seconds(response.headers.get("Retry-After")), **common
        )
    if status >= 500:
        return ServerError(message, **common)
    return EmporixError(message, **common)
