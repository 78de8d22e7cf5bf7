"""The one place where an exception becomes what the agent sees: notification, status line, table message."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Literal, Protocol

from tui.config.connection import UnsupportedPlatform
from tui.core.errors import (
    BackendError,
    ClientFailure,
    Forbidden,
    Invalid,
    NetworkError,
    NotFound,
    RateLimited,
    TimedOut,
    Unauthorized,
    VersionConflict,
)

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

log = logging.getLogger(__name__)

Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class ErrorView:
    """An exception said in words: a short title, one line for the status line, and detail lines."""

    title: str
    message: str
    details: tuple[str, ...] = field(default=())
    severity: Severity = "error"

    @property
    def text(self) -> str:
        """The message followed by its details, one per line (notifications and the table area)."""
        return "\n".join((self.message, *self.details))


def _status_part(exc: BackendError) -> str:
    return f" ({exc.status})" if exc.status else ""


def _headline(status: int | None) -> str:
    """ "403 Forbidden" for a status; empty when there is none."""
    if status is None:
        return ""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _server_message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    return str(message) if message else str(exc)


def _detail_lines(exc: BaseException) -> tuple[str, ...]:
    lines = []
    for detail in getattr(exc, "details", None) or ():
        where = getattr(detail, "field", None)
        what = getattr(detail, "message", None) or getattr(detail, "type", None) or str(detail)
        lines.append(f"• {where}: {what}" if where else f"• {what}")
    return tuple(lines)


def describe_error(exc: BaseException, *, action: str = "", subject: str = "") -> ErrorView:
    """Say what went wrong in words an agent can act on.

    `action` is what was being done ("search customers", "open customer 10000002");
    `subject` names the thing a 404 is about ("Customer 10000002"). Platform errors are told
    apart by the neutral classes of `tui.core.errors` they derive from, whichever platform.
    """
    doing = f"Could not {action}" if action else "Request failed"
    if isinstance(exc, BackendError):
        return _describe_backend_error(exc, doing, subject)
    details = _detail_lines(exc)
    if isinstance(exc, UnsupportedPlatform):
        # Not a bug: this screen or client does not serve the connection's platform.
        return ErrorView("Not available", f"{doing}: {exc}", details, "warning")
    if isinstance(exc, OSError):
        return ErrorView(
            "Network error", f"{doing}: {exc.strerror or exc}. Nothing was changed.", details
        )
    # A bug of ours: say so in one line; the traceback goes to the log, never to the screen.
    log.error("unexpected error while trying to %s", action or "do something", exc_info=exc)
    said = " ".join(str(exc).split())
    said = said if len(said) <= 120 else said[:119] + "…"
    return ErrorView(
        "Unexpected error",
        f"Unexpected error: {doing[0].lower()}{doing[1:]}: {type(exc).__name__}"
        f"{': ' + said if said else ''} (the app kept running)",
        details,
    )


def _describe_backend_error(exc: BackendError, doing: str, subject: str) -> ErrorView:
    details = _detail_lines(exc)
    if isinstance(exc, Forbidden):
        missing = exc.missing_permission
        need = f"it needs the {exc.permission_kind} {missing}" if missing else exc.message
        return ErrorView(
            "Not allowed (403)",
            f"{doing}: your API client is not allowed; {need}.",
            details,
        )
    if isinstance(exc, NotFound):
        what = subject or "It"
        return ErrorView(
            "Not found (404)",
            f"{what} does not exist or is hidden by a restriction.",
            details,
            "warning",
        )
    if isinstance(exc, Unauthorized):
        return ErrorView(
            "Not signed in (401)",
            f"{doing}: the server refused the credentials; check the client id and secret.",
            details,
        )
    if isinstance(exc, RateLimited):
        after = exc.retry_after
        wait = f" Try again in {after:g} s." if after else " Try again shortly."
        return ErrorView(
            "Rate limited (429)", f"{doing}: too many requests.{wait}", details, "warning"
        )
    if isinstance(exc, NetworkError):
        title = "Timed out" if isinstance(exc, TimedOut) else "Network error"
        # The client's own sentence says what failed and whether anything could have changed.
        return ErrorView(title, f"{doing}: {exc}", details)
    if isinstance(exc, VersionConflict):
        return ErrorView(
            "Changed by someone else (409)", f"{doing}: {exc.message}", details, "warning"
        )
    if isinstance(exc, ClientFailure):
        # Not the server's doing: the client met something it did not foresee.
        return ErrorView("Unexpected error", f"{doing}: {exc} (the app kept running)", details)
    if isinstance(exc, Invalid) and exc.status is None:
        # Refused by the client before any request (a field the platform does not know, a
        # value that cannot be right): the server never saw it, so it cannot have said no.
        return ErrorView("Refused before sending", f"Not sent: {_refusal(exc)}", (), "warning")
    headline = _headline(exc.status)
    said = exc.message
    if exc.server_message and exc.server_message not in said:
        said = f"{said.rstrip('.')} (server: {exc.server_message})"
    said = f"{headline}: {said}" if headline else said
    return ErrorView(f"Server said no{_status_part(exc)}", f"{doing}: {said}", details)


def _refusal(exc: BackendError) -> str:
    """What the client refused, in one line: the details when they say it, else the message."""
    shown = [d.message for d in exc.details if d.message]
    return " ".join("; ".join(shown or [exc.message]).split())


class Notifies(Protocol):
    """What `report_error` needs of an app: its notices (and its `last_error`, if it has one)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...


def report_error(
    app: Notifies,
    exc: BaseException,
    *,
    action: str = "",
    subject: str = "",
    notify: bool = True,
) -> ErrorView:
    """Describe an error, remember it in the status line and (by default) show a notification."""
    view = describe_error(exc, action=action, subject=subject)
    if hasattr(app, "last_error"):
        app.last_error = view.message
    if notify:
        app.notify(view.text, title=view.title, severity=view.severity, timeout=8)
    return view
