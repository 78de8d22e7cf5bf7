"""Address changes: add, edit (PATCH of the changed fields, tags as a difference), delete, default."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.core.journal import FieldChange, changes_from
from tui.ui.flows.customer_core import (
    customer_attempt,
    flow,
    load_customer,
    refused,
    service_of,
    show_everywhere,
)
from tui.ui.flows.journal import Attempt, journaled
from tui.ui.screens.address_form import AddressChanges, AddressFormScreen
from tui.ui.screens.addresses import AddressAction, AddressesScreen, address_line
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.edit import customer_label

if TYPE_CHECKING:
    from textual.app import App

    from tui.emporix.models import Address


async def manage_addresses(screen: Screen[Any], customer: Any) -> None:
    """Opens the address list; after each change it reloads and reopens it on the same row."""

    app = screen.app
    if refused(app, "Changing addresses") or customer is None:
        return
    number = customer.customer_number or customer.number
    selected: str | None = None
    changed = False
    while True:
        current = await load_customer(app, number, f"read the addresses of {number}")
        if current is None:
            break
        choice = await app.push_screen_wait(AddressesScreen(current, selected=selected))
        if choice is None:
            break
        selected = choice.address.id if choice.address is not None else None
        new_id = await _apply(app, number, customer_label(current), choice)
        changed = changed or new_id is not None
        selected = new_id or selected
    if changed:
        show_everywhere(app, number, None)


async def _apply(app: App[Any], number: str, label: str, choice: AddressAction) -> str | None:
    """Carries out one action; returns the address id it touched when something was saved."""
    svc = service_of(app)
    address = choice.address
    if choice.kind == "add":
        result = await app.push_screen_wait(AddressFormScreen(None, customer_label=label))
        if result is None:
            return None
        return await _send(
            app,
            "address-add",
            number,
            None,
            {k: FieldChange(None, v) for k, v in result.body.items()},
            lambda: svc.add_address(number, result.body),
            f"add an address to {label}",
            status=201,
        )
    assert address is not None and address.id is not None
    address_id = address.id
    if choice.kind == "edit":
        edit = await app.push_screen_wait(AddressFormScreen(address, customer_label=label))
        if edit is None or edit.empty:
            return None
        return await _send_edit(app, number, label, address, edit)
    if choice.kind == "default":
        # A single letter opened this; Enter, after the type-ahead guard, sends it.
        sure = await app.push_screen_wait(
            ConfirmScreen(
                "Make this the default address?",
                lambda mask: f"{address_line(address, mask)}\nof {mask.text(label)}.",
                confirm_label="Make default",
                ask_reason=False,
            )
        )
        if sure is None:
            return None
        return await _send(
            app,
            "address-default",
            number,
            address_id,
            {"isDefault": FieldChange(bool(address.is_default), True)},
            lambda: svc.patch_address(number, address_id, {"isDefault": True}),
            f"make this address the default of {label}",
            status=200,
        )
    answer = await app.push_screen_wait(
        ConfirmScreen(
            "Delete this address?",
            lambda mask: (
                f"{address_line(address, mask)}\nof {mask.text(label)}. "
                "A copy is kept in your journal."
            ),
            confirm_label="Delete",
            danger=True,
        )
    )
    if answer is None:
        return None
    gone = await _send(
        app,
        "address-delete",
        number,
        address_id,
        {},
        lambda: svc.delete_address(number, address_id),
        f"delete an address of {label}",
        reason=answer.reason,
        status=204,
        snapshot=address.to_wire(),
        no_copy=f"Not deleted: the address of {label} would be gone without a copy.",
    )
    return gone


async def _send_edit(
    app: App[Any], number: str, label: str, address: Address, edit: AddressChanges
) -> str | None:
    svc = service_of(app)
    address_id = str(address.id)
    changes = changes_from(address.to_wire(), edit.body)
    if edit.tags_added or edit.tags_removed:
        changes["tags"] = FieldChange(
            list(address.tags or []), {"added": edit.tags_added, "removed": edit.tags_removed}
        )

    async def send() -> None:
        # Fields first; tags through their own endpoints, so a tag a colleague added meanwhile
        # is not lost the way a whole-list replacement would lose it.
        if edit.body:
            await svc.patch_address(number, address_id, edit.body)
        if edit.tags_added:
            await svc.add_address_tags(number, address_id, edit.tags_added)
        if edit.tags_removed:
            await svc.remove_address_tags(number, address_id, edit.tags_removed)

    return await _send(
        app,
        "address-edit",
        number,
        address_id,
        changes,
        send,
        f"change an address of {label}",
        status=200,
    )


async def _send(
    app: App[Any],
    action: str,
    number: str,
    address_id: str | None,
    changes: dict[str, FieldChange],
    call: Any,
    doing: str,
    *,
    reason: str | None = None,
    status: int = 200,
    snapshot: dict[str, Any] | None = None,
    no_copy: str | None = None,
) -> str | None:
    """Sends one address change through `journaled`; the address id it touched when it worked
    ("" when the server named none)."""
    attempt = customer_attempt(
        number,
        doing,
        action,
        doing=doing,
        subject="",
        done=doing[:1].upper() + doing[1:] + ": done.",
        done_title="Address saved",
        changes=changes,
        reason=reason,
        target=address_id,
        status=status,
        snapshot=snapshot,
        no_copy=no_copy,
        no_copy_title="Not deleted" if no_copy else "Not sent",
    )

    def settled(result: Any) -> Attempt:
        # An added address is journalled under the id the server gave it.
        return replace(attempt, target=result if isinstance(result, str) else address_id)

    outcome = await journaled(flow(app), attempt, call, done_as=settled)
    if not outcome.ok:
        return None
    new_id = outcome.value if isinstance(outcome.value, str) else address_id
    return new_id or ""
