"""Addresses through the Pilot: add, edit (only changed fields; tags as a difference), default, delete."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Static

from tests.ui.changes_support import (
    flow_finished,
    journal,
    keys_count,
    open_detail,
    screen_is,
    stored,
    type_into,
    until,
)
from tui.ui.screens.address_form import AddressFormScreen
from tui.ui.screens.addresses import AddressesScreen
from tui.ui.screens.confirm import ConfirmScreen

SIZE = (100, 30)


def addresses(sandbox_app: Any) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in stored(sandbox_app, "10000001").get("addresses", [])}


async def reopened(pilot: Any, rows: int) -> AddressesScreen:
    """The flow reopens the list after each change; wait for the fresh one."""
    await until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, AddressesScreen)
            and pilot.app.screen.query_one(DataTable).row_count == rows
        ),
        f"the address list with {rows} rows",
    )
    await pilot.pause()
    await keys_count(pilot)
    return pilot.app.screen  # type: ignore[no-any-return]


async def test_address_add_edit_default_and_delete(make_app: Any, sandbox_app: Any) -> None:
    before = addresses(sandbox_app)
    assert len(before) == 2
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("m")
        await reopened(pilot, 2)

        # add, with a wrong country first
        await pilot.press("n")
        form = await screen_is(pilot, AddressFormScreen)
        await type_into(pilot, "#f-contact_name", "John Smith")
        await type_into(pilot, "#f-street", "Hauptstraße")
        await type_into(pilot, "#f-city", "Berlin")
        await type_into(pilot, "#f-country", "Germany", keys=True)
        assert "2-letter" in str(form.query_one("#err-country", Static).render())
        await pilot.press("ctrl+s")
        assert app.screen is form
        await type_into(pilot, "#f-country", "DE")
        await type_into(pilot, "#f-tags", "SHIPPING")
        await pilot.press("ctrl+s")
        listing = await reopened(pilot, 3)
        (new_id,) = set(addresses(sandbox_app)) - set(before)
        added = addresses(sandbox_app)[new_id]
        assert (added["city"], added["country"], added["tags"]) == ("Berlin", "DE", ["SHIPPING"])
        table = listing.query_one(DataTable)
        assert table.cursor_row == 2, "the list reopens on the address just added"

        # edit: one field and one more tag
        await pilot.press("e")
        await screen_is(pilot, AddressFormScreen)
        await type_into(pilot, "#f-city", "Potsdam")
        await type_into(pilot, "#f-tags", "SHIPPING, BILLING")
        await pilot.press("ctrl+s")
        await reopened(pilot, 3)
        edited = addresses(sandbox_app)[new_id]
        assert (edited["city"], edited["street"], sorted(edited["tags"])) == (
            "Potsdam",
            "Hauptstraße",
            ["BILLING", "SHIPPING"],
        )

        # make it the default
        await pilot.press("m")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.title_text == "Make this the default address?"
        assert addresses(sandbox_app)[new_id].get("isDefault") is not True, "not before Enter"
        await pilot.press("enter")
        await until(pilot, lambda: addresses(sandbox_app)[new_id].get("isDefault") is True)
        await reopened(pilot, 3)

        # delete it, confirmed
        await pilot.press("d")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await reopened(pilot, 2)
        await pilot.press("escape")
        await flow_finished(pilot)
    assert new_id not in addresses(sandbox_app)
    actions = [(e.action, e.outcome) for e in reversed(journal())]
    assert actions == [
        ("address-add", "done"),
        ("address-edit", "done"),
        ("address-default", "done"),
        ("address-delete", "started"),
        ("address-delete", "done"),
    ]
    edit = next(e for e in journal() if e.action == "address-edit")
    assert set(edit.changes) == {"city", "tags"}, "only the changed fields are sent"
    assert edit.status == 200
    deleted = next(e for e in journal() if e.action == "address-delete" and e.outcome == "started")
    assert deleted.snapshot is not None and deleted.snapshot["city"] == "Potsdam"
