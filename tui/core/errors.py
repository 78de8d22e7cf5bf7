"""Neutral errors every platform client raises (subclassed per platform), each with a title and words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BackendError",
    "ClientFailure",
    "Duplicate",
    "FieldIssue",
    "Forbidden",
    "Invalid",
    "NetworkError",
    "NotFound",
    "RateLimited",
    "ServerError",
    "TimedOut",
    "Unauthorized",
    "VersionConflict",
]

_MAX_DETAILS_IN_LINE = 3


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class FieldIssue:
    """One problem the server or a check found: the field (None if none), what is wrong, a code."""

    field: str | None
    message: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class BackendError(Exception):
    """Base of every failure a platform client reports.

    `title` is a few words for a dialog's heading, `message` says what happened in words;
    `status`, `server_message` and `details` keep what the server answered, so the UI can show
    "status, server message, details" without knowing the platform. `str()` is one line.

    Every subclass takes its own keywords and passes the rest on (cooperative `__init__`), so a
    platform class can derive from its platform base and from one of these at once.
    """

    title = "The request failed"
    default_message = "The request failed."

    def __init__(
        self,
        message: str | None = None,
        *,
        title: str | None = None,
        status: int | None = None,
        server_message: str | None = None,
        details: Iterable[FieldIssue] = (),
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise TypeError(f"unexpected arguments: {', '.join(sorted(kwargs))}")
        self.message = _one_line(message or "") or self.default_message
        if title:
            self.title = title
        self.status = status
        self.server_message = _one_line(server_message) if server_message else None
        self.details: list[FieldIssue] = list(details)
        super().__init__(self.message)

    def detail_lines(self) -> list[str]:
        """The details as lines, leaving out those that only repeat the message."""
        return [str(d) for d in self.details if d.message and d.message not in self.message]

    def __str__(self) -> str:
        text = self.message
        if self.server_message and self.server_message not in text:
            text = f"{text.rstrip('.')} (server: {self.server_message})"
        shown = self.detail_lines()
        if shown:
            more = len(shown) - _MAX_DETAILS_IN_LINE
            text += " — " + "; ".join(shown[:_MAX_DETAILS_IN_LINE])
            if more > 0:
                text += f" (+{more} more)"
        if self.status is not None:
            text = f"{self.status}: {text}"
        return _one_line(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class NotFound(BackendError):
    """The record does not exist (or this login may not see it)."""

    title = "Not found"
    default_message = "The record was not found; it may have been deleted."


class Forbidden(BackendError):
    """The login may not do this; `missing_permission` names what it lacks, when known."""

    title = "Not allowed"
    default_message = "This login is not allowed to do that."
    permission_kind = "permission"
    """What the platform calls a permission, for messages: "scope" (Emporix), "behavior" (Kibo)."""

    def __init__(self, *args: Any, missing_permission: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.missing_permission = missing_permission

    def __str__(self) -> str:
        text = super().__str__()
        if self.missing_permission and self.missing_permission not in text:
            text += f" (missing permission {self.missing_permission})"
        return text


class Unauthorized(BackendError):
    """The credentials or the token were rejected."""

    title = "Sign-in failed"
    default_message = "The credentials were rejected."


class VersionConflict(BackendError):
    """Someone else changed the record since it was loaded; nothing was saved.

    `current` is the record as the server has it now (None if it could not be read), so the
    UI can show what it was, what it is now and what the agent wanted.
    """

    title = "Changed by someone else"
    default_message = (
        "The record was changed by someone else since it was loaded; nothing was saved."
    )

    def __init__(self, *args: Any, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current


class Duplicate(BackendError):
    """The e-mail, name or id is already in use."""

    title = "Already exists"
    default_message = "A record with that value already exists."


class Invalid(BackendError):
    """The input was refused; `details` say, per field, what is wrong."""

    title = "Please correct the input"
    default_message = "The input was not accepted."

    def for_field(self, field: str) -> list[str]:
        """The messages about one field, for inline form errors."""
        return [d.message for d in self.details if d.field == field]


class RateLimited(BackendError):
    """Too many requests; `retry_after` seconds when the server said."""

    title = "Too many requests"
    default_message = "The server is asking us to slow down."

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after

    def __str__(self) -> str:
        text = super().__str__()
        if self.retry_after is not None and "again" not in text:
            text += f" (try again in {self.retry_after:g} s)"
        return text


class NetworkError(BackendError):
    """The server could not be reached, or the connection broke or timed out.

    `may_have_changed` is True only for a change that may have reached the server: then the
    agent must reload before trying again.
    """

    title = "Network problem"
    default_message = "The server could not be reached."

    def __init__(self, *args: Any, may_have_changed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.may_have_changed = may_have_changed

    def __str__(self) -> str:
        tail = (
            "The change may have been saved: reload before trying again."
            if self.may_have_changed
            else "Nothing was changed."
        )
        return _one_line(f"{super().__str__().rstrip('.')}. {tail}")


class TimedOut(NetworkError):
    """The server did not answer in time (a kind of network error)."""

    title = "Timed out"
    default_message = "The server did not answer in time."


class ClientFailure(BackendError):
    """The client met something it did not foresee (an answer it cannot handle, or a bug of
    ours): not the server's refusal, and never the agent's input."""

    title = "Unexpected error"
    default_message = "The client failed unexpectedly."


class ServerError(BackendError):
    """The server failed (5xx) or answered something the client cannot read."""

    title = "Server error"
    default_message = "The server failed to answer."
