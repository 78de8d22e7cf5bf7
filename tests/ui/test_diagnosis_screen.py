"""`w` through the Pilot: the checklist for demo customers in words, its fix keys, the palette, and
the same screen for a Kibo user on the embedded sandbox's Kibo side."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.widgets import Label, Static

from tests.support.waiting import settle
from tests.ui.changes_support import flow_finished, journal, open_detail, screen_is, until
from tui.config.connection import Connection
from tui.core.diagnosis import Diagnosis, Fix, Rule, Verdict
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.diagnosis import DiagnosisScreen, checklist
from tui.ui.screens.search import SearchScreen
from tui.ui.why import open_diagnosis

SIZE = (80, 24)
LARA = "lara@contoso-labs.example"


def checklist_lines(screen: DiagnosisScreen) -> list[str]:
    """The checklist as the agent reads it (no colour), one string per line on screen."""
    table = screen.query_one("#rules Static", Static).content
    console = Console(width=76, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(table)
    return console.export_text().splitlines()


def rows(screen: DiagnosisScreen) -> list[str]:
    """One entry per rule: its wrapped lines joined, blanks collapsed."""
    out: list[str] = []
    for line in checklist_lines(screen):
        if line[:7].strip():
            out.append(line.strip())
        elif out:
            out[-1] += " " + line.strip()
    return [" ".join(r.split()) for r in out]


def headline(screen: DiagnosisScreen) -> str:
    return str(screen.query_one("#headline", Label).content)


async def _why(pilot: Any) -> DiagnosisScreen:
    await pilot.press("w")
    screen = await screen_is(pilot, DiagnosisScreen)
    return screen


async def test_w_on_the_detail_lists_every_check_in_words_failures_first(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "19000003")
        screen = await _why(pilot)
        assert str(screen.query_one(".title", Label).content) == (
            "Why: Customer 19000003 Lina Linkedin"
        )
        assert headline(screen) == "Cannot order: 1 problem · 14 of 15 pass"
        lines = rows(screen)
        assert len(lines) == 15
        assert lines[0] == (
            "FAIL Social login: lina.linkedin@example.org signs in with linkedin, not offered "
            "(offered: apple, facebook, google-oauth2) — `a` assigns a login by e-mail "
            "(a password)"
        )
        assert all(line.startswith("PASS ") for line in lines[1:]), lines
        assert "PASS Active: The profile is active" in lines
        assert "PASS Login account: Signs in as lina.linkedin@example.org" in lines
        assert "PASS Preferred currency: EUR, offered by site 'de'" in lines
        assert "a: close and fix (asks first)" in str(screen.query_one(".hint", Static).content)
        await pilot.press("escape")
        await screen_is(pilot, DetailScreen)


async def test_w_on_the_list_checks_the_highlighted_customer_and_h_releases_through_its_question(
    make_app: Any,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.scopes is not None, "sign-in")
        search = await screen_is(pilot, SearchScreen)
        await until(pilot, lambda: search.table.row_count > 3, "the list")
        search.table.focus()
        await pilot.press("j", "j")
        assert search.highlighted_customer.customer_number == "10000003"
        screen = await _why(pilot)
        assert screen.diagnosis.subject == "Customer 10000003 Marie Dubois"
        assert rows(screen)[0] == (
            "FAIL Not on hold: On hold (since when is not recorded): the customer cannot order "
            "— `h` releases"
        )
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert "Release Marie Dubois (#10000003) from hold?" in confirm.title_text
        await pilot.press("n")
        await flow_finished(pilot)
        assert isinstance(app.screen, SearchScreen)
    assert journal() == [], "the fix key only opened the question; nothing was sent"


async def test_a_hold_made_here_says_since_when(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        screen = await _why(pilot)
        today = f"{datetime.now(UTC):%Y-%m-%d}"
        assert rows(screen)[0] == (
            f"FAIL Not on hold: On hold since {today}: the customer cannot order — `h` releases"
        )
        assert headline(screen) == "Cannot order: 1 problem · 14 of 15 pass"


async def test_a_key_the_screen_below_does_not_offer_is_advice_in_words(make_app: Any) -> None:
    # demo-viewer is read-only: its change keys still run (to say why not), so here is one
    # the detail screen has no binding for at all: Kibo's "enable".
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        rule = Rule(
            "kibo.account-enabled",
            "Account enabled",
            Verdict.FAIL,
            "Account 1004 is disabled",
            Fix("enables it", "enable", otherwise="enable account 1004"),
        )
        app.push_screen(DiagnosisScreen(Diagnosis.of("kibo", "User Carl", [rule]), {"hold": "h"}))
        screen = await screen_is(pilot, DiagnosisScreen)
        assert rows(screen) == [
            "FAIL Account enabled: Account 1004 is disabled — enable account 1004"
        ]
        assert screen.fix_keys == {}
        await pilot.press("h")  # not a fix here: nothing happens
        await pilot.pause()
        assert app.screen is screen


def test_no_color_keeps_the_words_and_drops_the_colour() -> None:
    rule = Rule("emporix.active", "Active", Verdict.FAIL, "Inactive")
    table = checklist(Diagnosis.of("emporix", "x", [rule]), {}, no_color=True)
    console = Console(width=60, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(table)
    assert console.export_text().split() == ["FAIL", "Active:", "Inactive"]
    cell = table.columns[0]._cells[0]
    assert "red" not in str(cell.style) and "bold" in str(cell.style)


async def test_the_palette_offers_why_on_the_detail_screen(make_app: Any) -> None:
    from tui.ui.commands import CustomerCommands

    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "19000001")
        provider = CustomerCommands(detail)
        titles = {title: callback for title, callback, _ in provider._commands()}
        assert "Copy case note" in titles
        titles["Why can't this customer sign in or order?"]()
        screen = await screen_is(pilot, DiagnosisScreen)
        assert rows(screen)[0].startswith("FAIL Login account: No login account")


def kibo_app(tmp_path: Path) -> CustomerTuiApp:
    return CustomerTuiApp(
        Connection.sandbox_default(platform="kibo", data_path=tmp_path / "sandbox.sqlite3")
    )


async def kibo_user(app: CustomerTuiApp, account: str, email: str) -> Any:
    pager = app.backend.find("user", parent=account)
    users = [u async for u in pager]
    return next(u for u in users if u.email_address == email)


async def test_a_kibo_users_diagnosis_names_the_parent_account_it_inherits_from(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lara = await kibo_user(app, "1005", LARA)
        open_diagnosis(app, "user", lara)
        screen = await screen_is(pilot, DiagnosisScreen)
        assert screen.diagnosis.subject == "User Lara Labs of account 1005"
        assert headline(screen) == "Cannot order: 1 problem · 1 unknown · 7 of 9 pass"
        lines = rows(screen)
        assert lines[0] == (
            "FAIL Parent accounts approved and enabled: Parent account 1004 Contoso "
            "Pharmaceuticals is Inactive: its child accounts inherit it — enable account 1004"
        )
        assert lines[1].startswith("UNKNOWN Two-factor sign-in: Two-factor sign-in never")
        assert "PASS Account approved: Account 1005 Contoso Labs is Approved" in lines
        assert "PASS Purchasing role: Holds Admin, Purchaser" in lines


async def test_a_kibo_account_has_no_diagnosis_and_says_so(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        account = await app.backend.get("account", "1005")
        open_diagnosis(app, "account", account)
        await until(pilot, lambda: "diagnoses users" in app.last_error, "the refusal in words")
        assert not isinstance(app.screen, DiagnosisScreen)
