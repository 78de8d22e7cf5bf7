"""The app under a session policy: the agent's name, a ticket, forced read-only, the lead's view."""

from __future__ import annotations

from typing import Any

from tests.ui.changes_support import flow_finished, journal, open_detail, screen_is, until
from tests.ui.conftest import sandbox_connection
from tui.core.journal import Journal, JournalEntry
from tui.core.session_policy import SessionPolicy, clean_ticket
from tui.ui.app import POLICY_READ_ONLY, CustomerTuiApp
from tui.ui.recent import recent_path
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.ticket import TicketScreen

SIZE = (80, 24)


async def _app(make_service: Any, policy: SessionPolicy) -> CustomerTuiApp:
    return CustomerTuiApp(sandbox_connection(), service=await make_service(), policy=policy)


async def test_a_served_agents_change_is_journalled_under_their_name_and_ticket(
    make_service: Any,
) -> None:
    app = await _app(make_service, SessionPolicy(agent="alice", ticket="T-1", served=True))
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    entry = journal()[0]
    assert (entry.user, entry.ticket, entry.action) == ("alice", "T-1", "hold")


async def test_set_ticket_from_the_palette_is_carried_by_the_next_change(make_service: Any) -> None:
    app = await _app(make_service, SessionPolicy())
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        app.action_set_ticket()
        dialog = await screen_is(pilot, TicketScreen)
        dialog.query_one("#ticket").value = "not a ticket!"
        await pilot.press("enter")
        assert isinstance(app.screen, TicketScreen)  # refused in words, still open
        dialog.query_one("#ticket").value = " INC-77 "
        await pilot.press("enter")
        await until(pilot, lambda: app.ticket == "INC-77", "the ticket")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    assert journal()[0].ticket == "INC-77"


async def test_a_read_only_policy_survives_the_palette_toggle(make_service: Any) -> None:
    app = await _app(make_service, SessionPolicy(agent="viewer", read_only=True))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.read_only
        app.action_toggle_read_only()
        app.set_read_only(False)
        assert app.read_only and "agents file" in app.read_only_reason


async def _activity(make_service: Any, policy: SessionPolicy) -> ActivityScreen:
    for user in ("alice", "bob"):
        Journal().append(
            JournalEntry(
                action="hold",
                customer_number="10000001",
                outcome="done",
                tenant="demo",
                api_host="sandbox.local",
                user=user,
            )
        )
    app = await _app(make_service, policy)
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("A")
        screen = await screen_is(pilot, ActivityScreen)
        return screen


async def test_the_team_lead_sees_every_agents_changes(make_service: Any) -> None:
    screen = await _activity(make_service, SessionPolicy(agent="lead", lead=True))
    assert sorted(e.user for e in screen.entries) == ["alice", "bob"]
    assert screen.everyone


async def test_an_agent_sees_only_their_own_changes(make_service: Any) -> None:
    screen = await _activity(make_service, SessionPolicy(agent="bob"))
    assert [e.user for e in screen.entries] == ["bob"]


def test_each_served_agent_has_their_own_recent_list() -> None:
    assert recent_path("alice") != recent_path("bob") != recent_path(None)
    assert recent_path("../../etc/x").parent == recent_path(None).parent


def test_a_ticket_reference_is_one_word() -> None:
    assert clean_ticket("  T-1234 ") == "T-1234"
    assert clean_ticket("") is None
    for bad in ("two words", "x" * 65, "T-1;rm"):
        try:
            clean_ticket(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} accepted")


async def test_a_served_read_only_agent_is_told_the_agents_file_is_why(make_service: Any) -> None:
    # A served session passes the policy on as the connection's read_only too (tui/serve/session.py).
    service = await make_service()
    app = CustomerTuiApp(
        sandbox_connection(read_only=True),
        service=service,
        policy=SessionPolicy(agent="viewer", read_only=True, served=True),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.read_only_reason == POLICY_READ_ONLY
        await open_detail(pilot, "10000001")
        await pilot.press("h")
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert any("agents file" in m for m in shown), shown
        assert not any("--read-only" in m for m in shown), shown
