"""The search screen against the in-process sandbox: searching, paging, sorting, filters, stale answers."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Label, Static

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.ui.screens.search import SearchScreen
from tui.ui.search_options import SearchFinished
from tui.ui.widgets.customer_table import CustomerTable


def numbers(app: Any) -> list[str]:
    return [str(c.customer_number) for c in app.screen.query_one(CustomerTable).customers]


async def search(pilot: Any, text: str) -> None:
    """Fill the search box and press Enter (typing key by key: test_search_pacing.py)."""
    pilot.app.screen.query_one(CustomerTable).focus()
    await pilot.press("slash")
    pilot.app.screen.query_one("#search", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


def summary(app: Any) -> str:
    return str(app.screen.query_one("#summary", Label).render())


async def test_start_shows_first_page_with_total(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        table = app.screen.query_one(CustomerTable)
        assert table.row_count == 60
        assert numbers(app)[:2] == ["10000001", "10000002"]
        assert "60 of" in summary(app)


async def test_search_by_name_finds_matching_customers(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "Schmidt")
        found = app.screen.query_one(CustomerTable).customers
        assert "10000002" in numbers(app)
        assert found
        for c in found:
            assert "schmidt" in f"{c.display_name} {c.company} {c.contact_email}".lower()


async def test_search_by_email_finds_the_customer(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "marie.dubois@example.fr")
        assert numbers(app) == ["10000003"]


async def test_search_by_number_finds_the_customer(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "10000004")
        assert numbers(app)[0] == "10000004"


async def test_search_with_raw_q_expression_is_sent_as_is(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "lastName:Tanaka")
        found = app.screen.query_one(CustomerTable).customers
        assert "10000005" in numbers(app)
        assert all(c.last_name == "Tanaka" for c in found)


async def test_cursor_near_the_end_loads_the_next_page(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        table.focus()
        assert table.row_count == 60
        table.move_cursor(row=45)
        await settle(pilot)
        assert table.row_count == 60, "not yet near the end"
        await pilot.press("end")
        await settle(pilot, lambda: table.row_count >= 120)
        assert len(set(numbers(app))) == table.row_count
        assert "120 of" in summary(app)


async def test_s_cycles_server_side_sort_and_says_it_in_words(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(CustomerTable).focus()
        await pilot.press("s")
        await settle(pilot)
        assert "Sort: number ↑" in summary(app)
        ascending = numbers(app)
        assert ascending == sorted(ascending)
        await pilot.press("s")
        await settle(pilot)
        assert "Sort: number ↓" in summary(app)
        descending = numbers(app)
        assert descending == sorted(descending, reverse=True)
        assert descending[0] > ascending[-1], "the server sorted all customers, not just one page"


async def test_quick_filters_narrow_the_list_and_show_in_words(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        customers = app.screen.query_one(CustomerTable).customers
        assert customers and all(c.on_hold for c in customers)
        assert "10000003" in numbers(app)
        assert "Filters: on hold" in summary(app)
        await pilot.press("f2", "f4")
        await settle(pilot)
        customers = app.screen.query_one(CustomerTable).customers
        assert customers and all(c.business_model == "B2B" for c in customers)
        await pilot.press("f4", "f6", "f6")
        await settle(pilot)
        customers = app.screen.query_one(CustomerTable).customers
        assert customers and all(c.restriction == "de" for c in customers)
        assert "restriction de" in summary(app)


async def test_inactive_filter_shows_only_inactive_customers(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        customers = app.screen.query_one(CustomerTable).customers
        assert customers and all(c.active is False for c in customers)
        assert "10000004" in numbers(app)


async def test_a_stale_answer_never_replaces_a_newer_one(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "Dubois")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        shown = numbers(app)
        stale = await app.service.get_customer("10000006")
        screen.post_message(SearchFinished(screen.search_generation - 1, None, [stale]))
        await settle(pilot)
        assert numbers(app) == shown


async def test_no_results_are_said_in_the_table_area(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search(pilot, "Zyxwvut")
        assert app.screen.has_class("-message")
        message = str(app.screen.query_one("#message", Static).render())
        assert "No customers match “Zyxwvut”" in message


async def test_demo_de_sees_only_customers_its_restriction_allows(make_app: AppFactory) -> None:
    app = await make_app("demo-de")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        customers = app.screen.query_one(CustomerTable).customers
        assert customers
        assert {c.restriction for c in customers} <= {"de", None}
        assert "10000002" in numbers(app)
        assert "10000001" not in numbers(app)


async def test_space_marks_customers_for_bulk_actions(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.table.focus()
        await pilot.press("space", "down", "down", "space")
        assert screen.marked == {"10000001", "10000003"}
        assert [c.customer_number for c in screen.marked_customers()] == ["10000001", "10000003"]
        assert "2 marked" in summary(app)
        await pilot.press("escape")
        assert screen.marked == set()


async def test_down_in_the_search_box_moves_to_the_list(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        assert app.screen.query_one("#search", Input).has_focus
        await pilot.press("down")
        assert table.has_focus
        assert table.cursor_row == 0
        await pilot.press("down")
        assert table.cursor_row == 1


async def test_a_failed_search_leaves_no_count_of_the_search_before(make_app: AppFactory) -> None:
    from textual.widgets import Label

    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"10000001", "enter")
        await settle(pilot)
        summary = app.screen.query_one("#summary", Label)
        assert str(summary.render()).startswith("1 of 1")
        await pilot.press("slash", *'lastName:"Smi', "enter")
        await settle(pilot)
        text = str(summary.render())
        assert "1 of 1" not in text and "Search failed" in text


def test_counts_are_written_with_thousands_separators() -> None:
    from tui.ui.screens.search import SearchScreen

    class Pager:
        total, settled, exhausted, total_is_estimate = 1999, True, False, False

    class Table:
        row_count = 1999

    class Counted(SearchScreen):
        @property
        def table(self) -> Any:
            return Table()

    screen = Counted.__new__(Counted)
    screen._pager = Pager()  # type: ignore[assignment]
    assert screen._total_words() == "1,999 of 1,999 ·"
