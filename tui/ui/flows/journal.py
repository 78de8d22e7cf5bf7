"""`journaled()`: every record change is journalled as it is tried, then told to the agent in words."""

from __future__ import annotations

import asyncio
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
)
from tui.ui.errors import report_error
from tui.ui.flows.common import FlowApp

MAYBE_SAVED = "cut off while sending: may have been saved (press r to see)"


@dataclass(frozen=True)
class Attempt:
    """One change about to be sent: what, to which record, in words for the agent."""

    kind: str
    key: str
    label: str
    """The record in words ("Alice Admin (alice@…)"), for messages."""
    action: str
    """The journal's action: edit, lock, unlock, remove, add_role, approve, undo, ..."""
    doing: str
    """What is being done, for "Could not …": "lock Alice Admin (alice@…)"."""
    done: str
    """The sentence that says it worked: "Locked Alice Admin (alice@…)."."""
    changes: dict[str, FieldChange] = field(default_factory=dict)
    reason: str | None = None
    target: str | None = None
    """A part of the record the change is about (a role id)."""
    snapshot: dict[str, Any] | None = None
    """The whole record, journalled as STARTED before a change that cannot be undone."""


@dataclass(frozen=True)
class Outcome:
    """What came of an attempt: `value` when it worked, else the `error` (already told)."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def conflict(self) -> VersionConflict | None:
        return self.error if isinstance(self.error, VersionConflict) else None


def journal_of(app: Any) -> Journal:
    """The app's journal (tests may set `app.journal` to point it elsewhere)."""
    own = getattr(app, "journal", None)
    if isinstance(own, Journal):
        return own
    made: Journal = vars(app).setdefault("_record_journal", Journal())
    return made


def write(app: FlowApp, attempt: Attempt, outcome: str, **fields: Any) -> bool:
    """One journal line for the attempt; False, after saying so loudly, when it cannot be written."""
    conn = app.connection
    journal = journal_of(app)
    try:
        journal.record(
            action=attempt.action,
            customer_number=None,
            outcome=outcome,
            tenant=conn.tenant,
            api_host=conn.api_host,
            client_id=conn.client_id,
            user=app.agent_name,
            ticket=app.ticket,
            platform=app.backend.platform,
            kind=attempt.kind,
            key=attempt.key,
            changes=attempt.changes,
            reason=attempt.reason,
            target=attempt.target,
            **fields,
        )
    except OSError as exc:
        # A full disk must not hide what happened to the change.
        app.notify(
            f"Could not write the journal {journal.path} ({exc.strerror or exc}). This entry is "
            f"missing: {attempt.action} {attempt.label} {outcome}.",
            title="Journal not written",
            severity="error",
            timeout=10,
        )
        return False
    return True


async def journaled(
    app: FlowApp,
    attempt: Attempt,
    call: Callable[[], Awaitable[Any]],
    *,
    changes_of: Callable[[Any], dict[str, FieldChange]] | None = None,
) -> Outcome:
    """Send the change (`call`), journal how it went, and tell the agent in words.

    A conflict is journalled and returned, not told: the caller shows the conflict view. A
    failure is told with the server's status, message and details; a network failure says
    whether anything may have changed. Cancelled on its way (quitting): journalled as "may have
    been saved", and the cancellation goes on. `changes_of(result)`: the fields before -> after
    when only the answer tells them (an action)."""
    if attempt.snapshot is not None:
        write(app, attempt, STARTED, snapshot=attempt.snapshot)
    try:
        async with app.busy(attempt.doing[:1].upper() + attempt.doing[1:]):
            value = await call()
    except asyncio.CancelledError:
        write(app, attempt, UNKNOWN, message=MAYBE_SAVED)
        app.notify(f"{attempt.label}: {MAYBE_SAVED}.", title="Not confirmed", severity="warning")
        raise
    except VersionConflict as exc:
        write(app, attempt, CONFLICT, status=exc.status, message=str(exc))
        return Outcome(error=exc)
    except Exception as exc:
        maybe = isinstance(exc, NetworkError) and exc.may_have_changed
        write(
            app,
            attempt,
            UNKNOWN if maybe else FAILED,
            status=getattr(exc, "status", None),
            message=str(exc),
        )
        report_error(app, exc, action=attempt.doing, subject=attempt.label)
        return Outcome(error=exc)
    if changes_of is not None:
        attempt = replace(attempt, changes=changes_of(value) or attempt.changes)
    write(app, attempt, DONE, status=200)
    app.last_error = ""
    app.notify(attempt.done, title="Done")
    return Outcome(value=value)
