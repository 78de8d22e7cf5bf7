"""Tickets and the case note through the Pilot: `c` copies what was done for the ticket (a hold, its
undo, a conflict), the dialogs show and set the ticket, a profile requires one, Activity filters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import Input, Label

from tests.ui.changes_support import flow_finished, journal, open_detail, screen_is, type_into
from tests.ui.conftest import sandbox_connection
from tui.config.errors import ConfigError
from tui.config.profiles import Profile, Settings, load_settings
from tui.core.journal import Journal, JournalEntry
from tui.core.session_policy import SessionPolicy
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.case_note import CaseNoteScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.edit import EditScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.ticket import TicketScreen
from tui.ui.widgets.ticket_line import TicketLine

SIZE = (80, 24)


async def _app(make_service: Any, policy: SessionPolicy | None = None, **kw: Any) -> CustomerTuiApp:
    return CustomerTuiApp(
        kw.pop("connection", sandbox_connection()),
        service=await make_service(),
        policy=policy or SessionPolicy(),
        **kw,
    )


def _earlier(
    ticket: str | None, user: str = "root", time: str = "2020-01-01T00:00:00.000Z"
) -> None:
    Journal().append(
        JournalEntry(
            action="hold",
            customer_number="10000005",
            outcome="done",
            tenant="demo",
            api_host="sandbox.local",
            user=user,
            time=time,
            ticket=ticket,
        )
    )


def notices(app: CustomerTuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_c_copies_the_tickets_note_with_a_hold_its_undo_and_a_conflict(
    make_service: Any,
) -> None:
    _earlier("T-1234", user="bob")  # a colleague's: not in my note
    _earlier("T-9")  # another ticket of mine: not in it either
    app = await _app(make_service, SessionPolicy(agent="root", ticket="T-1234"))
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        await pilot.press("u")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        await pilot.press("e")
        await screen_is(pilot, EditScreen)
        await type_into(pilot, "#f-first_name", "Johnny")
        colleague = await make_service()
        seen = await colleague.get_customer("10000001")
        await colleague.update_customer(seen, seen.edited(first_name="Jack"))
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("ctrl+s")
        await screen_is(pilot, ConflictScreen)
        await pilot.press("d")
        await flow_finished(pilot)
        await pilot.press("c")
        shown = await screen_is(pilot, CaseNoteScreen)
        note = app.clipboard
        assert shown.text == note
        assert "Case note for T-1234 copied: 4 changes." in notices(app)
    lines = note.splitlines()
    assert lines[0] == "Ticket T-1234: what was done"
    assert lines[1].endswith(", 4 changes by root on tenant demo")
    assert lines[3] == "Customer 10000001"
    changes = [line.split("  ", 1)[1] for line in lines[4:]]
    assert changes[0] == "Put on hold: onHold: false → true"
    assert changes[1] == "Undid the hold: onHold: true → false"
    assert changes[2].startswith(
        'Edited: firstName: "John" → "Johnny" — NOT saved: someone else had changed it '
        "meanwhile (conflict)"
    )
    assert changes[3].startswith('Edited: firstName: "John" → "Johnny" — not saved')
    assert len(changes) == 4
    assert "10000005" not in note


async def test_without_a_ticket_the_note_is_this_sessions_and_says_so(make_service: Any) -> None:
    _earlier(None)  # before this session
    app = await _app(make_service, SessionPolicy(agent="root"))
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000003")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        await pilot.press("c")
        await screen_is(pilot, CaseNoteScreen)
        assert "Case note copied (no ticket set): 1 change in this session." in notices(app)
    lines = app.clipboard.splitlines()
    assert lines[0] == "No ticket set: what was done in this session"
    assert lines[3:] and lines[3] == "Customer 10000003"
    assert lines[4].endswith("Released from hold: onHold: true → false")
    assert "10000005" not in app.clipboard


async def test_ctrl_t_in_a_dialog_sets_the_ticket_the_change_is_journalled_with(
    make_service: Any,
) -> None:
    app = await _app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        line = confirm.query_one(TicketLine)
        assert str(line.content) == "No ticket set · ctrl+t sets one"
        await pilot.press("ctrl+t")
        await screen_is(pilot, TicketScreen)
        await pilot.press(*"T-5", "enter")
        assert await screen_is(pilot, ConfirmScreen) is confirm
        assert str(line.content) == "Ticket T-5 · ctrl+t changes it"
        await pilot.press("enter")
        await flow_finished(pilot)
    assert (journal()[0].action, journal()[0].ticket) == ("hold", "T-5")


async def test_the_ticket_dialog_ignores_typed_ahead_keys(make_service: Any) -> None:
    app = await _app(make_service)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        app.action_set_ticket()
        await pilot.press(*"T-1", "enter")  # typed before the dialog could be read
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen) and app.ticket is None
        assert app.screen.query_one("#ticket", Input).value == ""


async def test_a_profile_that_requires_a_ticket_asks_before_the_change(make_service: Any) -> None:
    settings = Settings(profiles={"prod": Profile(require_ticket=True)})
    connection = replace(sandbox_connection(), name="prod")
    app = await _app(make_service, connection=connection, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        assert app.require_ticket
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        ask = await screen_is(pilot, TicketScreen)
        assert str(ask.query_one(".dialog-title", Label).content) == (
            "A ticket is required for changes"
        )
        await pilot.press("escape")
        await flow_finished(pilot)
        assert any("need a ticket reference" in n for n in notices(app))
        assert journal() == []
        await pilot.press("h")
        await screen_is(pilot, TicketScreen)
        await pilot.press(*"T-9", "enter")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert str(confirm.query_one(TicketLine).content) == "Ticket T-9 · ctrl+t changes it"
        await pilot.press("enter")
        await flow_finished(pilot)
    assert journal()[0].ticket == "T-9"


def test_require_ticket_is_read_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[profiles.prod]\ntenant = "acme"\nrequire_ticket = true\n')
    assert load_settings(path).profiles["prod"].require_ticket
    path.write_text('[profiles.prod]\ntenant = "acme"\nrequire_ticket = "yes"\n')
    try:
        load_settings(path)
    except ConfigError as exc:
        assert "line 3" in str(exc) and "require_ticket" in str(exc)
    else:
        raise AssertionError('require_ticket = "yes" accepted')


async def test_activity_filters_by_ticket_this_sessions_first(make_service: Any) -> None:
    for ticket, time in (("T-1", "01"), ("T-2", "02"), (None, "03"), ("T-2", "04")):
        _earlier(ticket, time=f"2026-11-{time}T00:00:00.000Z")
    app = await _app(make_service, SessionPolicy(agent="root", ticket="T-1"))
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("A")
        screen = await screen_is(pilot, ActivityScreen)

        def title() -> str:
            return str(screen.query_one("#title", Label).content)

        assert title().endswith("(demo @ sandbox.local): 4")
        seen = []
        for _ in range(4):
            await pilot.press("t")
            await pilot.pause()
            seen.append((title().split("local)")[1], [e.ticket for e in screen.shown]))
        assert seen == [
            (", ticket T-1 (this session's): 1", ["T-1"]),
            (", ticket T-2: 2", ["T-2", "T-2"]),
            (", without a ticket: 1", [None]),
            (": 4", ["T-2", None, "T-2", "T-1"]),
        ]
