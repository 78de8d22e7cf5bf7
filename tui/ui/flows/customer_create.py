"""Creating customers and assigning logins: a taken e-mail says who has it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.core.journal import FieldChange
from tui.emporix.errors import BadRequest, Duplicate, EmporixError
from tui.emporix.models import Customer
from tui.emporix.query import equals_ignoring_case
from tui.ui.errors import report_error
from tui.ui.flows.customer_core import (
    customer_attempt,
    customer_to_change,
    field_errors,
    flow,
    refused,
    service_of,
    show_everywhere,
)
from tui.ui.flows.journal import journaled
from tui.ui.protocol import tui_of
from tui.ui.screens.assign import AssignScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.create import CreateScreen
from tui.ui.screens.edit import RESTRICTION_SCOPE, customer_label

if TYPE_CHECKING:
    from textual.app import App

# -- create ----------------------------------------------------------------------------------


async def find_by_email(app: App[Any], email: str) -> Customer | None:
    """The customer whose contact e-mail is `email` (ignoring case), if this client can see one."""
    try:
        page = await service_of(app).search_customers(
            equals_ignoring_case("contactEmail", email), page_size=2
        )
    except EmporixError:
        return None
    return page.items[0] if page.items else None


async def create_customer(screen: Screen[Any]) -> None:
    """`n`: create a customer; a taken e-mail says who has it and offers to open them."""
    app = screen.app
    if refused(app, "Creating customers"):
        return
    svc = service_of(app)
    locked = None if svc.can(RESTRICTION_SCOPE) else f"needs the scope {RESTRICTION_SCOPE}"
    draft: dict[str, Any] | None = None
    errors: dict[str, str] | None = None
    while True:
        request = await app.push_screen_wait(
            CreateScreen(
                restriction_locked=locked,
                draft=draft,
                server_errors=errors,
                restrictions=svc.restrictions,
            )
        )
        if request is None:
            return
        body = request.draft.to_wire()
        fields = {k: FieldChange(None, v) for k, v in body.items()}
        email = request.draft.contact_email or ""
        attempt = customer_attempt(
            request.draft.id,
            email or "the new customer",
            "create",
            doing="create the customer",
            subject="",
            busy="Creating customer",
            changes=fields,
            status=201,
        )
        create = partial(
            svc.create_customer, request.draft, send_password_reset=request.send_password_reset
        )
        outcome = await journaled(
            flow(app),
            attempt,
            create,
            conflicts=(Duplicate,),
            done_as=attempt.keyed,  # journalled under the number the server gave it
        )
        exc = outcome.error
        if isinstance(exc, Duplicate):
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
                tui_of(app).open_customer(existing.number)
                return
            draft = request.values
            errors = {"contactEmail": f"Already used by {customer_label(existing)}"}
            continue
        if isinstance(exc, BadRequest):
            draft, errors = request.values, field_errors(exc)
            continue
        if exc is not None:
            return
        number = outcome.value
        reset = " A password-reset e-mail was sent." if request.send_password_reset else ""
        app.notify(f"Created customer {number} ({email}).{reset}", title="Created")
        tui_of(app).open_customer(number)
        return


# -- assign account --------------------------------------------------------------------------


async def assign_account(screen: Screen[Any], customer: Any) -> None:
    """`a`: give the customer a login for an e-mail; a 409 says who already has it."""
    app = screen.app
    current = await customer_to_change(app, customer, "Assigning accounts")
    if current is None:
        return
    number = current.number
    email: str | None = None
    error: str | None = None
    label = customer_label(current)
    while True:
        request = await app.push_screen_wait(AssignScreen(current, email=email, error=error))
        if request is None:
            return
        change = {"accounts": FieldChange(None, request.email)}
        attempt = customer_attempt(
            number,
            label,
            "assign-account",
            doing=f"assign a login to {label}",
            subject="",
            busy=f"Assigning {number}",
            done=f"{request.email} can now sign in as {label}.",
            done_title="Login assigned",
            changes=change,
            status=201,
        )
        assign = partial(
            service_of(app).assign_account,
            number,
            request.email,
            send_password_reset=request.send_password_reset,
        )
        outcome = await journaled(flow(app), attempt, assign, conflicts=(Duplicate,))
        exc = outcome.error
        if isinstance(exc, Duplicate):
            owner = await find_by_email(app, request.email)
            who = (
                f"it is already the login of {customer_label(owner)}"
                if owner is not None
                else f"it is already in use ({exc.message})"
            )
            app.notify(f"{request.email}: {who}.", title="Not assigned", severity="warning")
            email, error = request.email, f"{request.email}: {who}"
            continue
        if isinstance(exc, BadRequest):
            email, error = request.email, "; ".join(field_errors(exc).values()) or exc.message
            continue
        if exc is not None:
            return
        show_everywhere(app, number, None)
        return
