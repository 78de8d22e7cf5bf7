"""The case note: a sequence of journalled changes (a conflict and an undo among them) as the text
an agent pastes into the ticket, oldest first, per record, without secrets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tui.core.casenote import case_note, note_lines
from tui.core.journal import FieldChange, Journal

COMMON: dict[str, Any] = {
    "tenant": "demo",
    "api_host": "sandbox.local",
    "user": "alice",
    "client_id": "demo-agent",
}


def _write_session(journal: Journal) -> None:
    """One session of an agent, as the change flows journal it."""
    record = journal.record
    record(
        action="release",
        customer_number="10000003",
        outcome="done",
        status=200,
        time="2026-11-02T09:30:00.000Z",
        changes={"onHold": FieldChange(True, False)},
        reason="customer paid",
        **COMMON,
    )
    record(
        action="edit",
        customer_number="10000003",
        outcome="conflict",
        status=409,
        time="2026-11-02T09:31:10.000Z",
        changes={"lastName": FieldChange("Dubois", "Dupont")},
        message="Customer 10000003 was changed by someone else (version 3, you had 2).",
        **COMMON,
    )
    record(
        action="edit",
        customer_number="10000003",
        outcome="done",
        status=200,
        time="2026-11-02T09:31:40.000Z",
        changes={
            "lastName": FieldChange("Dubois", "Dupont"),
            "contactPhone": FieldChange(None, "+33 1 23 45 67 89"),
        },
        **COMMON,
    )
    record(
        action="undo",
        customer_number="10000003",
        outcome="done",
        status=200,
        time="2026-11-02T09:32:05.000Z",
        changes={"lastName": FieldChange("Dupont", "Dubois")},
        reason="undo of edit",
        **COMMON,
    )
    record(
        action="delete",
        customer_number="10000042",
        outcome="started",
        time="2026-11-02T09:40:00.000Z",
        snapshot={"contactEmail": "gone@example.com", "password": "hunter2"},
        reason="duplicate of 10000003",
        **COMMON,
    )
    record(
        action="delete",
        customer_number="10000042",
        outcome="done",
        status=202,
        time="2026-11-02T09:40:01.000Z",
        reason="duplicate of 10000003",
        **COMMON,
    )
    record(
        action="address-edit",
        customer_number="10000003",
        outcome="unknown",
        time="2026-11-02T09:45:00.000Z",
        target="a0000003aa",
        changes={"street": FieldChange("Rue de la Paix", "Rue de Rivoli")},
        message="The connection broke after the request was sent.",
        **COMMON,
    )


EXPECTED = """\
What was done
2026-11-02 09:30 UTC to 2026-11-02 09:45 UTC, 6 changes by alice on tenant demo

Customer 10000003
- 2026-11-02 09:30 UTC  Released from hold: onHold: true → false (reason: customer paid)
- 2026-11-02 09:31 UTC  Edited: lastName: "Dubois" → "Dupont" — NOT saved: someone else had \
changed it meanwhile (conflict): Customer 10000003 was changed by someone else (version 3, you had 2).
- 2026-11-02 09:31 UTC  Edited: lastName: "Dubois" → "Dupont"; contactPhone: (empty) → "+33 1 23 45 67 89"
- 2026-11-02 09:32 UTC  Undid the edit: lastName: "Dupont" → "Dubois"
- 2026-11-02 09:45 UTC  Edited an address (a0000003aa): street: "Rue de la Paix" → \
"Rue de Rivoli" — may or may not have been saved (the connection broke after sending); check it: \
The connection broke after the request was sent.

Customer 10000042
- 2026-11-02 09:40 UTC  Deleted (reason: duplicate of 10000003)"""


def test_a_session_with_a_conflict_and_an_undo_reads_as_the_note(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    _write_session(journal)
    # The journal reads newest first; the note tells it oldest first.
    note = case_note(journal.recent())
    assert note == EXPECTED
    assert note == case_note(reversed(journal.recent())), "the same note whatever the order"


def test_the_note_holds_no_secret_and_no_snapshot(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    _write_session(journal)
    entries = [json.loads(line) for line in journal.path.read_text().splitlines()]
    entries.append({**entries[0], "changes": {"password": {"before": None, "after": "s3cret!"}},
                    "action": "edit", "time": "2026-11-02T09:50:00.000Z"})  # fmt: skip
    note = case_note(entries)
    assert "hunter2" not in note and "s3cret!" not in note and "gone@example.com" not in note
    assert "password: [redacted] → [redacted]" in note
    entries[-1]["changes"] = {"note": {"before": None, "after": "Bearer eyJhbGciOi"}}
    assert "eyJhbGciOi" not in case_note(entries)


def test_filtered_by_ticket_when_entries_carry_one() -> None:
    base = {**COMMON, "outcome": "done", "customer_number": "10000001"}
    entries = [
        {**base, "action": "hold", "ticket": "T-1234", "agent": "bob",
         "time": "2026-11-03T10:00:00Z", "changes": {"onHold": {"before": False, "after": True}}},
        {**base, "action": "activate", "ticket": "T-9999", "time": "2026-11-03T10:05:00Z",
         "changes": {"active": {"before": False, "after": True}}},
        {**base, "action": "hold", "time": "2026-11-03T10:06:00Z",
         "changes": {"onHold": {"before": True, "after": False}}},
    ]  # fmt: skip
    note = case_note(entries, ticket="T-1234")
    assert note.splitlines() == [
        "Ticket T-1234: what was done",
        "2026-11-03 10:00 UTC, 1 change by bob on tenant demo",
        "",
        "Customer 10000001",
        "- 2026-11-03 10:00 UTC  Put on hold: onHold: false → true",
    ]
    assert case_note(entries, ticket="T-0000") == (
        "Ticket T-0000: what was done\nNothing was changed for ticket T-0000."
    )
    assert len(note_lines(entries)) == 3


def test_masked_note_hides_contact_data_but_keeps_the_record(tmp_path: Path) -> None:
    entries = [
        {**COMMON, "action": "edit", "customer_number": "10000001", "outcome": "done",
         "time": "2026-11-04T08:00:00Z",
         "changes": {"contactEmail": {"before": "john.smith@example.com", "after": "js@example.org"},
                     "contactPhone": {"before": "+1 212 555 0101", "after": None},
                     "firstName": {"before": "John", "after": "Jon"}},
         "reason": "asked by john.smith@example.com"},
        {**COMMON, "action": "address-add", "customer_number": "10000001", "outcome": "failed",
         "time": "2026-11-04T08:01:00Z",
         "changes": {"address": {"before": None,
                                 "after": {"street": "Main Street", "zipCode": "10001",
                                           "city": "New York"}}},
         "message": "400: zipCode is invalid"},
    ]  # fmt: skip
    note = case_note(entries, masked=True)
    for secret in ("john.smith@", "js@", "555 0101", "Main Street", "10001"):
        assert secret not in note
    assert 'contactEmail: "j•••@example.com" → "j•••@example.org"' in note
    assert 'contactPhone: "+1 ••• ••01" → (empty)' in note
    assert 'firstName: "John" → "Jon"' in note and "New York" in note
    assert "(reason: asked by j•••@example.com)" in note
    assert "— FAILED: 400: zipCode is invalid" in note


def test_kibo_entries_name_the_user_and_the_account() -> None:
    entries = [
        {"action": "unlock", "kind": "user", "key": "7b2dcc02", "outcome": "done",
         "time": "2026-11-05T12:00:00Z", "user": "carol",
         "changes": {"isLocked": {"before": True, "after": False}}},
        {"action": "enable", "account_id": 1004, "outcome": "done", "time": "2026-11-05T12:01:00Z",
         "user": "carol", "changes": {"approvalStatus": {"before": "Inactive", "after": "Approved"}}},
        {"action": "role-add", "user_id": "b992cc9a", "account_id": 1001, "outcome": "done",
         "time": "2026-11-05T12:02:00Z", "user": "carol", "changes": {"roles": {"before": [3], "after": [2, 3]}}},
    ]  # fmt: skip
    assert case_note(entries).splitlines()[3:] == [
        "User 7b2dcc02",
        "- 2026-11-05 12:00 UTC  Unlocked: isLocked: true → false",
        "",
        "Account 1004",
        '- 2026-11-05 12:01 UTC  Enabled the account: approvalStatus: "Inactive" → "Approved"',
        "",
        "User b992cc9a of account 1001",
        "- 2026-11-05 12:02 UTC  Added a role: roles: [3] → [2, 3]",
    ]


def test_a_reveal_reads_as_words_without_a_value() -> None:
    entry = {
        "action": "reveal",
        "customer_number": "10000001",
        "outcome": "done",
        "target": "contactEmail",
        "message": "revealed contactEmail of 10000001",
        "time": "2026-12-01T10:00:00Z",
    }
    note = case_note([entry], masked=True)
    assert "Revealed a masked field (contactEmail)" in note
    assert "@" not in note
