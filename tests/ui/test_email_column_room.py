"""The e-mail column gets the room it needs first: its longest e-mail's width, other columns
shrinking or left out before any of them grows (Emporix's customer list, Kibo's user lists)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.support.waiting import settle
from tests.ui.conftest import AppFactory
from tests.ui.record_support import ALICE, kibo_app, open_record
from tui.kibo.kinds import USER
from tui.ui.widgets.customer_table import CustomerTable, fitted_columns, wide_columns
from tui.ui.widgets.record_table import fitted


def _widths(columns: Any) -> dict[str, int]:
    return {c.key: c.width for c in columns}


def test_at_80_columns_a_long_email_is_whole_and_the_model_column_makes_room() -> None:
    before = _widths(fitted_columns(80, 79))
    assert before["email"] == 23 and "model" in before, "without rows: as it always was"
    got = _widths(fitted_columns(80, 79, 31))
    assert got["email"] == 31
    assert "model" not in got, "left out for the e-mail (ctrl+w shows it)"
    assert {"number", "name", "status", "restriction"} <= set(got), "never the restriction"
    assert sum(w + 2 for w in got.values()) <= 79


def test_a_little_more_is_taken_from_the_name_before_a_column_is_left_out() -> None:
    got = _widths(fitted_columns(80, 79, 25))
    assert got["email"] == 25 and got["name"] == 13 and "model" in got


def test_short_emails_give_their_room_to_the_others_and_a_huge_one_is_capped() -> None:
    short = _widths(fitted_columns(80, 79, 18))
    assert short["email"] == 18 and short["status"] + short["name"] > 10 + 15
    huge = _widths(fitted_columns(80, 79, 500))
    assert huge["email"] < 40 and sum(w + 2 for w in huge.values()) <= 79
    assert _widths(fitted_columns(200, 199, 500))["email"] == 40


def test_at_120_columns_everything_fits_with_the_email_whole() -> None:
    got = _widths(fitted_columns(120, 119, 36))
    assert got["email"] == 36 and {"company", "model", "created"} <= set(got)
    assert _widths(wide_columns(79, 36))["email"] == 36


def test_a_kibo_user_list_gives_the_email_its_room_first_and_drops_roles_for_it() -> None:
    at80 = {p.column.name: p.width for p in fitted(USER.columns, 80, needs={"email": 35})}
    assert at80["email"] == 35
    at90 = {p.column.name: p.width for p in fitted(USER.columns, 92, needs={"email": 40})}
    assert at90["email"] == 40 and "roles" not in at90, "the optional column made room"
    plain = {p.column.name: p.width for p in fitted(USER.columns, 92)}
    assert "roles" in plain, "nothing is left out without an e-mail that needs it"


async def test_the_demo_list_at_80x24_shows_its_emails_whole(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(CustomerTable)
        screen = "\n".join(
            "".join(s.text for s in table.render_line(y)) for y in range(table.size.height)
        )
        for email in ("alessandro.bianchi13@esempio.it", "zofia.kowalczyk15@przyklad.pl"):
            assert email in screen
        longest = max(len(c.contact_email or "") for c in table.customers)
        assert _widths(table.columns())["email"] == min(longest, 79 - 9 - 12 - 10 - 5 - 10)


async def test_an_accounts_users_tab_at_80x24_shows_the_longest_email_whole(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)  # warm the sandbox
        detail = await open_record(pilot, "account", "1001")
        detail.action_tab("users")
        await settle(pilot)
        table = detail.query_one("#users-table")
        widths = {c.key.value: c.width for c in table.columns.values()}
        assert widths["email"] >= len("nina.nonpurchaser@northwind.example")
