"""The one place where an exception becomes what the agent sees: notification, status line, table message."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from textual.app import App

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


def _kinds(exc: BaseException) -> set[str]:
    # By class name, so this module never needs the client at import time and survives a re-export.
    return {cls.__name__ for cls in type(exc).__mro__}


def _status_part(exc: BaseException) -> str:
    status = getattr(exc, "status", None)
    return f" ({status})" if status else ""


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
    `subject` names the thing a 404 is about ("Customer 10000002").
    """
    kinds = _kinds(exc)
    doing = f"Could not {action}" if action else "Request failed"
    details = _detail_lines(exc)
    if "Forbidden" in kinds:
        scope = getattr(exc, "missing_scope", None)
        need = f"it needs the scope {scope}" if scope else _server_message(exc)
        return ErrorView(
            "Not allowed (403)",
            f"{doing}: your API client is not allowed; {need}.",
            details,
        )
    if "NotFound" in kinds:
        what = subject or "It"
        return ErrorView(
            "Not found (404)",
            f"{what} does not exist or is hidden by a restriction.",
            details,
            "warning",
        )
    if "Unauthorized" in kinds:
        return ErrorView(
            "Not signed in (401)",
            f"{doing}: the server refused the credentials; check the client id and secret.",
            details,
        )
    if "RateLimited" in kinds:
        after = getattr(exc, "retry_after", None)
        wait = f" Try again in {after} s." if after else " Try again shortly."
        return ErrorView(
            "Rate limited (429)", f"{doing}: too many requests.{wait}", details, "warning"
        )
    if "NetworkError" in kinds or "ApiTimeout" in kinds:
        title = "Timed out" if "ApiTimeout" in kinds else "Network error"
        # The client's own sentence says what failed and whether anything could have changed.
        return ErrorView(title, f"{doing}: {exc}", details)
    if "VersionConflict" in kinds:
        return ErrorView(
            "Changed by someone else (409)", f"{doing}: {_server_message(exc)}", details, "warning"
        )
    if "ClientFailure" in kinds:
        # Not the server's doing: the client met something it did not foresee.
        return ErrorView("Unexpected error", f"{doing}: {exc} (the app kept running)", details)
    if "EmporixError" in kinds:
        headline = getattr(exc, "headline", "") or ""
        said = f"{headline}: {_server_message(exc)}" if headline else _server_message(exc)
        return ErrorView(f"Server said no{_status_part(exc)}", f"{doing}: {said}", details)
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


def report_error(
    app: App[Any], exc: BaseException, *, action: str = "", subject: str = "", notify: bool = True
) -> ErrorView:
    """Describe an error, remember it in the status line and (by default) show a notification."""
    view = describe_error(exc, action=action, subject=subject)
    if hasattr(app, "last_error"):
        app.last_error = view.message
    if notify:
        app.notify(view.text, title=view.title, severity=view.severity, timeout=8)
    return view
