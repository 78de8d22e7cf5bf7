"""The detail screen against the in-process sandbox: one request, the tabs, reload, copy, and back."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.ui.screens.detail import TABS, DetailScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable


def _plain(static: Static) -> str:
    """The text a tab shows, as the agent reads it, without colour."""
    content = static.content
    if isinstance(content, Content):
        return content.plain
    if isinstance(content, str):
        return content
    console = Console(width=120, record=True, color_system=None, file=io.StringIO())
    console.print(content)
    return console.export_text()


TAB_IDS = [tab_id for tab_id, _title, _render in TABS]


async def open_customer(pilot: Any, number: str) -> DetailScreen:
    pilot.app.open_customer(number)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DetailScreen)
    return screen


async def test_enter_opens_highlighted_customer_and_escape_returns_to_same_row(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        search = app.screen
        assert isinstance(search, SearchScreen)
        table = search.query_one(CustomerTable)
        table.focus()
        await pilot.press("down", "down", "down", "down", "enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert detail.customer is not None and detail.customer.customer_number == "10000005"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is search
        assert search.query_one(CustomerTable) is table
        assert table.cursor_row == 4
        assert table.row_count == 60


async def test_detail_is_read_with_one_expanded_request(make_app: AppFactory) -> None:
    app = await make_app()
    seen: list[str] = []

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        original = app.service.get_customer

        async def recording(number: str, **kwargs: Any) -> Any:
            seen.append(f"{number} {kwargs.get('expand')}")
            return await original(number, **kwargs)

        app.service.get_customer = recording  # type: ignore[method-assign]
        await open_customer(pilot, "10000001")
        assert seen == ["10000001 ('addresses', 'accounts', 'mixin:*')"]


async def test_profile_tab_shows_every_field(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_customer(pilot, "10000002")
        text = _plain(app.screen.query_one("#profile-body", Static))
        for expected in (
            "Anna",
            "Schmidt",
            "de_DE",
            "EUR",
            "Restriction",
            "de",
            "Metadata version",
            "Created",
        ):
            assert expected in text
        header = _plain(app.screen.query_one("#header", Static))
        assert (
            "Anna Schmidt" in header
            and "#10000002" in header
            and "[Active]" in header
            and "[B2B]" in header
        )


async def test_addresses_tab_marks_the_default_and_shows_tags(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_customer(pilot, "10000001")
        await pilot.press("2")
        assert app.screen.active_tab == "addresses"
        text = _plain(app.screen.query_one("#addresses-body", Static))
        assert "Address 1 of 2 — DEFAULT" in text
        assert "BILLING" in text and "SHIPPING" in text


async def test_accounts_tab_shows_logins_and_social_provider_ids(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_customer(pilot, "10000005")
        await pilot.press("3")
        text = _plain(app.screen.query_one("#accounts-body", Static))
        assert screen.customer is not None
        provider_ids = [a.provider_id for a in screen.customer.accounts or [] if a.provider_id]
        assert provider_ids, "the demo customer has a social login"
        assert all(p in text for p in provider_ids)


async def test_b2b_tab_shows_registration_id_and_legal_entities(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_customer(pilot, "10000002")
        await pilot.press("4")
        text = _plain(app.screen.query_one("#b2b-body", Static))
        assert "DE-HRB-123456" in text
        assert screen.customer is not None
        entities = screen.customer.legal_entities
        assert len(entities) == 3
        for entity in entities:
            assert (
                entity.id in text and entity.name in text and entity.contact_assignment_id in text
            )


async def test_raw_tab_shows_mixins_and_unknown_fields(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_customer(pilot, "10000005")
        await pilot.press("5")
        text = _plain(app.screen.query_one("#raw-body", Static))
        assert screen.customer is not None
        unknown = screen.customer.unknown_fields
        assert unknown, "the demo customer carries an unknown top-level field"
        for name in unknown:
            assert f'"{name}"' in text
        assert '"mixins"' in text


async def test_tab_keys_leave_the_focus_and_the_arrows_scroll_the_tab_shown(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_customer(pilot, "10000005")
        focused = app.focused
        await pilot.press("5")
        await settle(pilot)
        assert screen.active_tab == "raw"
        assert app.focused is focused, "a tab key switches the tab, not the focus"
        body = screen.query_one("#tab-body", VerticalScroll)
        assert body.max_scroll_y > 0, "the raw JSON is longer than one 80x24 screen"
        await pilot.press("down", "down")
        await settle(pilot)
        assert body.scroll_y == 2
        await pilot.press("end")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("pageup")
        await settle(pilot)
        assert 0 < body.scroll_y < body.max_scroll_y
        await pilot.press("home")
        await settle(pilot)
        assert body.scroll_y == 0
        await pilot.press("end", "1")
        await settle(pilot)
        assert body.scroll_y == 0, "each tab keeps its own place: Profile was not scrolled"
        await pilot.press("5")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y > 0, "and Raw is back where it was left"


async def test_arrows_and_clicks_on_the_tab_row_show_that_tab_and_only_it(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_customer(pilot, "10000001")
        bodies = {tab: screen.query_one(f"#{tab}-body", Static) for tab in TAB_IDS}

        def shown() -> list[str]:
            return [tab for tab, body in bodies.items() if body.display]

        assert screen.active_tab == "profile" and shown() == ["profile"]
        await pilot.press("right")
        await settle(pilot)
        assert screen.active_tab == "addresses" and shown() == ["addresses"]
        assert "Main Street" in _plain(bodies["addresses"])
        await pilot.click("#b2b")
        await settle(pilot)
        assert screen.active_tab == "b2b" and shown() == ["b2b"]
        await pilot.press("1")
        await settle(pilot)
        assert shown() == ["profile"]
        assert "John" in _plain(bodies["profile"]), "a tab shown again shows its content"


async def test_r_reloads_and_shows_a_change_made_elsewhere(
    make_app: AppFactory, make_service: Any
) -> None:
    app = await make_app()
    colleague = await make_service("demo-agent")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_customer(pilot, "10000006")
        assert screen.customer is not None
        await colleague.patch_customer(
            "10000006", {"company": "Patel Imports"}, version=screen.customer.version
        )
        await pilot.press("r")
        await settle(pilot)
        assert screen.customer is not None and screen.customer.company == "Patel Imports"
        assert "Patel Imports" in _plain(app.screen.query_one("#profile-body", Static))


async def test_opened_customers_are_remembered_for_the_palette(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await open_customer(pilot, "10000004")
        assert app.recent.path.exists()
        assert [r.number for r in app.recent.items("demo")][:1] == ["10000004"]


async def test_a_customer_not_found_offers_only_keys_that_work(make_app: AppFactory) -> None:
    from tui.ui.widgets.key_footer import KeyFooter

    app = await make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_customer("99999999")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen) and screen.customer is None
        shown = set(screen.query_one(KeyFooter).keys_shown)
        assert not shown & {"y", "e", "h", "d", "a", "m"}, shown
        assert {"esc", "r"} <= shown
