"""Every outcome of a Kibo change told in words and journalled: refused, cut off, dropped, unjournalled."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.changes_support import flow_finished, journal, screen_is, type_into, until
from tests.ui.record_support import (
    ALICE,
    PAUL,
    embedded_sandboxes,
    kibo_app,
    open_record,
    record_notices,
    stored_account,
    stored_user,
)
from tui.core.journal import FAILED, UNKNOWN, Journal
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.typed_confirm import TypedConfirmScreen


async def test_a_refusal_says_status_server_message_and_details(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        # 1008 has no sales rep, and Kibo approves no account without one.
        await open_record(pilot, "account", "1008")
        await pilot.press("a")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    refusal = next(s for s in said if "Could not approve" in s)
    assert refusal.startswith("Server said no (400): ")
    assert "assign a sales rep to it first" in refusal
    assert "salesReps: none assigned; assign a sales rep first" in refusal
    assert stored_account(tmp_path, 1008)["approvalStatus"] == "PendingApproval"
    entry = journal()[0]
    assert (entry.action, entry.outcome, entry.status) == ("approve", FAILED, 400)


async def test_a_dropped_connection_says_the_lock_may_have_been_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandboxes = embedded_sandboxes(monkeypatch)
    app = kibo_app(tmp_path)
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        # Only the PUT is dropped: the read before it has been made already.
        faults = sandboxes[-1].state.sandbox.faults
        original = app.backend.client.find_user  # type: ignore[attr-defined]

        async def then_drop(*args: object, **kwargs: object) -> object:
            user = await original(*args, **kwargs)
            faults.drop_rate = 1.0
            return user

        monkeypatch.setattr(app.backend.client, "find_user", then_drop)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await flow_finished(pilot)
        faults.off()
    told = " ".join(said)
    assert "The change may have been saved: reload before trying again." in told, said
    entry = journal()[0]
    assert (entry.action, entry.outcome) == ("lock", UNKNOWN)


async def test_a_change_cut_off_mid_request_is_journalled_as_maybe_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandboxes = embedded_sandboxes(monkeypatch)
    app = kibo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        sandboxes[-1].state.sandbox.faults.latency_ms = 400
        await pilot.press("enter")
        await until(pilot, lambda: app.busy_text.startswith("Lock"), "⟳ Lock…")
        # What quitting does: the change's worker is cancelled while its request is out.
        for worker in app.workers:
            if worker.group == "change":
                worker.cancel()
        await flow_finished(pilot)
        sandboxes[-1].state.sandbox.faults.latency_ms = 0
    entry = journal()[0]
    assert (entry.action, entry.outcome, entry.key) == ("lock", UNKNOWN, ALICE)
    assert "may have been saved" in (entry.message or "")


async def test_a_journal_that_cannot_be_written_is_told_loudly(tmp_path: Path) -> None:
    app = kibo_app(tmp_path)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    app.journal = Journal(blocked / "journal.jsonl")  # type: ignore[attr-defined]
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", ALICE)
        await pilot.press("h")
        await screen_is(pilot, ConfirmScreen)
        await pilot.press("enter")
        await flow_finished(pilot)
    assert any(s.startswith("Journal not written:") and "lock" in s for s in said), said
    assert stored_user(tmp_path, ALICE)["isLocked"] is True, "the change itself went through"
    assert any(s.startswith("Done:") for s in said)


async def test_a_removal_is_not_sent_when_the_journal_cannot_keep_the_users_copy(
    tmp_path: Path,
) -> None:
    app = kibo_app(tmp_path)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    app.journal = Journal(blocked / "journal.jsonl")  # type: ignore[attr-defined]
    said = record_notices(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_record(pilot, "user", PAUL)
        await pilot.press("d")
        await screen_is(pilot, TypedConfirmScreen)
        await type_into(pilot, "#typed", "paul.purchaser@northwind.example")
        await pilot.press("enter")
        await flow_finished(pilot)
    assert stored_user(tmp_path, PAUL)["isRemoved"] is False, "nothing without its copy"
    assert any(s.startswith("Journal not written:") and "remove" in s for s in said), said
    assert any(s.startswith("Not sent:") and "without a copy" in s for s in said), said
