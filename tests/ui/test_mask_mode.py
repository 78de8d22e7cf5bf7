"""Mask mode through the Pilot: every screen a shared screen shows hides John Smith's e-mail and
phone, the reveal key shows one field until the agent moves on, and the switches that turn it on."""

from __future__ import annotations

import html
import re
from typing import Any

from textual.widgets import OptionList

from tests.support.waiting import settle
from tests.ui.changes_support import (
    flow_finished,
    journal,
    keys_count,
    open_detail,
    screen_is,
    type_into,
    until,
)
from tests.ui.conftest import AppFactory
from tui.ui.app import CustomerTuiApp
from tui.ui.pager import view_file
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.addresses import AddressesScreen
from tui.ui.screens.assign import AssignScreen
from tui.ui.screens.case_note import CaseNoteScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.copy_field import CopyFieldScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.diagnosis import DiagnosisScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.reveal import RevealScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.search import SearchScreen

SIZE = (110, 40)
"""Wide and tall enough that every field of a tab is on screen, so none is searched unseen."""

# John Smith (10000001): what must never be on a masked screen, and what stands for it.
CLEAR = ("john.smith@", "smith@example", "212 555", "555 0101", "Main Street", "Park Avenue")
MASKED_EMAIL = "j•••@example.com"
MASKED_PHONE = "+1 ••• ••01"


def screen_text(app: CustomerTuiApp) -> str:
    """What the terminal shows now: the text of the exported screenshot, spaces as spaces."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def notices(app: CustomerTuiApp) -> list[str]:
    """The notifications up now (a toast is not in an exported screenshot, as other tests read)."""
    return [str(n.message) for n in app._notifications]


def assert_masked(app: CustomerTuiApp, where: str, *expected: str) -> str:
    text = screen_text(app)
    for clear in CLEAR:
        assert clear not in text, f"{where}: {clear!r} is on screen in mask mode"
    for masked in expected:
        assert masked in text, f"{where}: {masked!r} is missing"
    return text


async def test_every_screen_hides_the_customers_email_and_phone(
    make_app: AppFactory, make_service: Any
) -> None:
    app = await make_app()
    app.masked = True
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert_masked(app, "list", MASKED_EMAIL, "MASKED")
        detail = await open_detail(pilot, "10000001")
        for tab, shows in [
            ("profile", (MASKED_EMAIL, MASKED_PHONE)),
            ("addresses", (MASKED_PHONE, "M••• •••", "10••• New York")),
            ("accounts", (MASKED_EMAIL,)),
            ("b2b", ()),
            ("raw", (MASKED_EMAIL, MASKED_PHONE, '"zipCode": "10•••"')),
        ]:
            detail.action_tab(tab)
            await settle(pilot)
            assert_masked(app, f"detail tab {tab}", "MASKED", *shows)

        await pilot.press("Y")  # copy the whole customer: the notice names it, not its data
        await until(pilot, lambda: bool(notices(app)), "the copy notice")
        (notice,) = notices(app)
        assert notice.startswith("Copied customer 10000001 as JSON (")
        assert not any(c in notice for c in CLEAR)
        # The clipboard gets the data itself, which the screen does not show.
        assert '"contactEmail": "john.smith@example.com"' in app.clipboard
        app.clear_notifications()
        detail.action_tab("profile")
        await settle(pilot)
        await pilot.press("y")  # copy a field: the chooser shows the values masked
        await screen_is(pilot, CopyFieldScreen)
        assert_masked(app, "copy a field", MASKED_EMAIL, MASKED_PHONE)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("o")  # no terminal to hand over: the pager's text goes to a file
        await until(pilot, lambda: view_file("customer-10000001.json").exists(), "the pager file")
        paged = view_file("customer-10000001.json").read_text(encoding="utf-8")
        assert MASKED_EMAIL in paged and not any(c in paged for c in CLEAR)
        app.clear_notifications()

        # The edit form: contact fields masked until the cursor is in them; the review masked.
        await pilot.press("e")
        form = await screen_is(pilot, EditScreen)
        assert_masked(app, "edit form", MASKED_EMAIL, MASKED_PHONE)
        field = await type_into(pilot, "#f-contact_email", "john.smith@example.org")
        assert "john.smith@example.org" in screen_text(app), "the field being typed in is shown"
        await type_into(pilot, "#f-contact_phone", "+1 212 555 0199")
        form.query_one("#f-first_name").focus()
        await pilot.pause()
        assert field.value == "john.smith@example.org"  # the value itself is never masked
        assert_masked(app, "edit form, typed", "j•••@example.org", "+1 ••• ••99")
        colleague = await make_service("demo-agent")
        seen = await colleague.get_customer("10000001")
        await colleague.update_customer(seen, seen.edited(last_name="Smithers"))
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        assert_masked(app, "review", MASKED_EMAIL, "j•••@example.org", MASKED_PHONE)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ConflictScreen)
        assert_masked(app, "conflict", MASKED_EMAIL, "j•••@example.org")
        await pilot.press("d")
        await flow_finished(pilot)
        app.clear_notifications()

        await pilot.press("A")  # the journal: the conflict's values before → after
        await screen_is(pilot, ActivityScreen)
        assert_masked(app, "activity", MASKED_EMAIL, "j•••@example.org", MASKED_PHONE)
        await pilot.press("escape")
        await flow_finished(pilot)

        await pilot.press("c")  # the case note of the conflict: values masked as on screen
        note = await screen_is(pilot, CaseNoteScreen)
        assert_masked(app, "case note", MASKED_EMAIL, "j•••@example.org")
        assert not any(c in note.text for c in CLEAR)
        app.action_toggle_mask()  # off: the note is written again, whole
        await settle(pilot)
        assert "john.smith@example.com" in note.text
        app.action_toggle_mask()
        await settle(pilot)
        assert_masked(app, "case note, masked again", MASKED_EMAIL)
        app.clear_notifications()
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("w")
        await screen_is(pilot, DiagnosisScreen)
        assert_masked(app, "diagnosis", MASKED_EMAIL)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("d")
        await screen_is(pilot, DeleteScreen)
        assert_masked(app, "delete", f"the customer profile ({MASKED_EMAIL})")
        await pilot.press("escape")
        await flow_finished(pilot)

        await pilot.press("a")
        await screen_is(pilot, AssignScreen)
        assert_masked(app, "assign", f"Current logins: {MASKED_EMAIL}")
        await pilot.press("escape")
        await flow_finished(pilot)

        await pilot.press("m")
        await screen_is(pilot, AddressesScreen)
        assert_masked(app, "addresses", "John Smith, M••• •••, 10••• New York, US")
        await pilot.press("d")
        await screen_is(pilot, ConfirmScreen)
        assert_masked(app, "delete an address", "John Smith, M••• •••, 10••• New York, US")
        await pilot.press("escape")
        await screen_is(pilot, AddressesScreen)
        await pilot.press("escape")
        await flow_finished(pilot)

        await pilot.press("question_mark")
        help_screen = await screen_is(pilot, HelpScreen)
        assert_masked(app, "help")
        assert ("v", "Reveal a field") in {row[:2] for row in help_screen.rows}
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.has_class("--textual-command-palette"), "palette")
        await pilot.press(*"Recent")
        await settle(pilot)
        assert_masked(app, "palette, recent", "Recent: 10000001 John Smith", MASKED_EMAIL)
        await pilot.press(*" john.smith")
        await settle(pilot)
        assert "Recent: 10000001" not in screen_text(app), "found by the e-mail it hides"
        await pilot.press("escape")
        await settle(pilot)


async def test_a_diagnosis_naming_a_login_e_mail_masks_it_and_follows_the_switch(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    app.masked = True
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "19000002")  # signs in as bruno.old-address@example.org
        await pilot.press("w")
        await screen_is(pilot, DiagnosisScreen)
        await settle(pilot)
        text = screen_text(app)
        assert "Signs in as b•••@example.org" in text and "old-address" not in text
        app.action_toggle_mask()
        await settle(pilot)
        assert "bruno.old-address@example.org" in screen_text(app)
        app.action_toggle_mask()
        await settle(pilot)
        assert "old-address" not in screen_text(app)


async def test_switching_redraws_the_screens_below_at_once(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "john.smith@example.com" in screen_text(app)
        await open_detail(pilot, "10000001")
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await pilot.press("escape")  # nothing typed: the form closes
        await flow_finished(pilot)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: app.screen.has_class("--textual-command-palette"), "palette")
        await pilot.press(*"Mask mode: switch on")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: app.masked, "mask mode")
        await settle(pilot)
        assert_masked(app, "detail, switched on", MASKED_EMAIL, MASKED_PHONE, "MASKED")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert_masked(app, "the list under it", MASKED_EMAIL)
        app.action_toggle_mask()
        await settle(pilot)
        text = screen_text(app)
        assert "john.smith@example.com" in text and "MASKED" not in text


async def test_reveal_shows_one_field_until_the_agent_leaves_and_is_journalled(
    make_app: AppFactory,
) -> None:
    app = await make_app()
    app.masked = True
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        await pilot.press("v")
        chooser = await screen_is(pilot, RevealScreen)
        options = chooser.query_one(OptionList)
        paths = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert {"contactEmail", "contactPhone", "addresses.0.street", "accounts.0.id"} <= set(paths)
        assert_masked(app, "reveal chooser", MASKED_EMAIL, MASKED_PHONE)
        options.highlighted = paths.index("contactEmail")
        await pilot.press("enter")
        await until(pilot, lambda: detail.revealed == "contactEmail", "the reveal")
        await settle(pilot)
        text = screen_text(app)
        assert "john.smith@example.com" in text and MASKED_PHONE in text and "212 555" not in text

        entry = journal()[0]
        assert (entry.action, entry.customer_number, entry.target) == (
            "reveal",
            "10000001",
            "contactEmail",
        )
        assert entry.message == "revealed contactEmail of 10000001"
        assert "john.smith@example.com" not in entry.to_json()
        await pilot.press("A")
        await screen_is(pilot, ActivityScreen)
        assert "revealed contactEmail of 10000001" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is detail, "back from the activity")
        assert detail.revealed == "contactEmail"  # a look at the journal is not leaving

        # Another customer opened over it: back on 10000001, the e-mail is masked again.
        app.open_customer("10000002")
        await until(pilot, lambda: app.screen is not detail and detail.revealed is None, "undone")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is detail, "back on 10000001")
        await settle(pilot)
        assert_masked(app, "after another customer", MASKED_EMAIL)

        await pilot.press("v")
        chooser = await screen_is(pilot, RevealScreen)
        options = chooser.query_one(OptionList)
        options.highlighted = 0
        await pilot.press("enter")
        await until(pilot, lambda: detail.revealed is not None, "the second reveal")
        await pilot.press("escape")  # leaving the customer
        await settle(pilot)
        again = await open_detail(pilot, "10000001")
        assert again.revealed is None
        assert_masked(app, "opened again", MASKED_EMAIL, MASKED_PHONE)


async def test_reveal_is_not_offered_without_mask_mode(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000001")
        assert detail.check_action("reveal", ()) is False
        await pilot.press("v")
        await settle(pilot)
        assert app.screen is detail and not [e for e in journal() if e.action == "reveal"]


async def test_command_mode_switches_mask_mode(make_app: AppFactory) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#customers").focus()
        for line, masked in [("mask", True), ("mask on", True), ("mask off", False)]:
            await pilot.press("colon", *line, "enter")
            await settle(pilot)
            assert app.masked is masked, line
        await pilot.press("colon", *"mask maybe", "enter")
        await settle(pilot)
        assert "Mask takes on, off or nothing" in screen_text(app)
        await keys_count(pilot)


async def test_a_profile_with_mask_true_starts_masked(
    make_service: Any, isolated_dirs: Any
) -> None:
    from dataclasses import replace

    from tests.ui.conftest import sandbox_connection
    from tui.config.profiles import load_settings

    config = isolated_dirs / "config.toml"
    config.write_text('[profiles.shared]\ntenant = "demo"\nmask = true\n', encoding="utf-8")
    settings = load_settings(config)
    connection = replace(sandbox_connection(), name="shared")
    app = CustomerTuiApp(connection, service=await make_service(), settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.masked
        assert_masked(app, "profile mask = true", MASKED_EMAIL, "MASKED")
    other = CustomerTuiApp(sandbox_connection(), service=await make_service(), settings=settings)
    assert not other.masked  # only the profile that says so


def test_profile_mask_must_be_true_or_false(isolated_dirs: Any) -> None:
    import pytest

    from tui.config.errors import ConfigError
    from tui.config.profiles import load_settings

    config = isolated_dirs / "config.toml"
    config.write_text('[profiles.shared]\nmask = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="mask"):
        load_settings(config)


async def test_masked_badge_reads_without_colour_beside_the_others_at_80_columns(
    make_service: Any, monkeypatch: Any
) -> None:
    from tests.ui.conftest import sandbox_connection
    from tui.ui.widgets.status_line import StatusLine

    monkeypatch.setenv("NO_COLOR", "1")
    connection = sandbox_connection("demo-de", read_only=True)
    app = CustomerTuiApp(connection, service=await make_service("demo-de"), masked=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        app.busy_text = "Reloading 10000002"
        await pilot.pause()
        line = screen_text(app).split("SANDBOX", 1)[1].splitlines()[0]
        assert "as demo-de · sees only de" in line
        assert "READ-ONLY" in line and "MASKED" in line and "⟳ Reloading" in line
        assert app.screen.query_one(StatusLine).parts["masked"] == "MASKED"
        app.masked = False
        await pilot.pause()
        assert "MASKED" not in screen_text(app)
