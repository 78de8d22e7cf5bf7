"""The list says every state a customer is in, and gives the e-mail the room it needs first."""

from __future__ import annotations

from typing import Any

from tests.support.waiting import settle
from tests.ui.changes_support import open_detail
from tests.ui.conftest import AppFactory
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable


def row_text(table: CustomerTable, number: str) -> str:
    row = [c.customer_number for c in table.customers].index(number)
    table.move_cursor(row=row)
    return table.render_line(row - round(table.scroll_y) + 1).text


async def search(pilot: Any, text: str) -> CustomerTable:
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot.press(*text, "enter")
    await settle(pilot)
    return screen.table


async def test_on_hold_and_inactive_shows_both_in_the_list_and_the_badges(
    make_app: AppFactory, sandbox_app: Any
) -> None:
    sandbox_app.state.sandbox.store.patch("10000004", {"onHold": True})  # already inactive
    for size in ((80, 24), (160, 40)):
        app = await make_app()
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            table = await search(pilot, "10000004")
            line = row_text(table, "10000004")
            assert ("Hold+Inact" if size[0] == 80 else "On hold, inactive") in line, line
            detail = await open_detail(pilot, "10000004")
            header = str(detail.query_one("#header").render())
            assert "[On hold]" in header and "[Inactive]" in header


async def test_at_120_columns_the_email_is_not_cut_while_company_has_room(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        longest = max(
            (c for c in table.customers if c.contact_email), key=lambda c: len(c.contact_email)
        )
        assert len(longest.contact_email) > 23
        line = row_text(table, longest.customer_number)
        assert longest.contact_email in line, line
