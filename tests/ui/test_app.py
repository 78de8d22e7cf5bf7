"""App-wide behaviour: status line, help per screen, palette, toggles, and the change keys' hooks."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from textual.widgets import Input, Label

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tui.config.connection import Connection
from tui.connect.preflight import check_connection
from tui.sandbox import DEMO_SECRET, TENANT
from tui.ui.app import CustomerTuiApp
from tui.ui.flows import customer as changes
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.customer_table import CustomerTable
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.status_line import StatusLine


def label(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


async def test_status_line_says_sandbox_and_client(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        assert status.parts["where"] == "SANDBOX"
        assert "demo-agent" in status.parts["client"]
        assert status.parts["read-only"] == ""
        assert status.render().plain.startswith(" SANDBOX  as demo-agent ")
        assert not app.read_only


async def test_busy_sign_shows_while_a_search_is_in_flight(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen: list[str] = []
        app.watch(app, "busy_text", lambda text: seen.append(text), init=False)
        await pilot.press("f2")
        await settle(pilot)
        assert "Searching" in seen
        assert app.busy_text == ""


async def test_help_lists_the_list_screens_keys_and_closes(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(CustomerTable).focus()
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        descriptions = {description for _key, description, _note in help_screen.rows}
        assert {
            "Search",
            "Open",
            "Sort",
            "On hold",
            "Inactive",
            "B2B",
            "B2C",
            "Restriction",
            "Mark",
        } <= descriptions
        assert {
            "Edit",
            "Hold",
            "Delete",
            "New",
            "Assign account",
            "Undo",
            "Activity",
        } <= descriptions
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)


async def test_help_on_detail_lists_detail_keys(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_customer("10000001")
        await settle(pilot)
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = {key: description for key, description, _note in help_screen.rows}
        assert keys["r"] == "Reload" and keys["y"] == "Copy" and keys["Y"] == "Copy JSON"
        assert keys["M"] == "Mixins in $EDITOR"
        assert keys["esc"] == "Back"
        await pilot.press("question_mark")
        assert isinstance(app.screen, DetailScreen)


async def test_help_says_why_change_keys_are_disabled_when_read_only(make_app: AppFactory) -> None:
    app = await make_app("demo-viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(CustomerTable).focus()
        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        notes = {description: note for _key, description, note in help_screen.rows}
        assert "customer.customer_manage" in notes["Edit"]
        assert "READ-ONLY" in help_screen.intro


async def test_palette_opens_a_customer_by_number(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"10000003")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen)
        assert screen.customer is not None and screen.customer.customer_number == "10000003"


async def test_palette_offers_recent_customers(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_customer("10000002")
        await settle(pilot)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"Recent: 10000002")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DetailScreen) and screen.number == "10000002"


async def test_open_customer_dialog_refuses_an_empty_number(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o", "enter")
        assert "Type a customer number first" in label(app, "#hint")
        app.screen.query_one("#number", Input).value = "10000006"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.number == "10000006"


async def test_read_only_toggle_dims_change_keys_in_the_key_bar(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.check_action("edit", ()) is True
        screen.query_one(CustomerTable).focus()
        app.action_toggle_read_only()
        assert app.read_only and app.read_only_reason
        await pilot.pause()
        # Still live, so a press can say why it does nothing; the key bar dims it.
        dimmed = {e.key_display for e in screen.query_one(KeyFooter)._entries if e.explains}
        assert "h" in dimmed
        status = app.screen.query_one(StatusLine)
        assert "READ-ONLY" in status.render().plain and status.tooltip == app.read_only_reason
        app.action_toggle_read_only()
        assert not app.read_only


async def test_viewer_cannot_switch_read_only_off(make_app: AppFactory) -> None:
    app = await make_app("demo-viewer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_toggle_read_only()
        assert app.read_only


async def test_theme_toggle_switches_light_and_dark(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = app.theme
        app.action_toggle_theme()
        assert app.theme != before
        app.action_toggle_theme()
        assert app.theme == before


CHANGE_KEYS = [
    ("e", "edit_customer"),
    ("h", "hold_customers"),
    ("d", "delete_customer"),
    ("n", "create_customer"),
    ("a", "assign_account"),
    ("u", "undo_last"),
    ("A", "show_activity"),
]


@pytest.fixture
def recorded_changes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, type, Any]]:
    """Replace each change flow with a recorder: these tests are about which flow a key starts."""
    calls: list[tuple[str, type, Any]] = []
    for _key, name in CHANGE_KEYS:

        async def record(screen: Any, *args: Any, _name: str = name) -> None:
            calls.append((_name, type(screen), args))

        monkeypatch.setattr(changes, name, record)
    return calls


@pytest.mark.parametrize(("key", "flow"), CHANGE_KEYS)
async def test_change_key_on_the_list_starts_its_flow(
    make_app: AppFactory, recorded_changes: list[Any], key: str, flow: str
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(CustomerTable).focus()
        await pilot.press("down", key)
        await settle(pilot)
        assert [(name, screen) for name, screen, _args in recorded_changes] == [
            (flow, SearchScreen)
        ]
        args = recorded_changes[0][2]
        if flow == "hold_customers":
            assert [c.customer_number for c in args[0]] == ["10000002"]
        elif args:
            assert args[0].customer_number == "10000002"


@pytest.mark.parametrize(("key", "flow"), CHANGE_KEYS)
async def test_change_key_on_the_detail_starts_its_flow(
    make_app: AppFactory, recorded_changes: list[Any], key: str, flow: str
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_customer("10000003")
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert [(name, screen) for name, screen, _args in recorded_changes] == [
            (flow, DetailScreen)
        ]


async def test_ctrl_q_quits(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_no_color_keeps_status_words_and_marks_attention_by_weight(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = await make_app()
    assert app.no_color
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        assert table.customers[3].customer_number == "10000004"
        line = table.render_line(4)  # the header is line 0
        status = next(s for s in line if s.text.strip() == "Inactive")
        assert status.style is not None and status.style.bold
        assert status.style.color is None or status.style.color.name != "red"


async def test_the_app_starts_with_the_token_and_the_first_page_of_the_cli_check(
    live_sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The CLI's connection check hands over its token and its first page of customers: the
    first screen needs neither a sign-in nor a search; paging then goes on from page 2."""
    connection = Connection(
        name="live", platform="emporix", api_url=live_sandbox_url, tenant=TENANT,
        client_id="demo-agent", client_secret=DEMO_SECRET, label="LIVE",
    )  # fmt: skip
    checked = await check_connection(connection)
    assert checked.token is not None and checked.first_page is not None
    caplog.set_level(logging.DEBUG, logger="tui.emporix.http")
    caplog.clear()  # the check's own requests
    app = CustomerTuiApp(connection, checked=checked)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(
            pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.table.row_count > 0
        )
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert app.service.auth.token_requests == 0
        assert app.scopes is not None and "customer.customer_manage" in app.scopes
        assert not app.read_only
        first = [c.number for c in checked.first_page.items]
        assert [c.number for c in screen.table.customers] == first
        assert "60 of 300" in label(app, "#summary")
        assert not [r for r in caplog.records if r.getMessage().startswith("-> ")]

        screen.table.focus()
        await pilot.press("end")
        await settle(pilot, lambda: screen.table.row_count > 60)
        sent = [r.getMessage() for r in caplog.records if r.getMessage().startswith("-> ")]
        assert len(sent) == 1 and "pageNumber=2" in sent[0]
        assert len({c.number for c in screen.table.customers}) == screen.table.row_count

        # The page is used once: a search typed afterwards asks the server.
        await pilot.press("slash", *"smith", "enter")
        await settle(pilot, lambda: not screen.is_searching and screen.query_text == "smith")
        assert all("mith" in c.display_name for c in screen.table.customers[:3])


async def test_the_status_line_keeps_its_parts_in_place(make_app: AppFactory) -> None:
    """The busy sign has a fixed width, so the error after it never moves; both are cut to fit."""
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.screen.query_one(StatusLine)
        app.busy_text = "Reloading 10000001 and more"
        app.last_error = "x" * 200
        await pilot.pause()
        line = status.render().plain
        assert line.index("✖") == len(" SANDBOX  as demo-agent ") + 22
        assert line.endswith("…") and len(line) == 80
        app.busy_text = "Reloading 10000001"
        await pilot.pause()
        assert "⟳ Reloading 10000001…" in status.render().plain, "the number is never cut"
        app.busy_text = ""
        await pilot.pause()
        assert status.render().plain.index("✖") == line.index("✖")


async def test_palette_recent_entry_shows_the_email_after_it_changed(
    make_app: AppFactory,
) -> None:
    import stat

    from tests.ui.changes_support import flow_finished, open_detail, screen_is, type_into
    from tui.ui.screens.edit import EditScreen
    from tui.ui.screens.review import ReviewScreen

    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_detail(pilot, "10000006")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-contact_email", "priya.new@example.in")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await flow_finished(pilot)
        (entry,) = [i for i in app.recent.items() if i.number == "10000006"]
        assert entry.email == "priya.new@example.in"
        assert stat.S_IMODE(app.recent.path.stat().st_mode) == 0o600


async def test_no_color_marks_the_active_tab_and_the_cursor_row_with_text_styles(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import Tab

    monkeypatch.setenv("NO_COLOR", "1")
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        assert not table.has_focus
        blurred = table.get_component_rich_style("customer-table--cursor")
        assert blurred.underline or blurred.reverse, "an unfocused cursor row must still show"
        table.focus()
        await pilot.pause()
        assert table.get_component_rich_style("customer-table--cursor").reverse
        app.open_customer("10000001")
        await settle(pilot)
        (active,) = [tab for tab in app.screen.query(Tab) if tab.has_class("-active")]
        assert active.rich_style.reverse or active.rich_style.underline


async def test_palette_keys_opens_our_help_not_textuals_keys_panel(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        searching = app.screen
        await pilot.press("ctrl+p")
        await pilot.press(*"Keys")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.rows, "our help lists the search screen's keys"
        assert not searching.query("HelpPanel"), "Textual's generic keys panel opened"
        titles = [c.title for c in app.get_system_commands(searching)]
        assert titles.count("Keys") == 1 and "Quit" in titles and "Theme" in titles
