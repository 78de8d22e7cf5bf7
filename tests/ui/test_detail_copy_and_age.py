"""The detail screen's copy keys (y: a field of the tab, Y: the whole customer) and its data age."""

from __future__ import annotations

import json
from typing import Any

from textual.widgets import OptionList, Static

from tests.support.waiting import settle
from tests.ui.changes_support import open_detail, screen_is
from tests.ui.conftest import AppFactory
from tui.ui.screens.copy_field import CopyFieldScreen

SIZE = (80, 24)


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def choose(pilot: Any, label: str) -> None:
    """`y`, then the field called `label` in the chooser, then Enter."""
    await pilot.press("y")
    chooser = await screen_is(pilot, CopyFieldScreen)
    index = [f.label for f in chooser.fields].index(label)
    chooser.query_one(OptionList).highlighted = index
    await pilot.press("enter")
    await settle(pilot)


async def test_y_copies_the_chosen_field_of_the_profile_tab_and_says_what(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000003")
        await choose(pilot, "Contact e-mail")
        assert app.clipboard == "marie.dubois@example.fr"
        assert "Copied Contact e-mail: marie.dubois@example.fr." in notices(app)
        await choose(pilot, "Customer number")
        assert app.clipboard == "10000003"


async def test_y_offers_the_fields_of_the_tab_shown(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000002")
        await pilot.press("4")  # B2B
        await pilot.pause()
        await pilot.press("y")
        chooser = await screen_is(pilot, CopyFieldScreen)
        labels = [f.label for f in chooser.fields]
        assert labels[0] == "Company registration id"
        assert "Legal entity 1 id" in labels and "Contact e-mail" not in labels
        await pilot.press("escape")
        await settle(pilot)
        assert app.clipboard == ""  # Esc copies nothing
        await choose(pilot, "Company registration id")
        assert app.clipboard == "DE-HRB-123456"


async def test_shift_y_copies_the_whole_customer_as_json(
    make_app: AppFactory, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000005")
        await pilot.press("Y")
        await settle(pilot)
        copied = json.loads(app.clipboard)
        assert copied == detail.customer.to_wire()
        assert copied["mixins"] and copied["customerNumber"] == "10000005"
        said = [n for n in notices(app) if n.startswith("Copied customer 10000005 as JSON")]
        assert said and "bytes" in said[0] and "yuki" not in said[0].lower()


async def test_copying_in_mask_mode_says_the_value_masked(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000003")
        app.masked = True  # type: ignore[attr-defined]  # mask mode (another branch) sets this
        await choose(pilot, "Contact e-mail")
        assert app.clipboard == "marie.dubois@example.fr"
        assert not [n for n in notices(app) if "marie.dubois@example.fr" in n]


def header(detail: Any) -> str:
    return str(detail.query_one("#header", Static).render())


async def test_the_header_says_how_old_the_data_is_and_warns_after_five_minutes(
    make_app: AppFactory,
) -> None:
    now = [1000.0]
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        detail.age.clock = lambda: now[0]
        detail.age.loaded()
        detail.show_age()
        assert "loaded just now" in header(detail)
        now[0] += 3 * 60 + 5
        app.tick_ages()  # the app's minute tick
        assert "loaded 3 min ago" in header(detail) and "stale" not in header(detail)
        now[0] += 2 * 60
        app.tick_ages()  # the app's minute tick
        assert "loaded 5 min ago · may be stale: r reloads" in header(detail)
        await pilot.press("r")
        await settle(pilot)
        assert "loaded just now" in header(detail) and "stale" not in header(detail)
