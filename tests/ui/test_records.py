"""The record list on the sandbox's Kibo side: accounts, search, filters, sorts, paging, refusals, switching sides."""

from __future__ import annotations

import logging
import random
import string
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from tests.support.waiting import settle, until
from tests.ui.conftest import AppFactory
from tests.ui.monkey import NAMED_KEYS
from tui.config.connection import Connection
from tui.config.profiles import Profile, Settings
from tui.core.backend import Access
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.command_prompt import CommandPrompt
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.record_detail import RecordDetailScreen
from tui.ui.screens.records import PAGE_SIZE, RecordListScreen
from tui.ui.screens.search import SearchScreen
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.record_table import RecordTable
from tui.ui.widgets.search_box import SearchBox
from tui.ui.widgets.status_line import StatusLine

FIXED = {
    "1001": "Northwind Traders",
    "1002": "Northwind Traders West",
    "1003": "Northwind Traders Europe",
    "1004": "Contoso Pharmaceuticals",
    "1005": "Contoso Labs",
    "1006": "Fabrikam Tools",
    "1007": "Tailspin Toys",
    "1008": "Müller Maschinenbau GmbH",
}
"""README, "Kibo sandbox": the fixed demo accounts."""
TOTAL = 308


def kibo_app(tmp_path: Path, *, read_only: bool = False) -> CustomerTuiApp:
    connection = Connection.sandbox_default(
        platform="kibo", data_path=tmp_path / "sandbox.sqlite3", read_only=read_only
    )
    return CustomerTuiApp(connection)


async def on_accounts(pilot: Any) -> RecordListScreen:
    """The account list with its first page, the list focused (as after ↓)."""
    await until(pilot, lambda: isinstance(pilot.app.screen, RecordListScreen), "the list")
    screen = pilot.app.screen
    await until(
        pilot,
        lambda: bool(screen.query(RecordTable)) and screen.table.row_count > 0,
        "the first rows",
    )
    await until(pilot, lambda: not screen.is_searching, "the search to end")
    await settle(pilot)
    screen.table.focus()
    await pilot.pause()
    return screen


def ids(screen: RecordListScreen) -> list[str]:
    return [str(a.id) for a in screen.table.records]


def summary(screen: RecordListScreen) -> str:
    return str(screen.query_one("#summary").render())


async def search(pilot: Any, screen: RecordListScreen, text: str) -> None:
    await pilot.press("slash", *text)
    await settle(pilot, lambda: not screen.is_searching and screen.query_text == text)


async def test_a_kibo_connection_opens_on_the_accounts_with_the_fixed_demo_ones_first(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        assert screen.kind.name == "account"
        shown = {str(a.id): a.company_or_organization for a in screen.table.records[:8]}
        assert shown == FIXED
        assert screen.table.row_count == PAGE_SIZE
        assert f"{PAGE_SIZE} of {TOTAL} accounts, more below" in summary(screen)
        assert app.access is not None and app.access.can_change and not app.read_only


async def test_the_header_says_kibo_with_its_tenant_and_site_and_emporix_keeps_its_line(
    tmp_path: Path, make_app: AppFactory
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_accounts(pilot)
        line = app.screen.query_one(StatusLine)
        assert line.parts["where"] == "SANDBOX"
        assert line.parts["client"] == "Kibo · tenant 10000 · site 10001"
        assert "Kibo · tenant 10000 · site 10001" in str(line.render())
    app = kibo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_accounts(pilot)
        line = app.screen.query_one(StatusLine)
        assert line.parts["client"] == "Kibo · tenant 10000 · site 10001 · as kibo-agent"
    emporix = await make_app()
    async with emporix.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert emporix.screen.query_one(StatusLine).parts["client"] == "as demo-agent"


async def test_muller_finds_mueller_maschinenbau_with_its_accent(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        await search(pilot, screen, "muller")
        assert ids(screen) == ["1008"]
        assert screen.table.records[0].company_or_organization == "Müller Maschinenbau GmbH"
        await pilot.press("enter", "enter")  # to the list, then open the highlighted account
        await until(pilot, lambda: isinstance(app.screen, RecordDetailScreen), "the detail")
        detail = app.screen
        assert (detail.kind, detail.key) == ("account", "1008")
        assert detail.record is not None and detail.record.id == 1008


async def test_f2_lists_only_accounts_pending_approval_and_again_lists_all(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        await pilot.press("f2")
        await settle(pilot, lambda: not screen.is_searching)
        statuses = {a.approval_status for a in screen.table.records}
        assert statuses == {"PendingApproval"}
        assert {"1003", "1008"} <= set(ids(screen))
        assert "Filters: Pending approval" in summary(screen)
        assert screen._pager is not None and (screen._pager.total or 0) < TOTAL
        await pilot.press("f2")
        await settle(pilot, lambda: not screen.is_searching)
        assert "Filters: none" in summary(screen)
        assert f"of {TOTAL} accounts" in summary(screen)


async def test_s_sorts_on_the_server_and_capital_s_reverses_where_the_kind_allows(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        await pilot.press("S")  # best match has no direction
        await pilot.pause()
        assert any("Best match has no direction" in str(n.message) for n in app._notifications)
        await pilot.press("s")
        await settle(pilot, lambda: not screen.is_searching)
        assert "Sort: id ↑" in summary(screen)
        assert [int(i) for i in ids(screen)] == sorted(int(i) for i in ids(screen))
        await pilot.press("S")
        await settle(pilot, lambda: not screen.is_searching)
        assert "Sort: id ↓" in summary(screen)
        numbers = [int(i) for i in ids(screen)]
        assert numbers == sorted(numbers, reverse=True) and numbers[0] > 1008
        await pilot.press("s")  # company A→Z: offered in one direction only
        await settle(pilot, lambda: not screen.is_searching)
        names = [a.company_or_organization.casefold() for a in screen.table.records]
        assert names == sorted(names)
        await pilot.press("S")
        await pilot.pause()
        assert "Sort: company A→Z" in summary(screen)
        assert any("in this direction only" in str(n.message) for n in app._notifications)


async def test_the_next_page_is_read_as_the_cursor_nears_the_end_until_every_account(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        assert screen.table.row_count == PAGE_SIZE
        await pilot.press("G")
        await settle(pilot)
        assert screen.table.row_count > PAGE_SIZE
        while screen._pager is not None and not screen._pager.exhausted:
            await pilot.press("G")
            await settle(pilot)
        assert screen.table.row_count == TOTAL
        assert len(set(ids(screen))) == TOTAL
        assert f"{TOTAL} of {TOTAL} accounts ·" in summary(screen)
        await pilot.press("g")
        assert screen.table.cursor_row == 0
        await pilot.press("j", "j", "k")
        assert screen.table.cursor_row == 1


async def test_a_field_accounts_lack_is_refused_at_the_box_and_nothing_is_sent(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        caplog.set_level(logging.DEBUG, logger="tui.kibo.http")
        await pilot.press("slash")
        caplog.clear()
        # Pasted whole: typed key by key, "f", "fo" and "foo" would be searched on the way.
        screen.query_one(SearchBox).value = "foo:bar"
        await settle(pilot, lambda: bool(screen.problem))
        assert "'foo' is not a field Kibo B2B accounts can be filtered on" in screen.problem
        assert "use one such as companyOrOrganization" in screen.problem
        assert summary(screen).startswith("✖ Not searched: 'foo'")
        message = str(screen.query_one("#message").render())
        assert "Nothing was sent" in message
        assert screen.has_class("-message")
        assert not [r for r in caplog.records if r.getMessage().startswith("->")]
        await pilot.press("enter")  # Enter keeps the box, where the correction goes
        assert isinstance(app.focused, SearchBox)
        await pilot.press("ctrl+u", *"companyOrOrganization:Tailspin Toys")
        await settle(pilot, lambda: not screen.problem and not screen.is_searching)
        assert ids(screen) == ["1007"]


async def test_a_network_failure_says_nothing_was_changed(tmp_path: Path) -> None:
    unreachable = replace(
        Connection.sandbox_default(platform="kibo"),
        api_url="http://127.0.0.1:9/kibo/api",  # the discard port: nothing listens
        sandbox=False,
        name="offline",
    )
    app = CustomerTuiApp(unreachable)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RecordListScreen), "the list")
        screen = app.screen
        await settle(pilot, lambda: not screen.is_searching)
        message = str(screen.query_one("#message").render())
        assert message.startswith("Network error")
        assert "Could not search accounts" in message and "could not be reached" in message
        assert "Nothing was changed" in message


async def test_help_lists_the_kinds_filters_and_sorts_and_the_key_bar_fits_80(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        footer = screen.query_one(KeyFooter)
        assert footer.keys_shown[:4] == ["⏎", "F2–F3", "/", "s"]  # noqa: RUF001
        assert len(str(footer.render()).rstrip()) <= 80
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        rows = {(key, what) for key, what, _ in app.screen.rows}
        assert {("F2", "Pending approval"), ("F3", "Inactive")} <= rows
        assert not any(what == "Filter" for _, what in rows)  # keys the kind does not use
        sorts = next(note for key, _, note in app.screen.rows if key == "s / S")
        assert "id ↑" in sorts and "company A→Z" in sorts
        assert app.screen.help_title == "Account list"
        assert "company name or account id" in app.screen.intro


async def test_a_read_only_kibo_profile_says_so_and_credentials_that_only_read_too(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        assert app.read_only
        assert screen.query_one(StatusLine).parts["read-only"] == "READ-ONLY"
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_accounts(pilot)
        app.apply_access(Access(frozenset(), can_change=False, read_only_reason="no manage"))
        assert app.read_only and app.read_only_reason == "no manage"
        assert not app.can_leave_read_only
        app.action_toggle_read_only()
        assert app.read_only


async def test_the_palette_and_colon_commands_switch_the_sandbox_between_its_sides(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("ctrl+p", *"switch to the Kibo side")
        await settle(pilot)
        await pilot.press("enter")
        screen = await on_accounts(pilot)
        assert app.platform == "kibo" and app.connection.sandbox
        assert screen.kind.name == "account"
        assert app.screen.query_one(StatusLine).parts["client"].startswith("Kibo · tenant")
        await pilot.press("colon", *"kibo", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CommandPrompt)
        assert "already" in str(app.screen.query_one("#candidates").render())
        await pilot.press("escape")
        await pilot.press("colon", *"emporix", "enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the customer search")
        await settle(pilot)
        assert app.platform == "emporix"
        app.screen.query_one("#customers").focus()  # in the search box `:` is text
        await pilot.press("colon", *"kibo", "enter")
        await on_accounts(pilot)
        assert app.platform == "kibo"


async def test_colon_kibo_on_a_profile_that_is_not_the_sandbox_names_the_profile_to_choose(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    app.connection = replace(app.connection, name="staging", sandbox=False)
    kibo = Profile(
        platform="kibo",
        api_url="https://t1.example.invalid",
        tenant="1",
        site="2",
        client_id="c",
        client_secret=SecretStr("s"),
    )
    app.settings = Settings(profiles={"kibo-prod": kibo})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#customers").focus()
        await pilot.press("colon", *"kibo", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CommandPrompt)
        said = str(app.screen.query_one("#candidates").render())
        assert "Profile staging is not the embedded sandbox" in said
        assert "kibo-prod" in said and ":profile NAME" in said
        assert app.platform == "emporix"


async def test_the_palette_on_kibo_offers_no_customer_entries_and_opens_an_account_by_id(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_accounts(pilot)
        await pilot.press("ctrl+p", *"customer")
        await settle(pilot)
        shown = " ".join(str(o.prompt) for o in app.screen.query("OptionList").first().options)
        assert "Open customer" not in shown and "Recent" not in shown
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"1005")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordDetailScreen), "the detail")
        assert app.screen.key == "1005"
        await pilot.press("escape", "ctrl+o")
        await pilot.pause()
        assert any("Emporix's" in str(n.message) for n in app._notifications)


async def test_colon_sort_and_filter_use_the_kinds_own_orders_and_filters(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        await pilot.press("colon", *"sort id desc", "enter")
        await settle(pilot, lambda: not screen.is_searching)
        assert "Sort: id ↓" in summary(screen)
        await pilot.press("colon", *"filter inactive", "enter")
        await settle(pilot, lambda: not screen.is_searching)
        assert {a.is_active for a in screen.table.records} == {False}
        await pilot.press("colon", *"hold", "enter")
        await settle(pilot)
        assert "holds Emporix customers" in str(app.screen.query_one("#candidates").render())


def test_the_table_shows_only_columns_that_fit_and_masks_cells_in_mask_mode() -> None:
    from tui.core.kinds import Column
    from tui.kibo.kinds import ACCOUNT
    from tui.ui.widgets.record_table import cell_text, fitted

    narrow = [p.column.name for p in fitted(ACCOUNT.columns, 80)]
    assert "type" not in narrow and narrow[:2] == ["id", "name"]
    assert "type" in [p.column.name for p in fitted(ACCOUNT.columns, 120)]
    assert "type" in [p.column.name for p in fitted(ACCOUNT.columns, 80, wide=True)]
    grows = Column("email", "E-mail", 10, 0, lambda r: r, max_width=30)
    assert fitted([grows], 80)[0].width == 30

    class Masked:
        masked = True

    assert cell_text(Masked(), grows, "alice@example.com") != "alice@example.com"  # type: ignore[arg-type]
    assert cell_text(object(), grows, "alice@example.com") == "alice@example.com"  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [1])
async def test_random_keys_on_the_account_list_crash_nothing(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    keys = [*NAMED_KEYS, "colon", "S", "G", "g", "j", "k", "ctrl+w", "f8", "f9"]
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_accounts(pilot)
        for _ in range(200):
            if rng.random() < 0.5:
                await pilot.press(rng.choice(keys))
            else:
                await pilot.press(rng.choice(string.ascii_letters + string.digits + ":'"))
        await settle(pilot)
        assert app.is_running and app.crashed is None


async def test_a_remote_kibo_profile_names_its_host_label_tenant_and_site_once(
    tmp_path: Path,
) -> None:
    remote = replace(
        Connection.sandbox_default(platform="kibo"),
        api_url="http://127.0.0.1:9/kibo/api",
        sandbox=False,
        name="kibo-staging",
        label="STAGING",
    )
    app = CustomerTuiApp(remote)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RecordListScreen), "the list")
        await until(pilot, lambda: bool(app.screen.query(StatusLine)), "the status line")
        parts = app.screen.query_one(StatusLine).parts
        assert parts["where"] == "STAGING 127.0.0.1:9"
        assert parts["client"] == "Kibo · tenant 10000 · site 10001 · as kibo-agent"
        await settle(pilot)


async def test_a_changed_record_updates_its_row_and_one_gone_leaves_the_list(
    tmp_path: Path,
) -> None:
    from tui.ui.flows.messages import RecordChanged

    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_accounts(pilot)
        backend = app.backend
        account = await backend.get("account", "1003")
        approved = await backend.act("account", "approve", account)
        assert approved is not None and approved.approval_status != "PendingApproval"
        screen.post_message(RecordChanged("account", "1003", approved))
        await settle(pilot)
        row = screen.table.records[screen.table.index_of("1003") or 0]
        assert row.approval_status == approved.approval_status
        screen.post_message(RecordChanged("account", "1004", None))  # read it again
        await settle(pilot)
        assert "1004" in screen.table
        screen.table.records[0] = screen.table.records[0].model_copy(update={"id": 999999})
        screen.table._keys = {str(a.id): i for i, a in enumerate(screen.table.records)}
        screen.post_message(RecordChanged("account", "999999", None))  # no such account
        await settle(pilot)
        assert "999999" not in screen.table
        assert screen.table.row_count == PAGE_SIZE - 1


async def test_a_kind_that_lives_under_a_parent_lists_that_parents_records(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_accounts(pilot)
        await app.push_screen(RecordListScreen("user", parent="1001"))
        screen = await on_accounts(pilot)
        emails = {u.email_address for u in screen.table.records}
        assert {"alice.admin@northwind.example", "lars.locked@northwind.example"} <= emails
        assert "rita.removed@northwind.example" not in emails  # removed: not listed
        assert screen.HELP_TITLE == "User list of 1001"
        await pilot.press("f2")
        await settle(pilot, lambda: not screen.is_searching)
        assert [u.email_address for u in screen.table.records] == ["lars.locked@northwind.example"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RecordDetailScreen), "the user")
        assert (app.screen.kind, app.screen.key) == (
            "user",
            "1001/7b2dcc027097feabb6a13b8b0e2fff2d",
        )


def test_the_account_list_shows_sales_reps_at_80_and_company_takes_the_spare_room() -> None:
    from tui.kibo.kinds import ACCOUNT, sales_reps_cell
    from tui.kibo.models import B2BAccount
    from tui.ui.widgets.record_table import fitted

    narrow = {p.column.name: p.width for p in fitted(ACCOUNT.columns, 80)}
    assert list(narrow) == ["id", "name", "status", "active", "parent", "reps"]
    assert sum(w + 2 for w in narrow.values()) + 1 <= 80
    wide = {p.column.name: p.width for p in fitted(ACCOUNT.columns, 120)}
    assert wide["name"] > narrow["name"] and "type" in wide
    two = B2BAccount.model_validate(
        {"id": 7, "salesReps": [{"adminUserId": "41dd70454c4b8b26"}, {"adminUserId": "ab"}]}
    )
    assert sales_reps_cell(two) == "2 (41dd7045…)"
    assert sales_reps_cell(B2BAccount.model_validate({"id": 8, "salesReps": []})) == ""
