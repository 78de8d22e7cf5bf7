"""Change flows started from the list and detail screens: one async function per change key.

Each flow runs inside a worker the calling screen starts (so modal screens can be awaited), sends
through the client's safe operations, journals every attempt, and reports failures through
`tui.ui.errors.report_error`, the one place an exception becomes what the agent sees.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.emporix.changes import customer_changes
from tui.emporix.errors import BadRequest, Duplicate, EmporixError, VersionConflict
from tui.emporix.models import Customer
from tui.emporix.query import equals_ignoring_case
from tui.journal import (
    CANCELLED,
    CONFLICT,
    DONE,
    FAILED,
    STARTED,
    UNKNOWN,
    FieldChange,
    Journal,
    changes_from,
    os_user,
)
from tui.ui.errors import report_error
from tui.ui.forms import diff_fields, get_path
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictRow, ConflictScreen
from tui.ui.screens.edit import (
    RESTRICTION_SCOPE,
    EditScreen,
    apply_values,
    customer_label,
    customer_specs,
    form_values,
)
from tui.ui.screens.review import ReviewScreen

if TYPE_CHECKING:
    from textual.app import App

    from tui.emporix.client import CustomerService

__all__ = [
    "assign_account",
    "create_customer",
    "delete_customer",
    "edit_customer",
    "hold_customers",
    "journal_for",
    "manage_addresses",
    "set_active",
    "show_activity",
    "undo_last",
]

EXPAND = ("addresses", "accounts", "mixin:*")
SPECS = customer_specs()


# -- shared state per app --------------------------------------------------------------------


@dataclass(frozen=True)
class UndoRecord:
    """The last edit or hold: the customer as our change left it, and the values it replaced."""

    action: str
    after: Customer
    previous: dict[str, Any]
    """Form field name -> value before the change."""


_journals: weakref.WeakKeyDictionary[Any, Journal] = weakref.WeakKeyDictionary()
_undo: weakref.WeakKeyDictionary[Any, list[UndoRecord]] = weakref.WeakKeyDictionary()


def journal_for(app: App[Any]) -> Journal:
    """The app's journal (tests may set `app.journal` to point it elsewhere)."""
    own = getattr(app, "journal", None)
    if isinstance(own, Journal):
        return own
    if app not in _journals:
        _journals[app] = Journal()
    return _journals[app]


def undo_stack(app: App[Any]) -> list[UndoRecord]:
    return _undo.setdefault(app, [])


def _service(app: App[Any]) -> CustomerService:
    return app.service  # type: ignore[attr-defined]


def _record(app: App[Any], action: str, number: str | None, outcome: str, **fields: Any) -> None:
    svc = _service(app)
    try:
        journal_for(app).record(
            action=action,
            customer_number=number,
            outcome=outcome,
            tenant=svc.tenant,
            api_host=svc.api_host,
            client_id=svc.client_id,
            **fields,
        )
    except OSError as exc:
        # A full disk must not hide that the change itself happened; say so loudly instead.
        app.notify(
            f"Could not write the journal ({exc.strerror or exc}); the change was still made.",
            title="Journal not written",
            severity="error",
            timeout=10,
        )


def _refused(app: App[Any], what: str) -> bool:
    """True (after telling the agent why) when the app is read-only."""
    if getattr(app, "read_only", False):
        reason = getattr(app, "read_only_reason", "") or "read-only mode"
        app.notify(
            f"{what} is not possible: read-only ({reason}).", title="Read-only", severity="warning"
        )
        return True
    return False


async def _load(app: App[Any], number: str, action: str) -> Customer | None:
    """The customer as the server has it now (the version every change is checked against)."""
    try:
        async with app.busy(f"Loading {number}"):  # type: ignore[attr-defined]
            return await _service(app).get_customer(number, expand=EXPAND)
    except Exception as exc:
        report_error(app, exc, action=action, subject=f"Customer {number}")
        return None


def _show_everywhere(app: App[Any], number: str, fresh: Customer | None) -> None:
    """After a change: update what the agent sees on every screen that shows this customer."""
    from tui.ui.screens.detail import DetailScreen
    from tui.ui.screens.search import SearchScreen

    for screen in list(app.screen_stack):
        if isinstance(screen, DetailScreen) and screen.number == number:
            if fresh is not None:
                screen.show_customer(fresh)
            else:
                screen.reload()
        elif isinstance(screen, SearchScreen):
            if fresh is not None:
                screen.show_customer(fresh)
            else:
                screen.refresh_customers([number])


def _mine(before: Customer, after: Customer) -> dict[str, Any]:
    """Form field name -> the agent's value, for the fields the agent changed."""
    return {
        s.name: get_path(after, s.name)
        for s in SPECS
        if get_path(before, s.name) != get_path(after, s.name)
    }


def _wire_changes(before: Customer, patch: dict[str, Any]) -> dict[str, FieldChange]:
    sent = {k: v for k, v in patch.items() if k != "metadata"}
    return changes_from(before.to_wire(), sent)


# -- the safe update every profile change goes through -----------------------------------------


async def safe_update(
    app: App[Any], before: Customer, after: Customer, *, action: str, reason: str | None = None
) -> Customer | EmporixError | None:
    """Send what changed between `before` (as loaded) and `after`, with `before`'s version.

    Returns the customer as saved; the error when the server (or the client's own checks)
    refused it or could not be reached, so a form can reopen with the agent's values and show
    field errors inline; None when nothing was saved (a dropped
    conflict, a cancel, or a failure already reported).
    """
    svc = _service(app)
    number = before.number
    label = customer_label(before)
    while True:
        try:
            patch = customer_changes(before, after)
        except BadRequest as exc:
            return exc
        if not patch:
            app.notify("Nothing to change: the customer already has these values.")
            return before
        changes = _wire_changes(before, patch)
        try:
            async with app.busy(f"Saving {number}"):  # type: ignore[attr-defined]
                # patch, then read: a failed read after a saved patch must not look like a failure
                await svc.patch_customer(number, patch, version=before.version)
        except VersionConflict as exc:
            _record(
                app,
                action,
                number,
                CONFLICT,
                changes=changes,
                status=409,
                message=str(exc),
                reason=reason,
            )
            current = await _load(app, number, f"read customer {number} after a conflict")
            if current is None:
                return None
            mine = _mine(before, after)
            by_name = {s.name: s for s in SPECS}
            rows = [
                ConflictRow(by_name[n].label, get_path(before, n), get_path(current, n), v)
                for n, v in mine.items()
            ]
            others = [
                s.label
                for s in SPECS
                if s.name not in mine and get_path(before, s.name) != get_path(current, s.name)
            ]
            choice = await app.push_screen_wait(
                ConflictScreen(
                    f"Not saved: {label} changed meanwhile",
                    rows,
                    others=others,
                    server_version=current.version,
                )
            )
            _show_everywhere(app, number, current)
            if choice != "reapply":
                _record(
                    app,
                    action,
                    number,
                    CANCELLED,
                    changes=changes,
                    message="dropped after a conflict",
                    reason=reason,
                )
                app.notify(f"Your changes to {label} were dropped; you see the latest now.")
                return None
            reapplied = apply_values(current, mine)
            diffs = diff_fields(SPECS, form_values(current, SPECS), form_values(reapplied, SPECS))
            if not diffs:
                app.notify(f"{label} already has your values; nothing to send.")
                return current
            ok = await app.push_screen_wait(
                ReviewScreen(
                    f"Review again: your changes on top of version {current.version}",
                    diffs,
                    note="Only your fields are sent; their other changes stay.",
                )
            )
            if not ok:
                _record(
                    app, action, number, CANCELLED, message="re-apply not confirmed", reason=reason
                )
                return None
            before, after = current, reapplied
            continue
        except EmporixError as exc:
            maybe_saved = not getattr(exc, "nothing_changed", True)
            _record(
                app,
                action,
                number,
                UNKNOWN if maybe_saved else FAILED,
                changes=changes,
                status=exc.status,
                message=str(exc),
                reason=reason,
            )
            report_error(app, exc, action=f"save {label}", subject=f"Customer {number}")
            if maybe_saved:
                # Show what the server has now; a retry from the old version becomes a conflict.
                _show_everywhere(app, number, None)
            return exc
        except Exception as exc:
            _record(
                app,
                action,
                number,
                FAILED,
                changes=changes,
                status=getattr(exc, "status", None),
                message=str(exc),
                reason=reason,
            )
            report_error(app, exc, action=f"save {label}", subject=f"Customer {number}")
            return None
        _record(app, action, number, DONE, changes=changes, status=200, reason=reason)
        previous = {n: get_path(before, n) for n in _mine(before, after)}
        fresh = await _load(app, number, f"reload customer {number} (the change was saved)")
        if fresh is not None and previous and action != "undo":
            undo_stack(app).append(UndoRecord(action, fresh, previous))
        _show_everywhere(app, number, fresh)
        return fresh if fresh is not None else after


def _field_errors(exc: EmporixError) -> dict[str, str]:
    return {d.field: d.message for d in exc.details if d.field}


# -- edit ------------------------------------------------------------------------------------


async def edit_customer(screen: Screen[Any], customer: Any) -> None:
    """`e`: edit the customer's profile fields, review, save; a 409 shows the conflict."""
    app = screen.app
    if _refused(app, "Editing") or customer is None:
        return
    before = await _load(app, customer.customer_number or customer.number, "open the edit form")
    if before is None:
        return
    svc = _service(app)
    locked = None if svc.can(RESTRICTION_SCOPE) else f"needs the scope {RESTRICTION_SCOPE}"
    draft: dict[str, Any] | None = None
    errors: dict[str, str] | None = None
    while True:
        result = await app.push_screen_wait(
            EditScreen(before, restriction_locked=locked, draft=draft, server_errors=errors)
        )
        if result is None:
            return
        saved = await safe_update(app, before, result.after, action="edit")
        if isinstance(saved, EmporixError):
            draft = form_values(result.after, SPECS)
            errors = _field_errors(saved)
            continue
        if saved is not None:
            names = ", ".join(d.label for d in result.diffs)
            app.notify(f"Saved {customer_label(saved)}: {names}.", title="Saved")
        return


# -- hold / release, active / inactive -------------------------------------------------------


async def hold_customers(screen: Screen[Any], customers: Sequence[Any]) -> None:
    """`h`: put on hold or release one customer, or every marked customer (bulk)."""
    app = screen.app
    if _refused(app, "Hold and release") or not customers:
        return
    if len(customers) > 1:
        from tui.ui.changes_bulk import bulk_hold

        await bulk_hold(app, list(customers))
        return
    number = customers[0].customer_number or customers[0].number
    before = await _load(app, number, f"read customer {number}")
    if before is None:
        return
    hold = not before.on_hold
    await _toggle(app, before, "on_hold", hold, "hold" if hold else "release")


async def set_active(screen: Screen[Any], customer: Any) -> None:
    """Make an active customer inactive or an inactive one active (confirmed, journaled)."""
    app = screen.app
    if _refused(app, "Activating and deactivating") or customer is None:
        return
    number = customer.customer_number or customer.number
    before = await _load(app, number, f"read customer {number}")
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
        app.notify(f"{label}: {saved.status}.", title=verb + " done")


# -- undo ------------------------------------------------------------------------------------


async def undo_last(screen: Screen[Any]) -> None:
    """`u`: put back the values the agent's last edit or hold replaced, through the same safe
    update (with the version our change produced), so a later change by anyone is a conflict."""
    app = screen.app
    if _refused(app, "Undo"):
        return
    stack = undo_stack(app)
    if not stack:
        app.notify("Nothing to undo: no edit or hold in this session yet.", title="Undo")
        return
    record = stack[-1]
    back = apply_values(record.after, record.previous)
    diffs = diff_fields(SPECS, form_values(record.after, SPECS), form_values(back, SPECS))
    label = customer_label(record.after)
    ok = await app.push_screen_wait(
        ReviewScreen(
            f"Undo your last {record.action} of {label}?",
            diffs,
            note=f"Checked against version {record.after.version}, the one your change "
            "produced: if anyone changed it since, you will see a conflict.",
        )
    )
    if not ok:
        return
    saved = await safe_update(
        app, record.after, back, action="undo", reason=f"undo of {record.action}"
    )
    if isinstance(saved, Customer):
        # Kept until it worked: after a failure the agent can simply press u again.
        if record in stack:
            stack.remove(record)
        app.notify(f"Undone: {label} is back as it was.", title="Undo")


# -- delete ----------------------------------------------------------------------------------


async def delete_customer(screen: Screen[Any], customer: Any) -> None:
    """`d`: typed confirmation; the full customer is journaled before the request is sent."""
    from tui.ui.screens.delete import DeleteScreen

    app = screen.app
    if _refused(app, "Deleting") or customer is None:
        return
    number = customer.customer_number or customer.number
    current = await _load(app, number, f"read customer {number}")
    if current is None:
        return
    answer = await app.push_screen_wait(DeleteScreen(current))
    if answer is None:
        return
    label = customer_label(current)
    _record(
        app,
        "delete",
        number,
        STARTED,
        snapshot=current.to_wire(),
        reason=answer.reason,
        status=None,
    )
    try:
        async with app.busy(f"Deleting {number}"):  # type: ignore[attr-defined]
            await _service(app).delete_customer(number)
    except Exception as exc:
        _record(
            app,
            "delete",
            number,
            FAILED,
            status=getattr(exc, "status", None),
            message=str(exc),
            reason=answer.reason,
        )
        report_error(app, exc, action=f"delete {label}", subject=f"Customer {number}")
        return
    _record(app, "delete", number, DONE, status=202, reason=answer.reason)
    stack = undo_stack(app)
    stack[:] = [r for r in stack if r.after.number != number]
    app.notify(f"Deleted {label}. Its last state is kept in your journal.", title="Deleted")
    _after_delete(app, number)


def _after_delete(app: App[Any], number: str) -> None:
    from tui.ui.screens.detail import DetailScreen
    from tui.ui.screens.search import SearchScreen

    for s in list(app.screen_stack):
        if isinstance(s, SearchScreen):
            s.refresh_customers([number])
    # Last: leaving the detail screen ends the worker this flow runs in.
    if isinstance(app.screen, DetailScreen) and app.screen.number == number:
        app.screen.dismiss()


# -- create ----------------------------------------------------------------------------------


async def find_by_email(app: App[Any], email: str) -> Customer | None:
    """The customer whose contact e-mail is `email` (ignoring case), if this client can see one."""
    try:
        page = await _service(app).search_customers(
            equals_ignoring_case("contactEmail", email), page_size=2
        )
    except EmporixError:
        return None
    return page.items[0] if page.items else None


async def create_customer(screen: Screen[Any]) -> None:
    """`n`: create a customer; a taken e-mail says who has it and offers to open them."""
    from tui.ui.screens.create import CreateScreen

    app = screen.app
    if _refused(app, "Creating customers"):
        return
    svc = _service(app)
    locked = None if svc.can(RESTRICTION_SCOPE) else f"needs the scope {RESTRICTION_SCOPE}"
    draft: dict[str, Any] | None = None
    errors: dict[str, str] | None = None
    while True:
        request = await app.push_screen_wait(
            CreateScreen(restriction_locked=locked, draft=draft, server_errors=errors)
        )
        if request is None:
            return
        body = request.draft.to_wire()
        fields = {k: FieldChange(None, v) for k, v in body.items()}
        email = request.draft.contact_email or ""
        try:
            async with app.busy("Creating customer"):  # type: ignore[attr-defined]
                number = await svc.create_customer(
                    request.draft, send_password_reset=request.send_password_reset
                )
        except Duplicate as exc:
            _record(
                app,
                "create",
                request.draft.id,
                CONFLICT,
                changes=fields,
                status=409,
                message=str(exc),
            )
            existing = await find_by_email(app, email)
            if existing is None:
                report_error(app, exc, action="create the customer")
                draft, errors = request.values, {"contactEmail": f"Already in use: {exc.message}"}
                continue
            answer = await app.push_screen_wait(
                ConfirmScreen(
                    "That e-mail is taken",
                    f"{email} already belongs to {customer_label(existing)}. Open that customer? "
                    "(n goes back to the form)",
                    confirm_label="Open",
                    ask_reason=False,
                )
            )
            if answer is not None:
                app.open_customer(existing.number)  # type: ignore[attr-defined]
                return
            draft = request.values
            errors = {"contactEmail": f"Already used by {customer_label(existing)}"}
            continue
        except BadRequest as exc:
            _record(
                app,
                "create",
                request.draft.id,
                FAILED,
                changes=fields,
                status=exc.status,
                message=str(exc),
            )
            report_error(app, exc, action="create the customer")
            draft, errors = request.values, _field_errors(exc)
            continue
        except Exception as exc:
            _record(
                app,
                "create",
                request.draft.id,
                FAILED,
                changes=fields,
                status=getattr(exc, "status", None),
                message=str(exc),
            )
            report_error(app, exc, action="create the customer")
            return
        _record(app, "create", number, DONE, changes=fields, status=201)
        reset = " A password-reset e-mail was sent." if request.send_password_reset else ""
        app.notify(f"Created customer {number} ({email}).{reset}", title="Created")
        app.open_customer(number)  # type: ignore[attr-defined]
        return


# -- assign account --------------------------------------------------------------------------


async def assign_account(screen: Screen[Any], customer: Any) -> None:
    """`a`: give the customer a login for an e-mail; a 409 says who already has it."""
    from tui.ui.screens.assign import AssignScreen

    app = screen.app
    if _refused(app, "Assigning accounts") or customer is None:
        return
    number = customer.customer_number or customer.number
    current = await _load(app, number, f"read customer {number}")
    if current is None:
        return
    email: str | None = None
    error: str | None = None
    label = customer_label(current)
    while True:
        request = await app.push_screen_wait(AssignScreen(current, email=email, error=error))
        if request is None:
            return
        change = {"accounts": FieldChange(None, request.email)}
        try:
            async with app.busy(f"Assigning a login to {number}"):  # type: ignore[attr-defined]
                await _service(app).assign_account(
                    number, request.email, send_password_reset=request.send_password_reset
                )
        except Duplicate as exc:
            _record(
                app,
                "assign-account",
                number,
                CONFLICT,
                changes=change,
                status=409,
                message=str(exc),
            )
            owner = await find_by_email(app, request.email)
            who = (
                f"it is already the login of {customer_label(owner)}"
                if owner is not None
                else f"it is already in use ({exc.message})"
            )
            app.notify(f"{request.email}: {who}.", title="Not assigned", severity="warning")
            email, error = request.email, f"{request.email}: {who}"
            continue
        except BadRequest as exc:
            _record(
                app,
                "assign-account",
                number,
                FAILED,
                changes=change,
                status=exc.status,
                message=str(exc),
            )
            report_error(app, exc, action=f"assign a login to {label}")
            email, error = request.email, "; ".join(_field_errors(exc).values()) or exc.message
            continue
        except Exception as exc:
            _record(
                app,
                "assign-account",
                number,
                FAILED,
                changes=change,
                status=getattr(exc, "status", None),
                message=str(exc),
            )
            report_error(app, exc, action=f"assign a login to {label}")
            return
        _record(app, "assign-account", number, DONE, changes=change, status=201)
        app.notify(f"{request.email} can now sign in as {label}.", title="Login assigned")
        _show_everywhere(app, number, None)
        return


# -- activity --------------------------------------------------------------------------------


async def show_activity(screen: Screen[Any]) -> None:
    """`A`: this agent's recent changes on this tenant, newest first; Enter opens one."""
    from tui.ui.screens.activity import ActivityScreen

    app = screen.app
    svc = _service(app)
    entries = journal_for(app).recent(200, user=os_user(), tenant=svc.tenant, api_host=svc.api_host)
    number = await app.push_screen_wait(
        ActivityScreen(entries, where=f"{svc.tenant} @ {svc.api_host}")
    )
    if number:
        app.open_customer(number)  # type: ignore[attr-defined]


async def manage_addresses(screen: Screen[Any], customer: Any) -> None:
    """The customer's addresses: add, edit, delete, make default, tags."""
    from tui.ui.changes_addresses import manage_addresses as run

    await run(screen, customer)
