"""The change flows of Kibo users and accounts through the seam, on the embedded sandbox."""

from __future__ import annotations

import time
from pathlib import Path

from tests.support.waiting import settle, until
from tests.ui.changes_support import flow_finished, journal, screen_is, type_into
from tests.ui.record_support import (
    ALICE,
    PAUL,
    YUKI,
    colleague,
    kibo_app,
    kibo_connection,
    offered,
    open_record,
    record_notices,
    stored_account,
    stored_user,
)
from tui.core.journal import CANCELLED, CONFLICT, DONE, STARTED
from tui.core.session_policy import SessionPolicy
from tui.kibo.models import B2BUser
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.activity import ActivityScreen
from tui.ui.screens.choice import ChoiceScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.record_edit import RecordEditScreen
from tui.ui.screens.review import ReviewScreen
from tui.ui.screens.ticket import TicketScreen
from tui.ui.screens.typed_confirm import TypedConfirmScreen


async def test_an_edit_sends_only_the_changed_field_and_keeps_unknown_ones(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    app.ticket = "T-42"
    async with app.run_test(size=(80, 24)) as pilot:
        before = stored_user(tmp_path, YUKI)
        await open_record(pilot, "user", YUKI)
        await pilot.press("e")
        await screen_is(pilot, RecordEditScreen)
        await type_into(pilot, "#f-first_name", "Yukiko")
        await pilot.press("ctrl+s")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.wire, d.before, d.after) for d in review.diffs] == [
            ("firstName", "Yuki", "Yukiko")
        ]
        await pilot.press("enter")
        await flow_finished(pilot)
        after = stored_user(tmp_path, YUKI)
        assert after == {**before, "firstName": "Yukiko"}, "only the first name changed"
        assert after["federatedIdentity"] == {"provider": "okta", "subject": "00u1k2"}
        entry = journal()[0]
        assert (entry.action, entry.outcome, entry.platform, entry.kind, entry.key) == (
            "edit",
            DONE,
            "kibo",
            "user",
            YUKI,
        )
        assert entry.tenant == "10000" and entry.ticket == "T-42"
        assert {k: (c.before, c.after) for k, c in entry.changes.items()} == {
            "firstName": ("Yuki", "Yukiko")
        }
        assert "Yukiko" in str(app.screen.query_one("#header").content)  # type: ignore[attr-defined]


async def test_an_edit_after_a_colleagues_change_shows_the_conflict_and_overwrites_nothing(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", PAUL)
        await pilot.press("e")
        await screen_is(pilot, RecordEditScreen)
        # Behind the app's back, with the form open: another agent renames Paul.
        other = colleague(tmp_path)
        async with other:
            theirs = await other.find_user(1001, PAUL.split("/")[1])
            await other.update_user(1001, theirs, theirs.edited(last_name="Käufer"))
        await type_into(pilot, "#f-first_name", "Pablo")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("enter")
        conflict = await screen_is(pilot, ConflictScreen)
        assert [(r.label, r.was, r.server, r.yours) for r in conflict.rows] == [
            ("First name", "Paul", "Paul", "Pablo")
        ]
        assert conflict.others == ["Last name"]
        stored = stored_user(tmp_path, PAUL)
        assert (stored["firstName"], stored["lastName"]) == ("Paul", "Käufer"), "nothing of ours"
        await pilot.press("d")
        await flow_finished(pilot)
        assert stored_user(tmp_path, PAUL)["firstName"] == "Paul"
        outcomes = [e.outcome for e in journal() if e.key == PAUL]
        assert outcomes[:2] == [CANCELLED, CONFLICT]
        # The screen shows their version now, so the agent can redo the edit on it.
        assert "Käufer" in str(app.screen.query_one("#header").content)  # type: ignore[attr-defined]


async def test_a_conflict_can_be_redone_on_top_of_the_latest(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", PAUL)
        await pilot.press("e")
        await screen_is(pilot, RecordEditScreen)
        async with colleague(tmp_path) as other:
            theirs = await other.find_user(1001, PAUL.split("/")[1])
            await other.update_user(1001, theirs, theirs.edited(last_name="Käufer"))
        await type_into(pilot, "#f-first_name", "Pablo")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("enter")
        await screen_is(pilot, ConflictScreen)
        await pilot.press("r")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        stored = stored_user(tmp_path, PAUL)
        assert (stored["firstName"], stored["lastName"]) == ("Pablo", "Käufer"), "both kept"


async def test_h_locks_and_then_unlocks_each_confirmed(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        assert offered(pilot)["h"] == "Lock"
        await pilot.press("h")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert "cannot sign in until unlocked" in str(confirm.body)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, ALICE)["isLocked"] is True
        await settle(pilot, lambda: offered(pilot).get("h") == "Unlock")
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, ALICE)["isLocked"] is False
        lines = [(e.action, e.outcome) for e in journal() if e.key == ALICE]
        assert lines[:2] == [("unlock", DONE), ("lock", DONE)]
        assert journal()[1].changes["locked"].after == "yes"
        await pilot.press("A")
        activity = await screen_is(pilot, ActivityScreen)
        assert [(e.action, e.key) for e in activity.entries] == [("unlock", ALICE), ("lock", ALICE)]


async def test_cancelling_a_lock_changes_nothing(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("n")
        await flow_finished(pilot)
        assert stored_user(tmp_path, ALICE)["isLocked"] is False
        assert not [e for e in journal() if e.key == ALICE]


async def test_a_role_is_given_from_the_chooser_after_confirming(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", PAUL)
        await pilot.press("R")
        chooser = await screen_is(pilot, ChoiceScreen)
        assert [text for text, _ in chooser.options] == [
            "Give Admin (1)",
            "Give Nonpurchaser (3)",
            "Take away Purchaser (2)",
        ]
        await pilot.press("enter")  # the first: Give Admin
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        roles = [r["roleId"] for r in stored_user(tmp_path, PAUL)["roles"]]
        assert sorted(roles) == [1, 2]
        entry = journal()[0]
        assert (entry.action, entry.outcome, entry.target) == ("add_role", DONE, "role_id=1")
        assert entry.changes["roles"].after == "Purchaser, Admin"


async def test_removal_needs_the_user_name_typed_and_typed_ahead_keys_cannot_give_it(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", PAUL)
        name = "paul.purchaser@northwind.example"
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, TypedConfirmScreen), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, TypedConfirmScreen)
        # Typed in the dialog's first moment (a burst that started before it was read). The
        # guard is armed as the dialog appearing arms it, so a slow machine that took its
        # first half second to get here still types into that moment.
        dialog.type_ahead.arm(time.monotonic())
        await pilot.press(*name, "enter")
        await pilot.pause()
        assert not dialog.matches and app.screen is dialog
        assert stored_user(tmp_path, PAUL)["isRemoved"] is False
        await screen_is(pilot, TypedConfirmScreen)
        await type_into(pilot, "#typed", "paul")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog, "a part of the name does not confirm"
        await type_into(pilot, "#typed", name)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, PAUL)["isRemoved"] is True
        lines = [e for e in journal() if e.key == PAUL]
        assert [(e.action, e.outcome) for e in lines[:2]] == [("remove", DONE), ("remove", STARTED)]
        assert lines[1].snapshot is not None and lines[1].snapshot["emailAddress"] == name


async def test_in_mask_mode_a_removal_asks_for_the_name_and_never_shows_the_e_mail(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    app.masked = True
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", PAUL)
        await pilot.press("d")
        dialog = await screen_is(pilot, TypedConfirmScreen)
        assert dialog.expected == "Paul Purchaser"
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "paul.purchaser@" not in shown and "Paul Purchaser" in shown
        await type_into(pilot, "#typed", "Paul Purchaser")
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, PAUL)["isRemoved"] is True


async def test_an_account_is_approved_then_disabled_and_the_disable_undone(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "account", "1003")
        keys = offered(pilot)
        assert keys["a"] == "Approve" and keys["x"] == "Deny" and "i" not in keys
        await pilot.press("a")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_account(tmp_path, 1003)["approvalStatus"] == "Approved"
        await settle(pilot, lambda: offered(pilot).get("i") == "Disable")
        await pilot.press("i")
        confirm = await screen_is(pilot, ConfirmScreen)
        assert confirm.danger and "buyers are shut out" in str(confirm.body)
        await pilot.press("enter")
        await flow_finished(pilot)
        account = stored_account(tmp_path, 1003)
        assert (account["approvalStatus"], account["isActive"]) == ("Inactive", False)
        await pilot.press("u")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_account(tmp_path, 1003)["approvalStatus"] == "Approved"
        assert [(e.action, e.outcome) for e in journal()[:3]] == [
            ("undo", DONE),
            ("disable", DONE),
            ("approve", DONE),
        ]
        assert journal()[1].changes["status"].before == "Approved"


async def test_undo_puts_an_edit_back_and_refuses_over_a_colleagues_change(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("e")
        await screen_is(pilot, RecordEditScreen)
        await type_into(pilot, "#f-locale_code", "de-AT")
        await pilot.press("ctrl+s")
        await screen_is(pilot, ReviewScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, ALICE)["localeCode"] == "de-AT"
        await pilot.press("u")
        review = await screen_is(pilot, ReviewScreen)
        assert [(d.before, d.after) for d in review.diffs] == [("de-AT", "en-US")]
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, ALICE)["localeCode"] == "en-US"
        assert (journal()[0].action, journal()[0].outcome) == ("undo", DONE)


async def test_undo_meets_a_conflict_when_someone_changed_the_user_since(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        async with colleague(tmp_path) as other:
            theirs = await other.find_user(1001, ALICE.split("/")[1])
            await other.update_user(1001, theirs, theirs.edited(email_address="a@new.example"))
        await pilot.press("u")
        conflict = await screen_is(pilot, ConflictScreen)
        assert any(r.server == "a@new.example" for r in conflict.rows)
        await pilot.press("d")
        await flow_finished(pilot)
        stored = stored_user(tmp_path, ALICE)
        assert stored["isLocked"] is True and stored["emailAddress"] == "a@new.example"


async def test_a_form_error_names_the_field_and_how_to_fix_it(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("e")
        form = await screen_is(pilot, RecordEditScreen)
        await type_into(pilot, "#f-email_address", "alice-at-example")
        await type_into(pilot, "#f-user_name", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        problems = form.problems()
        assert app.screen is form
        assert problems == {
            "email_address": "Not an e-mail address: write it like name@example.com",
            "user_name": "User name is required: type the name the buyer signs in with.",
        }


async def test_read_only_refuses_every_change_with_the_reason(tmp_path: Path) -> None:
    app = kibo_app(tmp_path, read_only=True)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        for key in ("h", "e", "d", "R", "u"):
            await pilot.press(key)
            await flow_finished(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        notes = {key: note for key, _what, note in app.screen.rows}  # type: ignore[attr-defined]
        assert notes["h"].startswith("does nothing while read-only")
        refusals = [s for s in said if s.startswith("Read-only:")]
        assert len(refusals) == 5 and all("--read-only" in s for s in refusals)
        assert stored_user(tmp_path, ALICE)["isLocked"] is False
        assert isinstance(B2BUser.model_validate(stored_user(tmp_path, ALICE)), B2BUser)


async def test_a_lock_after_a_colleagues_change_shows_it_and_goes_on_only_when_asked(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        async with colleague(tmp_path) as other:
            theirs = await other.find_user(1001, ALICE.split("/")[1])
            await other.update_user(1001, theirs, theirs.edited(email_address="a@new.example"))
        await pilot.press("enter")
        conflict = await screen_is(pilot, ConflictScreen)
        assert [(r.label, r.server) for r in conflict.rows] == [("E-mail", "a@new.example")]
        assert stored_user(tmp_path, ALICE)["isLocked"] is False, "nothing sent yet"
        await pilot.press("r")
        await flow_finished(pilot)
        stored = stored_user(tmp_path, ALICE)
        assert stored["isLocked"] is True and stored["emailAddress"] == "a@new.example"
        assert [e.outcome for e in journal() if e.key == ALICE][:2] == [DONE, CONFLICT]


async def test_a_required_ticket_is_asked_for_before_a_kibo_change_and_none_changes_nothing(
    tmp_path: Path,
) -> None:
    app = CustomerTuiApp(kibo_connection(tmp_path), policy=SessionPolicy(require_ticket=True))
    async with app.run_test(size=(80, 24)) as pilot:
        said = record_notices(app)
        await open_record(pilot, "user", PAUL)
        await pilot.press("h")
        await screen_is(pilot, TicketScreen)
        await pilot.press("escape")
        await flow_finished(pilot)
        assert stored_user(tmp_path, PAUL)["isLocked"] is False
        assert any("need a ticket reference" in n for n in said)
        await pilot.press("h")
        await screen_is(pilot, TicketScreen)
        await type_into(pilot, "Input", "T-77")
        await pilot.press("enter")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
        assert stored_user(tmp_path, PAUL)["isLocked"] is True
        assert [e.ticket for e in journal() if e.key == PAUL][:1] == ["T-77"]
