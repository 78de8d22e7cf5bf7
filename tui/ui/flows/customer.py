"""Change flows started from the list and detail screens: one async function per change key.

Each flow runs inside a worker the calling screen starts (so modal screens can be awaited), sends
through the client's safe operations (see `customer_core.safe_update`), and journals and reports
every attempt through `tui.ui.flows.journal.journaled`, which tells failures through
`tui.ui.errors.report_error`, the one place an exception becomes what the agent sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.core.journal import os_user
from tui.emporix.errors import EmporixError
from tui.emporix.kinds import CUSTOMER as CUSTOMER_KIND
from tui.emporix.models import Customer
from tui.ui.flows import customer_addresses
from tui.ui.flows.customer_bulk import bulk_hold, undo_bulk
from tui.ui.flows.customer_core import (
    EXPAND,
    SPECS,
    BackToForm,
    UndoRecord,
    customer_attempt,
    customer_to_change,
    field_errors,
    flow,
    forget_undo,
    journal_for,
    load_customer,
    refused,
    safe_update,
    service_of,
    undo_stack,
)
from tui.ui.flows.customer_create import assign_account, create_customer
from tui.ui.flows.customer_mixins import edit_mixins
from tui.ui.flows.journal import journaled
from tui.ui.flows.messages import RecordDeleted, tell_screens
from tui.ui.forms import diff_fields
from tui.ui.protocol import tui_of
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.edit import (
    RESTRICTION_SCOPE,
    EditScreen,
    apply_values,
    customer_label,
    form_values,
)
from tui.ui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from textual.app import App

__all__ = [
    "EXPAND",
    "assign_account",
    "create_customer",
    "delete_customer",
    "edit_customer",
    "edit_mixins",
    "hold_customers",
    "journal_for",
    "manage_addresses",
    "set_active",
    "show_activity",
    "undo_last",
]


# -- edit ------------------------------------------------------------------------------------


async def edit_customer(screen: Screen[Any], customer: Any) -> None:
    """`e`: edit the customer's profile fields, review, save; a 409 shows the conflict."""
    app = screen.app
    before = await customer_to_change(app, customer, "Editing", "open the edit form")
    if before is None:
        return
    svc = service_of(app)
    locked = None if svc.can(RESTRICTION_SCOPE) else f"needs the scope {RESTRICTION_SCOPE}"
    draft: dict[str, Any] | None = None
    errors: dict[str, str] | None = None
    while True:
        result = await app.push_screen_wait(
            EditScreen(
                before,
                restriction_locked=locked,
                draft=draft,
                server_errors=errors,
                restrictions=svc.restrictions,
            )
        )
        if result is None:
            return
        saved = await safe_update(app, before, result.after, action="edit", form=True)
        if isinstance(saved, BackToForm):
            # The form again, on the latest version, with the agent's values still in it.
            before, draft, errors = saved.before, form_values(saved.after, SPECS), None
            continue
        if isinstance(saved, EmporixError):
            draft = form_values(result.after, SPECS)
            errors = field_errors(saved)
            continue
        if saved is not None:
            names = ", ".join(d.label for d in result.diffs)
            app.notify(f"Saved {customer_label(saved)}: {names}.", title="Saved")
        return


# -- hold / release, active / inactive -------------------------------------------------------


async def hold_customers(screen: Screen[Any], customers: Sequence[Any]) -> None:
    """`h`: put on hold or release one customer, or every marked customer (bulk)."""
    app = screen.app
    if refused(app, "Hold and release") or not customers:
        return
    if len(customers) > 1:
        await bulk_hold(app, list(customers))
        return
    number = customers[0].customer_number or customers[0].number
    before = await load_customer(app, number, f"read customer {number}")
    if before is None:
        return
    hold = not before.on_hold
    await _toggle(app, before, "on_hold", hold, "hold" if hold else "release")


async def set_active(screen: Screen[Any], customer: Any) -> None:
    """Make an active customer inactive or an inactive one active (confirmed, journaled)."""
    app = screen.app
    before = await customer_to_change(app, customer, "Activating and deactivating")
    if before is None:
        return
    active = before.active is False
    await _toggle(app, before, "active", active, "activate" if active else "deactivate")


_TOGGLE_TEXT = {
    "hold": ("Put {label} on hold?", "The customer cannot place orders until released.", "Hold"),
    "release": ("Release {label} from hold?", "The customer can place orders again.", "Release"),
    "activate": ("Activate {label}?", "The customer can sign in and order again.", "Activate"),
    "deactivate": ("Deactivate {label}?", "The customer can no longer sign in.", "Deactivate"),
}


async def _toggle(app: App[Any], before: Customer, field: str, value: bool, action: str) -> None:
    title, body, verb = _TOGGLE_TEXT[action]
    if action == "activate" and before.on_hold:
        body = "The customer can sign in again, but stays on hold: no orders until released (h)."
    label = customer_label(before)
    answer = await app.push_screen_wait(
        ConfirmScreen(title.format(label=label), body, confirm_label=verb)
    )
    if answer is None:
        return
    saved = await safe_update(
        app, before, before.edited(**{field: value}), action=action, reason=answer.reason
    )
    if isinstance(saved, Customer):
        now = saved.status
        if action == "activate" and saved.on_hold:
            now = "active again, still on hold (h releases)"
        app.notify(f"{label}: {now}.", title=verb + " done")


# -- undo ------------------------------------------------------------------------------------


async def undo_last(screen: Screen[Any]) -> None:
    """`u`: put back the values the agent's last edit or hold replaced, through the same safe
    update (with the version our change produced), so a later change by anyone is a conflict."""
    app = screen.app
    if refused(app, "Undo"):
        return
    stack = undo_stack(app)
    if not stack:
        app.notify("Nothing to undo: no edit or hold in this session yet.", title="Undo")
        return
    last = stack.pop()
    # Off the stack while it runs, so that its own save does not rebase it; back on unless it
    # worked, so after a failure (or a cancel) the agent can simply press u again.
    undone = False
    try:
        if isinstance(last, UndoRecord):
            undone = await _undo_one(app, last)
        else:
            left = await undo_bulk(app, last)
            undone = left is None
            if left is not None:
                last = left
    finally:
        if not undone:
            stack.append(last)


async def _undo_one(app: App[Any], last: UndoRecord) -> bool:
    back = apply_values(last.after, last.previous)
    diffs = diff_fields(SPECS, form_values(last.after, SPECS), form_values(back, SPECS))
    label = customer_label(last.after)
    ok = await app.push_screen_wait(
        ReviewScreen(
            f"Undo your last {last.action} of {label}?",
            diffs,
            note=f"Checked against version {last.after.version}, the one your change "
            "produced: if anyone changed it since, you will see a conflict.",
            back="Esc cancel the undo (nothing is sent)",
        )
    )
    if not ok:
        return False
    saved = await safe_update(app, last.after, back, action="undo", reason=f"undo of {last.action}")
    if not isinstance(saved, Customer):
        return False
    app.notify(f"Undone: {label} is back as it was.", title="Undo")
    return True


# -- delete ----------------------------------------------------------------------------------


async def delete_customer(screen: Screen[Any], customer: Any) -> None:
    """`d`: typed confirmation; the full customer is journaled before the request is sent."""
    app = screen.app
    current = await customer_to_change(app, customer, "Deleting")
    if current is None:
        return
    number = current.number
    answer = await app.push_screen_wait(DeleteScreen(current))
    if answer is None:
        return
    label = customer_label(current)
    attempt = customer_attempt(
        number,
        label,
        "delete",
        doing=f"delete {label}",
        busy=f"Deleting {number}",
        done=f"Deleted {label}. Its last state is kept in your journal.",
        done_title="Deleted",
        status=202,
        reason=answer.reason,
        snapshot=current.to_wire(),
        no_copy=f"Not deleted: {label} would be gone without a copy.",
        no_copy_title="Not deleted",
    )
    outcome = await journaled(flow(app), attempt, partial(service_of(app).delete_customer, number))
    if not outcome.ok:
        return
    forget_undo(app, number)
    _after_delete(app, number)


def _after_delete(app: App[Any], number: str) -> None:
    # The list re-reads the row; the detail screen, if it is in front, closes.
    tell_screens(app, lambda: RecordDeleted(CUSTOMER_KIND.name, number))


# -- activity --------------------------------------------------------------------------------


async def show_activity(screen: Screen[Any]) -> None:
    """`A`: this agent's recent changes on this tenant, newest first; Enter opens one. A team
    lead (a role in the agents file) sees every agent's."""
    app = screen.app
    svc = service_of(app)
    everyone = bool(getattr(getattr(app, "policy", None), "lead", False))
    user = None if everyone else (getattr(app, "agent_name", None) or os_user())
    entries = journal_for(app).recent(200, user=user, tenant=svc.tenant, api_host=svc.api_host)
    number = await app.push_screen_wait(
        ActivityScreen(
            entries,
            where=f"{svc.tenant} @ {svc.api_host}",
            everyone=everyone,
            ticket=getattr(app, "ticket", None),
        )
    )
    if number:
        tui_of(app).open_customer(number)


async def manage_addresses(screen: Screen[Any], customer: Any) -> None:
    """The customer's addresses: add, edit, delete, make default, tags."""
    await customer_addresses.manage_addresses(screen, customer)
