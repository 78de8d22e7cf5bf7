"""Delete (typed number, journal first), create (taken e-mail) and assign account, via the Pilot."""

from __future__ import annotations

from typing import Any

from textual.widgets import Button, Static

from tests.ui.changes_support import (
    flow_finished,
    journal,
    keys_count,
    open_detail,
    screen_is,
    stored,
    type_into,
    until,
)
from tui.ui.screens.assign import AssignScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.create import CreateScreen
from tui.ui.screens.delete import DeleteScreen
from tui.ui.screens.detail import DetailScreen
from tui.ui.screens.search import SearchScreen

SIZE = (80, 24)


async def test_delete_needs_the_typed_number_and_journals_the_snapshot_first(
    make_app: Any, sandbox_app: Any
) -> None:
    snapshot_before = stored(sandbox_app, "10000001")
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000001")
        await pilot.press("d")
        dialog = await screen_is(pilot, DeleteScreen)
        what = str(dialog.query_one("#what", Static).render())
        assert "1 login account" in what and "2 addresses" in what
        assert "cannot be used again" in what
        delete = dialog.query_one("#delete", Button)

        await type_into(pilot, "#typed", "1000000", keys=True)
        assert delete.disabled
        await pilot.press("enter")
        assert app.screen is dialog, "a partial number must not delete"
        await type_into(pilot, "#typed", "10000002", keys=True)
        assert delete.disabled
        await pilot.press("enter")
        assert app.screen is dialog, "another customer's number must not delete"
        assert sandbox_app.state.sandbox.store.get("10000001") is not None

        await type_into(pilot, "#typed", "10000001", keys=True)
        assert not delete.disabled
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "back to the list")
        await flow_finished(pilot)
        await until(pilot, lambda: "10000001" not in app.screen.table, "the row to go")
    assert sandbox_app.state.sandbox.store.get("10000001") is None
    done, started = journal()[:2]
    assert (started.action, started.outcome) == ("delete", "started")
    assert started.snapshot is not None
    assert started.snapshot["contactEmail"] == snapshot_before["contactEmail"]
    assert len(started.snapshot["addresses"]) == 2
    assert (done.outcome, done.status) == ("done", 202)


async def test_delete_cancelled_keeps_the_customer(make_app: Any, sandbox_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000006")
        await pilot.press("d")
        await screen_is(pilot, DeleteScreen)
        await pilot.press("escape")
        await flow_finished(pilot)
        assert isinstance(app.screen, DetailScreen)
    assert sandbox_app.state.sandbox.store.get("10000006") is not None
    assert journal() == []


async def test_create_sends_the_form_and_opens_the_new_customer(
    make_app: Any, sandbox_app: Any
) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        search.table.focus()
        await pilot.press("n")
        form = await screen_is(pilot, CreateScreen)
        assert form.values()["send_password_reset"] is True, "on by default, as in the API"
        await type_into(pilot, "#f-id", "bad id!", keys=True)
        assert "1 to 66" in str(form.query_one("#err-id", Static).render())
        await type_into(pilot, "#f-id", "ticket-4711")
        await type_into(pilot, "#f-contact_email", "new.person@example.org")
        await type_into(pilot, "#f-first_name", "New")
        await type_into(pilot, "#f-last_name", "Person")
        await type_into(pilot, "#f-preferred_currency", "CHF")
        await pilot.press("ctrl+s")
        detail = await screen_is(pilot, DetailScreen)
        await flow_finished(pilot)
        assert detail.number == "ticket-4711"
    doc = stored(sandbox_app, "ticket-4711")
    assert (doc["contactEmail"], doc["firstName"], doc["preferredCurrency"]) == (
        "new.person@example.org",
        "New",
        "CHF",
    )
    entry = journal()[0]
    assert (entry.action, entry.customer_number, entry.outcome) == (
        "create",
        "ticket-4711",
        "done",
    )


async def test_create_with_a_taken_email_says_who_has_it_and_opens_them(make_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        search = await screen_is(pilot, SearchScreen)
        search.table.focus()
        await pilot.press("n")
        await screen_is(pilot, CreateScreen)
        await type_into(pilot, "#f-contact_email", "john.smith@example.com")
        await pilot.press("ctrl+s")
        taken = await screen_is(pilot, ConfirmScreen)
        assert "John Smith (#10000001)" in str(taken.body)
        await pilot.press("n")
        form = await screen_is(pilot, CreateScreen)
        assert form.values()["contact_email"] == "john.smith@example.com", "typing kept"
        assert "John Smith" in str(form.query_one("#err-contact_email", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the same refused e-mail is not sent again"
        await type_into(pilot, "#f-contact_email", "John.Smith@Example.com")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        detail = await screen_is(pilot, DetailScreen)
        await flow_finished(pilot)
        assert detail.number == "10000001"
    assert [e.outcome for e in journal()] == ["conflict", "conflict"]


async def test_assign_account_adds_a_login(make_app: Any, sandbox_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await open_detail(pilot, "10000006")
        await pilot.press("a")
        await screen_is(pilot, AssignScreen)
        await type_into(pilot, "#f-email", "priya.login@example.com")
        await pilot.press("enter")
        await flow_finished(pilot)
        await until(
            pilot,
            lambda: (
                detail.customer is not None
                and "priya.login@example.com" in [a.id for a in detail.customer.accounts or []]
            ),
            "the new login on the detail screen",
        )
    accounts = [a["id"] for a in stored(sandbox_app, "10000006")["accounts"]]
    assert "priya.login@example.com" in accounts
    assert journal()[0].action == "assign-account"


async def test_assign_a_taken_login_says_who_has_it(make_app: Any, sandbox_app: Any) -> None:
    app = await make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000006")
        await pilot.press("a")
        await screen_is(pilot, AssignScreen)
        await type_into(pilot, "#f-email", "john.smith@example.com")
        await pilot.press("enter")
        await until(
            pilot,
            lambda: isinstance(app.screen, AssignScreen) and bool(app.screen.server_errors),
            "the form to say who has the login",
        )
        message = str(app.screen.query_one("#err-email", Static).render())
        assert "John Smith (#10000001)" in message
        await keys_count(pilot)
        await pilot.press("escape")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    accounts = [a["id"] for a in stored(sandbox_app, "10000006").get("accounts", [])]
    assert "john.smith@example.com" not in accounts
    assert journal()[0].outcome == "conflict"


async def test_delete_is_refused_when_the_journal_cannot_take_the_snapshot(
    make_app: Any, sandbox_app: Any, tmp_path: Any
) -> None:
    from tui.core.journal import Journal

    app = await make_app()
    app.journal = Journal(tmp_path)  # a directory: every append fails with an OSError
    async with app.run_test(size=SIZE) as pilot:
        await open_detail(pilot, "10000006")
        await pilot.press("d")
        await screen_is(pilot, DeleteScreen)
        await type_into(pilot, "#typed", "10000006")
        await pilot.press("enter")
        await flow_finished(pilot)
        assert isinstance(app.screen, DetailScreen)
    assert sandbox_app.state.sandbox.store.get("10000006") is not None
