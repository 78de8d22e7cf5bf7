"""The Kibo detail's copy keys (y: a field of the tab shown, Y: the whole record) and its data age."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from tests.support.waiting import settle
from tests.ui.changes_support import screen_is
from tests.ui.record_support import PAUL, kibo_app, open_record
from tests.ui.test_detail_copy_and_age import choose, notices
from tui.ui.screens.copy_field import CopyFieldScreen

SIZE = (80, 24)


async def test_y_copies_a_field_of_the_users_profile_tab(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_record(pilot, "user", PAUL)
        email = detail.record.email_address
        assert email
        await choose(pilot, "E-mail")
        assert app.clipboard == email
        assert f"Copied E-mail: {email}." in notices(app)


async def test_y_offers_the_fields_of_the_tab_shown_sales_reps_and_related_users(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_record(pilot, "account", "1001")
        reps = [r.admin_user_id for r in detail.record.sales_reps]
        assert reps
        await pilot.press("4")  # Sales reps
        await settle(pilot)
        await pilot.press("y")
        chooser = await screen_is(pilot, CopyFieldScreen)
        labels = [f.label for f in chooser.fields]
        assert "Company" not in labels  # the Account tab's field is not on this tab
        await pilot.press("escape")
        await settle(pilot)
        assert app.clipboard == ""  # Esc copies nothing
        first = "Sales rep (admin user id) 1" if len(reps) > 1 else "Sales rep (admin user id)"
        await choose(pilot, first)
        assert app.clipboard == reps[0]
        # The Users tab: the users read for it, by the user kind's columns.
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("y")
        chooser = await screen_is(pilot, CopyFieldScreen)
        emails = [f.value for f in chooser.fields if f.label.startswith("E-mail")]
        assert len(emails) == len(detail._related["users"]) > 1
        await pilot.press("escape")


async def test_shift_y_copies_the_whole_account_as_json_and_says_only_its_size(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_record(pilot, "account", "1001")
        await pilot.press("Y")
        await settle(pilot)
        copied = json.loads(app.clipboard)
        assert copied == detail.record.to_wire()
        assert copied["id"] == 1001 and copied["companyOrOrganization"] == "Northwind Traders"
        said = [n for n in notices(app) if n.startswith("Copied account 1001 as JSON")]
        assert said and "bytes" in said[0] and "Northwind" not in said[0]


async def test_copying_a_kibo_field_in_mask_mode_says_it_masked(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_record(pilot, "user", PAUL)
        email = detail.record.email_address
        app.masked = True  # type: ignore[attr-defined]
        await choose(pilot, "E-mail")
        assert app.clipboard == email
        assert [n for n in notices(app) if n.startswith("Copied E-mail:")]
        assert not [n for n in notices(app) if email in n]


async def test_the_kibo_header_says_how_old_the_data_is_and_warns_after_five_minutes(
    tmp_path: Path,
) -> None:
    now = [1000.0]
    app = kibo_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_record(pilot, "user", PAUL)

        def header() -> str:
            return str(detail.query_one("#header", Static).render())

        assert "loaded just now" in header()
        detail.age.clock = lambda: now[0]
        detail.age.loaded()
        now[0] += 3 * 60 + 5
        detail.show_age()
        assert "loaded 3 min ago" in header() and "stale" not in header()
        now[0] += 2 * 60
        app.tick_ages()  # the app's minute tick
        assert "loaded 5 min ago · may be stale: r reloads" in header()
        await pilot.press("r")
        await settle(pilot)
        assert "loaded just now" in header() and "stale" not in header()
