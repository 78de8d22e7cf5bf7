"""The record detail screen on the Kibo sandbox: an account's tabs, a user's, keys from the kind."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.content import Content
from textual.widgets import DataTable, OptionList, Static, TabbedContent

from tests.support.waiting import settle, until
from tests.ui.changes_support import screen_is
from tests.ui.record_support import ALICE, LARS, YUKI, kibo_app, offered, open_record
from tui.ui.flows.journal import journal_of
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.diagnosis import DiagnosisScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.record_detail import RecordDetailScreen
from tui.ui.screens.reveal import RevealScreen


def text_of(screen: RecordDetailScreen, selector: str) -> str:
    """What a Static shows, as plain text."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, Content):
        return content.plain
    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), color_system=None, record=True)
    console.print(content)
    return console.export_text()


def cells(screen: RecordDetailScreen, tab: str) -> list[list[str]]:
    table = screen.query_one(f"#{tab}-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_an_account_shows_its_status_users_hierarchy_and_sales_reps(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(pilot, "account", "1001")
        header = text_of(screen, "#header")
        assert "Northwind Traders (#1001)" in header and "Approval Approved" in header
        assert "its active buyers can sign in and order" in text_of(screen, "#profile-body")
        await pilot.press("2")
        await settle(pilot)
        users = cells(screen, "users")
        assert [row[0] for row in users] == [
            "Alice Admin",
            "Paul Purchaser",
            "Lars Locked",
            "Nina Nonpurchaser",
            "Ingrid Inactive",
            "Yuki Future",
        ], "the account's users, the removed one left out"
        await pilot.press("3")
        await settle(pilot)
        assert [row[0] for row in cells(screen, "hierarchy")] == ["1002", "1003"]
        assert "this is a root account" in text_of(screen, "#hierarchy-fields")
        await pilot.press("4")
        await settle(pilot)
        assert cells(screen, "reps")[0][0] == "41dd70454c4b8b263c4e9f1d89cdbf26"
        await pilot.press("6")
        await settle(pilot)
        assert '"companyOrOrganization": "Northwind Traders"' in text_of(screen, "#raw-body")
        keys = offered(pilot)
        # Approved: disable applies, approve, deny and enable do not, so they are not offered.
        assert keys["i"] == "Disable" and "a" not in keys and "x" not in keys


async def test_enter_on_a_user_opens_that_users_detail(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        account = await open_record(pilot, "account", "1001")
        await pilot.press("2")
        await settle(pilot)
        table = account.query_one("#users-table", DataTable)
        assert table.has_focus
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: app.screen is not account, "the user's detail")
        user = app.screen
        assert isinstance(user, RecordDetailScreen)
        assert (user.kind, user.key) == ("user", LARS)
        await until(pilot, lambda: user.record is not None, "the user to load")
        await settle(pilot)
        assert "Lars Locked" in text_of(user, "#header")
        assert "de-DE" in text_of(user, "#profile-body")
        # A locked user: h unlocks (lock does not apply); the account tab names its account.
        assert offered(pilot)["h"] == "Unlock"
        await pilot.press("3")
        await settle(pilot)
        assert cells(user, "account")[0][:2] == ["1001", "Northwind Traders"]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is account, "back on the account")


async def test_a_user_shows_profile_roles_and_unknown_fields(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_record(pilot, "user", YUKI)
        await pilot.press("2")
        await settle(pilot)
        assert [row[1] for row in cells(screen, "roles")] == ["Purchaser", "Nonpurchaser"]
        await pilot.press("4")
        await settle(pilot)
        assert '"federatedIdentity"' in text_of(screen, "#raw-body")
        keys = offered(pilot)
        assert keys["e"] == "Edit" and keys["h"] == "Lock" and keys["d"] == "Remove"
        assert keys["R"] == "Roles…"


async def test_mask_mode_hides_e_mails_on_every_tab(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    app.masked = True  # type: ignore[attr-defined]  # mask mode's switch (another branch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(pilot, "user", ALICE)
        for where in ("#header", "#profile-body"):
            shown = text_of(screen, where)
            assert "alice.admin@" not in shown and "a•••@northwind.example" in shown
        await pilot.press("4")
        await settle(pilot)
        assert "alice.admin@" not in text_of(screen, "#raw-body")
        app.masked = False  # type: ignore[attr-defined]
        await settle(pilot)
        assert "alice.admin@northwind.example" in text_of(screen, "#raw-body")
        assert "alice.admin@northwind.example" in text_of(screen, "#header")


async def test_help_lists_the_kinds_keys_in_words(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        rows = {(key, what) for key, what, _note in app.screen.rows}  # type: ignore[attr-defined]
        assert {("e", "Edit"), ("h", "Lock"), ("d", "Remove"), ("R", "Roles…")} <= rows
        assert {("r", "Reload"), ("u", "Undo"), ("2", "Roles")} <= rows


async def test_an_unknown_user_says_so_and_offers_no_change_keys(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(RecordDetailScreen("user", "1001/nobody"))
        await until(pilot, lambda: app.screen.has_class("-message"), "the refusal")
        assert "Not found" in text_of(app.screen, "#message")  # type: ignore[arg-type]
        assert "h" not in offered(pilot) and "e" not in offered(pilot)


async def test_w_on_a_user_answers_why_they_cannot_order(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        users = await app.backend.find("user", parent="1005").next_page()
        lara = next(u for u in users if u.email_address == "lara@contoso-labs.example")
        await open_record(pilot, "user", lara.key)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DiagnosisScreen), "the diagnosis")
        shown = app.screen.diagnosis  # type: ignore[attr-defined]
        assert "Lara Labs" in shown.subject
        failing = [rule.title for rule in shown.rules if rule.failed]
        assert failing == ["Parent accounts approved and enabled"]


async def test_w_on_an_account_leads_to_its_users(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(pilot, "account", "1001")
        await pilot.press("w")
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one(TabbedContent).active == "tab-users"


async def test_v_reveals_one_masked_field_of_a_user_until_the_agent_leaves_it(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    app.masked = True
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_record(pilot, "user", ALICE)
        await pilot.press("v")
        chooser = await screen_is(pilot, RevealScreen)
        paths = [path for path, _ in chooser.fields]
        assert {"emailAddress", "userName"} <= set(paths)
        chooser.query_one(OptionList).highlighted = paths.index("emailAddress")
        await pilot.press("enter")
        await until(pilot, lambda: screen.revealed == "emailAddress", "the reveal")
        await settle(pilot)
        profile = text_of(screen, "#profile-body")
        assert "alice.admin@northwind.example" in profile, "the revealed e-mail is shown whole"
        assert "alice.admin@" not in text_of(screen, "#header"), "the rest stays masked"
        entry = journal_of(app).recent(limit=1)[0]
        assert (entry.action, entry.target) == ("reveal", "emailAddress")
        assert "alice.admin@northwind" not in entry.to_json(), "never the value itself"
        # Opening another record is moving on: the field is masked again.
        app.open_record("user", LARS)
        await until(pilot, lambda: app.screen is not screen, "the other user")
        await settle(pilot)
        assert screen.revealed is None
        assert "alice.admin@" not in text_of(screen, "#profile-body")


async def test_w_on_a_locked_user_names_h_and_h_there_starts_the_unlock(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", LARS)
        await pilot.press("w")
        diagnosis = await screen_is(pilot, DiagnosisScreen)
        lines = diagnosis.diagnosis.lines(diagnosis.keys)
        assert any("`h` unlocks the user" in line for line in lines), lines
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert "Unlock" in confirm.confirm_label
