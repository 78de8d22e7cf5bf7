"""Bulk hold and release of the customers marked on the list: one safe patch per customer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.journal import CONFLICT, DONE, FAILED, FieldChange
from tui.emporix.errors import VersionConflict
from tui.ui.errors import describe_error
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


def _names(customers: list[Customer]) -> str:
    shown = [f"  • {c.display_name} (#{c.number})" for c in customers[:_LISTED]]
    if len(customers) > _LISTED:
        shown.append(f"  … and {len(customers) - _LISTED} more")
    return "\n".join(shown)


async def bulk_hold(app: App[Any], customers: list[Customer]) -> BulkSummary | None:
    """Hold the marked customers (or release them when all are on hold already).

    Each patch carries the version the customer was listed at: a customer someone changed since
    the agent looked at the list is reported as a conflict, not overwritten.
    """
    from tui.ui.changes_core import record, service_of

    release = all(c.on_hold for c in customers)
    target = not release
    todo = [c for c in customers if bool(c.on_hold) != target]
    left = len(customers) - len(todo)
    action, verb = ("release", "Release") if release else ("hold", "Hold")
    title = (
        f"Release {len(todo)} customers from hold?"
        if release
        else f"Put {len(todo)} customers on hold?"
    )
    body = _names(todo)
    if left:
        body += f"\n{left} marked customer{'s are' if left != 1 else ' is'} on hold already and "
        body += "left alone."
    answer = await app.push_screen_wait(ConfirmScreen(title, body, confirm_label=verb))
    if answer is None:
        return None
    svc = service_of(app)
    listed = {c.number: c for c in todo}

    async def apply(item: BulkItem) -> BulkOutcome:
        customer = listed[item.number]
        changes = {"onHold": FieldChange(bool(customer.on_hold), target)}
        try:
            version = customer.version
            if version is None:
                # Never send unlocked: without the listed version, lock on the one read now.
                version = (await svc.get_customer(item.number, expand=())).version
            await svc.patch_customer(item.number, {"onHold": target}, version=version)
        except VersionConflict as exc:
            record(
                app,
                action,
                item.number,
                CONFLICT,
                changes=changes,
                status=409,
                message=str(exc),
                reason=answer.reason,
            )
            return BulkOutcome(
                item.number,
                BULK_CONFLICT,
                "changed by someone else since the list was loaded; left as it is",
            )
        except Exception as exc:
            view = describe_error(exc, action=f"{action} {item.number}")
            record(
                app,
                action,
                item.number,
                FAILED,
                changes=changes,
                status=getattr(exc, "status", None),
                message=view.message,
                reason=answer.reason,
            )
            return BulkOutcome(item.number, BULK_FAILED, view.message)
        record(app, action, item.number, DONE, changes=changes, status=200, reason=answer.reason)
        return BulkOutcome(item.number, BULK_DONE)

    items = [BulkItem(c.number, c.display_name) for c in todo]
    summary = await app.push_screen_wait(
        BulkScreen(f"{verb}: {len(items)} customers", items, apply, concurrency=CONCURRENCY)
    )
    _refresh_list(app, summary)
    all_done = len(summary.done_numbers) == len(items)
    app.notify(
        f"{verb}: {summary.line}.",
        title=f"Bulk {action}",
        severity="information" if all_done else "warning",
        timeout=10,
    )
    return summary


def _refresh_list(app: App[Any], summary: BulkSummary) -> None:
    """Re-read the rows that may have changed; unmark the done ones so a retry takes the rest."""
    from tui.ui.screens.search import SearchScreen

    done = set(summary.done_numbers)
    touched = [o.number for o in summary.outcomes if o.outcome in (BULK_DONE, BULK_CONFLICT)]
    for screen in app.screen_stack:
        if isinstance(screen, SearchScreen):
            screen.marked.difference_update(done)
            if touched:
                screen.refresh_customers(touched)
