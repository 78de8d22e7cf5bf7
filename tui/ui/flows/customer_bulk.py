"""Bulk hold and release of the customers marked on the list, and their undo as one: one safe
patch per customer."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tui.core.journal import FieldChange
from tui.emporix.errors import BadRequest, Forbidden, NotFound
from tui.emporix.kinds import CUSTOMER as CUSTOMER_KIND
from tui.ui.errors import describe_error
from tui.ui.flows.customer_core import (
    BulkUndoRecord,
    customer_attempt,
    flow,
    rebase_undo,
    service_of,
    undo_stack,
)
from tui.ui.flows.journal import journaled
from tui.ui.flows.messages import BulkChanged, tell_screens
from tui.ui.screens.bulk import CONFLICT as BULK_CONFLICT
from tui.ui.screens.bulk import DONE as BULK_DONE
from tui.ui.screens.bulk import FAILED as BULK_FAILED
from tui.ui.screens.bulk import BulkItem, BulkOutcome, BulkScreen, BulkSummary
from tui.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.app import App

    from tui.emporix.models import Customer

CONCURRENCY = 6
"""Requests in flight at once: fast enough for a few hundred customers, gentle on rate limits."""

_LISTED = 6


def count(n: int, word: str = "customer") -> str:
    """ "1 customer", "2 customers"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names(customers: list[Customer]) -> str:
    shown = [f"  • {c.display_name} (#{c.number})" for c in customers[:_LISTED]]
    if len(customers) > _LISTED:
        shown.append(f"  … and {len(customers) - _LISTED} more")
    return "\n".join(shown)


async def bulk_hold(app: App[Any], customers: list[Customer]) -> BulkSummary | None:
    """Hold the marked customers (or release them when all are on hold already).

    Each patch carries the version the customer was listed at: a customer someone changed since
    the agent looked at the list is reported as a conflict, not overwritten. The change is then
    the latest one `u` undoes, as one.
    """
    release = all(c.on_hold for c in customers)
    target = not release
    todo = [c for c in customers if bool(c.on_hold) != target]
    left = len(customers) - len(todo)
    action, verb = ("release", "Release") if release else ("hold", "Hold")
    title = (
        f"Release {count(len(todo))} from hold?" if release else f"Put {count(len(todo))} on hold?"
    )
    body = _names(todo)
    if left:
        body += f"\n{left} marked customer{'s are' if left != 1 else ' is'} on hold already and "
        body += "left alone."
    answer = await app.push_screen_wait(ConfirmScreen(title, body, confirm_label=verb))
    if answer is None:
        return None
    summary, produced = await _send_all(
        app,
        todo,
        target,
        action=action,
        reason=answer.reason,
        title=f"{verb}: {count(len(todo))}",
        since="the list was loaded",
    )
    for c in todo:
        if c.number in produced:
            rebase_undo(app, c.number, c.version, produced[c.number])
    if produced:
        changed = tuple(produced[c.number] for c in todo if c.number in produced)  # list order
        undo_stack(app).append(BulkUndoRecord(action, changed, on_hold_before=not target))
    _after(app, summary, produced, f"{verb}: {summary.line}.", f"Bulk {action}")
    return summary


async def undo_bulk(app: App[Any], last: BulkUndoRecord) -> BulkUndoRecord | None:
    """`u` after a bulk hold or release: every customer it changed goes back, each checked
    against the version the bulk left it at. Returns what is still to undo (None: nothing)."""

    customers = list(last.customers)
    back = "on hold" if last.on_hold_before else "not on hold"
    body = (
        _names(customers) + f"\nEach goes back to {back}, checked against the version your "
        f"{last.action} left it at: one that anyone changed since is left alone and listed."
    )
    answer = await app.push_screen_wait(
        ConfirmScreen(
            f"Undo your bulk {last.action} of {count(len(customers))}?",
            body,
            confirm_label="Undo",
        )
    )
    if answer is None:
        return last
    summary, produced = await _send_all(
        app,
        customers,
        last.on_hold_before,
        action="undo",
        reason=answer.reason or f"undo of bulk {last.action}",
        title=f"Undo {last.action}: {count(len(customers))}",
        since=f"your {last.action}",
    )
    for c in customers:
        if c.number in produced:
            rebase_undo(app, c.number, c.version, produced[c.number])
    _after(app, summary, produced, f"Undo {last.action}: {summary.line}.", "Undo")
    again = {o.number for o in summary.outcomes if o.retry and o.outcome != BULK_DONE}
    rest = tuple(c for c in customers if c.number in again)
    return replace(last, customers=rest) if rest else None


def _may_work_again(exc: BaseException) -> bool:
    """A retry cannot help a customer that is gone, forbidden or refused as invalid."""
    return not isinstance(exc, (NotFound, Forbidden, BadRequest))


async def _send_all(
    app: App[Any],
    customers: list[Customer],
    target: bool,
    *,
    action: str,
    reason: str | None,
    title: str,
    since: str,
) -> tuple[BulkSummary, dict[str, Customer]]:
    """Set `onHold` to `target` on each customer, with the version it was read at, through the
    progress screen; returns the summary and each changed customer as it is now."""

    svc = service_of(app)
    listed = {c.number: c for c in customers}
    produced: dict[str, Customer] = {}

    async def apply(item: BulkItem) -> BulkOutcome:
        customer = listed[item.number]
        doing = f"{action} {item.number}"
        attempt = customer_attempt(
            item.number,
            item.number,
            action,
            doing=doing,
            changes={"onHold": FieldChange(bool(customer.on_hold), target)},
            reason=reason,
        )

        async def send() -> None:
            version = customer.version
            if version is None:
                # Never send unlocked: without the listed version, lock on the one read now.
                version = (await svc.get_customer(item.number, expand=())).version
            await svc.patch_customer(item.number, {"onHold": target}, version=version)

        said: list[str] = []

        def message_of(exc: BaseException) -> str:
            # Described once: the journal and the bulk screen keep the same words.
            said.append(describe_error(exc, action=doing).message)
            return said[-1]

        # The bulk screen shows each outcome: only the journal hears of it here.
        outcome = await journaled(flow(app), attempt, send, tell=False, message_of=message_of)
        if outcome.conflict is not None:
            return BulkOutcome(
                item.number,
                BULK_CONFLICT,
                f"changed by someone else since {since}; left as it is",
                retry=False,
            )
        if outcome.error is not None:
            retry = _may_work_again(outcome.error)
            return BulkOutcome(item.number, BULK_FAILED, said[-1], retry=retry)
        # The version this change produced, so that an undo is checked against it; if the read
        # fails the change is saved all the same, only its undo is lost.
        with contextlib.suppress(Exception):
            produced[item.number] = await svc.get_customer(item.number, expand=())
        return BulkOutcome(item.number, BULK_DONE)

    items = [BulkItem(c.number, c.display_name) for c in customers]
    summary = await app.push_screen_wait(BulkScreen(title, items, apply, concurrency=CONCURRENCY))
    return summary, produced


def _after(
    app: App[Any], summary: BulkSummary, produced: dict[str, Customer], line: str, title: str
) -> None:
    """Show the result: rows updated, the done ones unmarked (so a retry takes the rest)."""
    done = set(summary.done_numbers)
    reread = [
        o.number
        for o in summary.outcomes
        if o.outcome in (BULK_DONE, BULK_CONFLICT) and o.number not in produced
    ]
    tell_screens(app, lambda: BulkChanged(CUSTOMER_KIND.name, done, produced.values(), reread))
    problems = any(o.outcome != BULK_DONE for o in summary.outcomes)
    app.notify(
        line,
        title=title,
        severity="warning" if problems else "information",
        timeout=10,
    )
