"""`journaled()`: every record change is journalled as it is tried, then told to the agent in words."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any

from tui.core.errors import NetworkError, VersionConflict
from tui.core.journal import (
    CONFLICT,
    DONE,
    FAILED,
    STARTED,
    UNKNOWN,
    FieldChange,
    Journal,
    os_user,
)
from tui.ui.errors import report_error
from tui.ui.flows.common import FlowApp
from tui.ui.queue_keys import recount_queues

MAYBE_SAVED = "cut off while sending: may have been saved (press r to see)"
MAYBE_SAVED_CUSTOMER = "cancelled while sending: may have been saved (press r to see)"
"""The same, in the words the customer flows' journal entries have always used."""


@dataclass(frozen=True)
class Attempt:
    """One change about to be sent: what, to which record, in words for the agent."""

    kind: str
    key: str | None
    """The record's key (None: a record not created yet, whose key the server gives)."""
    label: str
    """The record in words ("Alice Admin (alice@…)"), for messages."""
    action: str
    """The journal's action: edit, lock, unlock, remove, add_role, approve, undo, ..."""
    doing: str
    """What is being done, for "Could not …": "lock Alice Admin (alice@…)"."""
    done: str | None
    """The sentence that says it worked: "Locked Alice Admin (alice@…)."; None when the caller
    says it, because the words need the answer (the customer as saved, the new number)."""
    changes: dict[str, FieldChange] = field(default_factory=dict)
    reason: str | None = None
    target: str | None = None
    """A part of the record the change is about (a role id, an address id)."""
    snapshot: dict[str, Any] | None = None
    """The whole record, journalled as STARTED before a change that cannot be undone."""
    subject: str | None = None
    """What a 404 is about ("Customer 10000002"); None: the label; "": nothing named."""
    busy: str | None = None
    """The status line while it is sent; None: `doing`, capitalised."""
    status: int = 200
    """The status journalled when it worked (201 created, 202 accepted, 204 deleted)."""
    done_title: str = "Done"
    no_copy: str | None = None
    """What the agent is told when the snapshot cannot be journalled and so nothing is sent;
    None: "Not sent: <label> would be changed without a copy in the journal."."""
    no_copy_title: str = "Not sent"
    by_number: bool = False
    """An Emporix customer change, journalled as the customer flows always were: the key as
    `customer_number`, the tenant, host and client of the customer service, no platform, kind
    or key (the Activity screen, the case note and older journals read them that way)."""

    def keyed(self, key: str | None) -> Attempt:
        """The attempt as journalled once the server named the record (a created customer)."""
        return replace(self, key=key)


class NotJournalled(Exception):
    """The snapshot of a change that cannot be undone could not be journalled: not sent."""


@dataclass(frozen=True)
class Outcome:
    """What came of an attempt: `value` when it worked, else the `error` (already told)."""

    value: Any = None
    error: BaseException | None = None
    outcome: str = DONE
    """The journal's outcome (done, conflict, failed, unknown)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def conflict(self) -> VersionConflict | None:
        return self.error if isinstance(self.error, VersionConflict) else None

    @property
    def maybe_saved(self) -> bool:
        """It failed after the request went out: the server may have it (show what it has)."""
        return self.outcome == UNKNOWN


def journal_of(app: Any) -> Journal:
    """The app's journal (tests may set `app.journal` to point it elsewhere)."""
    own = getattr(app, "journal", None)
    if isinstance(own, Journal):
        return own
    made: Journal = vars(app).setdefault("_record_journal", Journal())
    return made


def may_have_changed(exc: BaseException) -> bool:
    """The request had gone out when it failed: the change may have been saved."""
    if isinstance(exc, NetworkError) and exc.may_have_changed:
        return True
    return getattr(exc, "nothing_changed", True) is False


def _where(app: FlowApp, attempt: Attempt) -> dict[str, Any]:
    """The fields that say where the change went and who made it."""
    # A served session journals its agent's name and ticket, not the host's OS user.
    who = {"user": getattr(app, "agent_name", None) or os_user(), "ticket": app.ticket}
    if attempt.by_number:
        svc: Any = getattr(app, "service")  # noqa: B009 - not part of FlowApp: Emporix only
        return {
            "customer_number": attempt.key,
            "tenant": svc.tenant,
            "api_host": svc.api_host,
            "client_id": svc.client_id,
            **who,
        }
    conn = app.connection
    return {
        "customer_number": None,
        "tenant": conn.tenant,
        "api_host": conn.api_host,
        "client_id": conn.client_id,
        "platform": app.backend.platform,
        "kind": attempt.kind,
        "key": attempt.key,
        **who,
    }


def write(app: FlowApp, attempt: Attempt, outcome: str, **fields: Any) -> bool:
    """One journal line for the attempt; False, after saying so loudly, when it cannot be written."""
    journal = journal_of(app)
    if attempt.changes:
        fields.setdefault("changes", attempt.changes)
    if attempt.reason is not None:
        fields.setdefault("reason", attempt.reason)
    if attempt.target is not None:
        fields.setdefault("target", attempt.target)
    try:
        journal.record(action=attempt.action, outcome=outcome, **_where(app, attempt), **fields)
    except OSError as exc:
        # A full disk must not hide what happened to the change.
        what = (attempt.key or "") if attempt.by_number else attempt.label
        app.notify(
            f"Could not write the journal {journal.path} ({exc.strerror or exc}). This entry is "
            f"missing: {attempt.action} {what} {outcome}.",
            title="Journal not written",
            severity="error",
            timeout=10,
        )
        return False
    if outcome == DONE:
        app.last_error = ""  # it worked: an older error no longer says how things are
    if outcome in (DONE, UNKNOWN):
        recount_queues(app)  # the change may move records in or out of a queue
    return True


async def journaled(
    app: FlowApp,
    attempt: Attempt,
    call: Callable[[], Awaitable[Any]],
    *,
    changes_of: Callable[[Any], dict[str, FieldChange]] | None = None,
    done_as: Callable[[Any], Attempt] | None = None,
    conflicts: tuple[type[BaseException], ...] = (VersionConflict,),
    tell: bool = True,
    message_of: Callable[[BaseException], str] = str,
) -> Outcome:
    """Send the change (`call`), journal how it went, and tell the agent in words.

    A conflict (`conflicts`) is journalled and returned, not told: the caller shows the conflict
    view. A failure is told with the server's status, message and details; a network failure
    says whether anything may have changed. Cancelled on its way (quitting): journalled as "may
    have been saved", and the cancellation goes on. A snapshot that cannot be journalled stops
    the change before it is sent (`NotJournalled`). `changes_of(result)`: the fields before ->
    after when only the answer tells them (an action); `done_as(result)`: the attempt as it is
    journalled when it worked (the address id or customer number the server gave). `tell`
    False: only the journal hears of it (a bulk screen shows each outcome itself), and
    `message_of` says what the journal keeps of an error."""
    if attempt.snapshot is not None and not write(
        app, attempt, STARTED, snapshot=attempt.snapshot, status=None
    ):
        said = attempt.no_copy or (
            f"Not sent: {attempt.label} would be changed without a copy in the journal."
        )
        app.notify(said, title=attempt.no_copy_title)
        return Outcome(error=NotJournalled(attempt.label), outcome="")
    busy = (
        attempt.busy if attempt.busy is not None else attempt.doing[:1].upper() + attempt.doing[1:]
    )
    try:
        async with app.busy(busy) if tell else contextlib.nullcontext():
            value = await call()
    except asyncio.CancelledError:
        said = MAYBE_SAVED_CUSTOMER if attempt.by_number else MAYBE_SAVED
        write(app, attempt, UNKNOWN, message=said)
        if tell:
            app.notify(f"{attempt.label}: {said}.", title="Not confirmed", severity="warning")
        raise
    except conflicts as exc:
        write(app, attempt, CONFLICT, status=getattr(exc, "status", None), message=str(exc))
        return Outcome(error=exc, outcome=CONFLICT)
    except Exception as exc:
        outcome = UNKNOWN if may_have_changed(exc) else FAILED
        write(app, attempt, outcome, status=getattr(exc, "status", None), message=message_of(exc))
        if tell:
            subject = attempt.label if attempt.subject is None else attempt.subject
            report_error(app, exc, action=attempt.doing, subject=subject)
        return Outcome(error=exc, outcome=outcome)
    if done_as is not None:
        attempt = done_as(value)
    if changes_of is not None:
        attempt = replace(attempt, changes=changes_of(value) or attempt.changes)
    write(app, attempt, DONE, status=attempt.status)
    if tell and attempt.done is not None:
        app.notify(attempt.done, title=attempt.done_title)
    return Outcome(value=value)
