"""What every customer change flow shares: the journal, the undo stack, read-only refusal, and the
safe update (minimal patch with the loaded version; a 409 becomes the conflict dialog)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from tui.core.journal import (
    CANCELLED,
    FieldChange,
    Journal,
    changes_from,
)
from tui.emporix.changes import customer_changes
from tui.emporix.errors import BadRequest, EmporixError
from tui.emporix.kinds import CUSTOMER as CUSTOMER_KIND
from tui.emporix.models import Customer
from tui.emporix.names import DEFAULT_EXPAND
from tui.ui.change_fields import PROFILE_FIELDS, FieldSet, agent_values
from tui.ui.errors import describe_error, report_error
from tui.ui.flows.common import FlowApp
from tui.ui.flows.common import refused as common_refused
from tui.ui.flows.journal import Attempt, journal_of, journaled, write
from tui.ui.flows.messages import RecordChanged, tell_screens
from tui.ui.forms import get_path
from tui.ui.protocol import tui_of
from tui.ui.screens.conflict import ConflictRow, ConflictScreen
from tui.ui.screens.edit import customer_label, customer_specs
from tui.ui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from textual.app import App

    from tui.emporix.client import CustomerService

EXPAND = DEFAULT_EXPAND
SPECS = customer_specs()


# -- shared state per app --------------------------------------------------------------------


@dataclass(frozen=True)
class UndoRecord:
    """An edit or hold: the customer as our change left it, and the values it replaced."""

    action: str
    after: Customer
    previous: dict[str, Any]
    """Form field name -> value before the change."""


@dataclass(frozen=True)
class BulkUndoRecord:
    """A bulk hold or release, undone as one: each customer it changed, as it left them."""

    action: str
    customers: tuple[Customer, ...]
    on_hold_before: bool
    """What `onHold` was before the bulk change (the same for all: they were the ones to change)."""


Undoable = UndoRecord | BulkUndoRecord


def journal_for(app: App[Any]) -> Journal:
    """The app's journal (tests may set `app.journal` to point it elsewhere): the one every
    record flow writes to."""
    return journal_of(app)


def undo_stack(app: App[Any]) -> list[Undoable]:
    """The agent's changes in this session that `u` can put back, the latest last."""
    return flow(app).undo_log.setdefault("customer", [])


def rebase_undo(app: App[Any], number: str, from_version: int | None, now: Customer) -> None:
    """Our own change took `number` from `from_version` to `now`: the older changes of ours
    that left it at `from_version` now stand on `now`, so undoing them next is checked against
    the version we produced, not reported as someone else's change. A record left at another
    version means someone else changed it in between; it keeps that version (and conflicts)."""
    if from_version is None:
        return
    stack = undo_stack(app)
    for i, entry in enumerate(stack):
        if isinstance(entry, UndoRecord):
            if entry.after.number == number and entry.after.version == from_version:
                stack[i] = replace(entry, after=now)
        else:
            customers = tuple(
                now if c.number == number and c.version == from_version else c
                for c in entry.customers
            )
            stack[i] = replace(entry, customers=customers)


def forget_undo(app: App[Any], number: str) -> None:
    """The customer is gone: nothing of it can be undone."""
    stack = undo_stack(app)
    kept: list[Undoable] = []
    for entry in stack:
        if isinstance(entry, UndoRecord):
            if entry.after.number != number:
                kept.append(entry)
        else:
            customers = tuple(c for c in entry.customers if c.number != number)
            if customers:
                kept.append(replace(entry, customers=customers))
    stack[:] = kept


def service_of(app: App[Any]) -> CustomerService:
    return tui_of(app).service


def flow(app: App[Any]) -> FlowApp:
    """The app as the record flows see it (CustomerTuiApp is one)."""
    return cast("FlowApp", app)


def customer_attempt(
    number: str | None, label: str, action: str, *, doing: str, **more: Any
) -> Attempt:
    """A change to one Emporix customer, journalled by its number as the customer flows always
    were; a 404 names "Customer <number>" unless `subject` says otherwise."""
    more.setdefault("subject", f"Customer {number}")
    more.setdefault("done", None)
    return Attempt(CUSTOMER_KIND.name, number, label, action, doing=doing, by_number=True, **more)


def record(app: App[Any], action: str, number: str | None, outcome: str, **fields: Any) -> bool:
    """Journal one line about a customer that is no change sent (a revealed field); False (after
    telling the agent) when the file cannot be written. Changes go through `journaled`."""
    attempt = customer_attempt(number, number or "", action, doing=action)
    return write(flow(app), attempt, outcome, **fields)


def refused(app: App[Any], what: str) -> bool:
    """True (after telling the agent why) when the app is read-only, or when another change is
    still open: the record flows' rule (common.refused), for the customer flows."""
    return common_refused(flow(app), what)


async def load_customer(app: App[Any], number: str, action: str) -> Customer | None:
    """The customer as the server has it now (the version every change is checked against)."""
    try:
        async with tui_of(app).busy(f"Loading {number}"):
            return await service_of(app).get_customer(number, expand=EXPAND)
    except Exception as exc:
        report_error(app, exc, action=action, subject=f"Customer {number}")
        return None


async def customer_to_change(
    app: App[Any], customer: Any, doing: str, action: str = ""
) -> Customer | None:
    """The start of every single-customer change: refuse with the reason (read-only, another
    change open), else read the customer fresh so the change is checked against its version now."""
    if refused(app, doing) or customer is None:
        return None
    number = customer.customer_number or customer.number
    return await load_customer(app, number, action or f"read customer {number}")


def show_everywhere(app: App[Any], number: str, fresh: Customer | None) -> None:
    """After a change: update what the agent sees on every screen that shows this customer."""
    if fresh is not None and hasattr(app, "refresh_recent"):
        app.refresh_recent(fresh)
    tell_screens(app, lambda: RecordChanged(CUSTOMER_KIND.name, number, fresh))


def wire_changes(before: Customer, patch: dict[str, Any]) -> dict[str, FieldChange]:
    sent = {k: v for k, v in patch.items() if k != "metadata"}
    return changes_from(before.to_wire(), sent)


# -- the safe update every profile change goes through -----------------------------------------


@dataclass(frozen=True)
class BackToForm:
    """After a conflict, the agent left the review of their re-applied values with Esc: the
    form opens again on the latest version (`before`) with their values (`after`)."""

    before: Customer
    after: Customer


async def safe_update(
    app: App[Any],
    before: Customer,
    after: Customer,
    *,
    action: str,
    reason: str | None = None,
    form: bool = False,
    fields: FieldSet | None = None,
) -> Customer | EmporixError | BackToForm | None:
    """Send what changed between `before` (as loaded) and `after`, with `before`'s version.

    Returns the customer as saved; the error when the server (or the client's own checks)
    refused it or could not be reached, so a form can reopen with the agent's values and show
    field errors inline; `BackToForm` when `form` (the change came from one) and the agent
    went back from the review after a conflict; None when nothing was saved (a dropped
    conflict, a cancel, or a failure already reported).
    """
    svc = service_of(app)
    number = before.number
    label = customer_label(before)
    fields = fields or PROFILE_FIELDS
    while True:
        try:
            patch = customer_changes(before, after)
        except BadRequest as exc:
            return exc
        if not patch:
            app.notify("Nothing to change: the customer already has these values.")
            return before
        attempt = customer_attempt(
            number,
            label,
            action,
            doing=f"save {label}",
            busy=f"Saving {number}",
            changes=wire_changes(before, patch),
            reason=reason,
        )
        # patch, then read: a failed read after a saved patch must not look like a failure
        outcome = await journaled(flow(app), attempt, partial(svc.save_changes, before, after))
        if outcome.conflict is not None:
            current = await load_customer(app, number, f"read customer {number} after a conflict")
            if current is None:
                return None
            mine = fields.mine(before, after)
            rows = [
                ConflictRow(
                    fields.label(n),
                    fields.value(before, n),
                    fields.value(current, n),
                    v,
                    fields.wire(n),
                )
                for n, v in mine.items()
            ]
            others = fields.others(before, current, mine)
            choice = await app.push_screen_wait(
                ConflictScreen(
                    f"Not saved: {label} changed meanwhile",
                    rows,
                    others=others,
                    server_version=current.version,
                )
            )
            show_everywhere(app, number, current)
            if choice != "reapply":
                write(flow(app), attempt, CANCELLED, message="dropped after a conflict")
                app.notify(f"Your changes to {label} were dropped; you see the latest now.")
                return None
            reapplied = fields.apply(current, mine)
            diffs = fields.diffs(current, reapplied)
            if not diffs:
                app.notify(f"{label} already has your values; nothing to send.")
                return current
            ok = await app.push_screen_wait(
                ReviewScreen(
                    f"Review again: your changes on top of version {current.version}",
                    diffs,
                    note="Only your fields are sent; their other changes stay.",
                    back="" if form else "Esc cancel: your change is not sent",
                )
            )
            if not ok and form:
                return BackToForm(current, reapplied)
            if not ok:
                write(
                    flow(app),
                    replace(attempt, changes={}),
                    CANCELLED,
                    message="re-apply not confirmed",
                )
                return None
            before, after = current, reapplied
            continue
        if isinstance(outcome.error, EmporixError):
            if outcome.maybe_saved:
                # Show what the server has now; a retry from the old version becomes a conflict.
                show_everywhere(app, number, None)
            return outcome.error
        if outcome.error is not None:
            return None
        previous = {n: get_path(before, n) for n in agent_values(before, after)}
        fresh = await read_back(app, number, label)
        if fresh is not None:
            rebase_undo(app, number, before.version, fresh)
            if previous and action != "undo":
                undo_stack(app).append(UndoRecord(action, fresh, previous))
        else:
            # Show what was saved (the agent's values on the version as loaded, so a further
            # change from here meets a conflict, never an overwrite) rather than the old copy.
            fresh = after.with_saved_warning("the fresh copy could not be read")
        show_everywhere(app, number, fresh)
        return fresh


async def read_back(app: App[Any], number: str, label: str) -> Customer | None:
    """The customer as saved; None, after a warning that says it *was* saved, when it cannot be
    read: a saved change must never look like a failed one (the agent would make it twice)."""
    try:
        async with tui_of(app).busy(f"Reading {number} back"):
            return await service_of(app).get_customer(number, expand=EXPAND)
    except Exception as exc:
        reason = describe_error(exc, action=f"read customer {number} back").message
        tui_of(
            app
        ).last_error = f"Saved {label}; the fresh copy could not be read: press r to reload"
        app.notify(
            f"Your change to {label} was saved, but the fresh copy could not be read "
            f"({reason}). Press r to reload.",
            title="Saved (not re-read)",
            severity="warning",
            timeout=10,
        )
        return None


def field_errors(exc: EmporixError) -> dict[str, str]:
    return {d.field: d.message for d in exc.details if d.field}
