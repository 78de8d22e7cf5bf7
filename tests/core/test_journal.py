"""The change journal: one JSON line per change, secrets redacted, newest first, safe to share."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

from tui.core.journal import (
    DONE,
    FAILED,
    REDACTED,
    FieldChange,
    Journal,
    JournalEntry,
    changes_from,
    journal_path,
    os_user,
)


def _entry(n: int, **kw: object) -> JournalEntry:
    base: dict[str, object] = {
        "action": "edit",
        "customer_number": str(10000000 + n),
        "outcome": DONE,
        "tenant": "demo",
        "api_host": "sandbox.local",
    }
    base.update(kw)
    return JournalEntry(**base)  # type: ignore[arg-type]


def test_journal_lives_in_the_user_state_directory(isolated_dirs: Path) -> None:
    path = journal_path()
    assert path.name == "journal.jsonl"
    assert str(path).startswith(str(isolated_dirs / "xdg_state_home"))


def test_append_writes_one_json_line_with_every_field(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j" / "journal.jsonl")
    journal.append(
        _entry(
            1,
            changes={"firstName": FieldChange("John", "Jon")},
            status=200,
            reason="ticket 42",
            client_id="demo-agent",
        )
    )
    lines = journal.path.read_text().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert data["action"] == "edit"
    assert data["customer_number"] == "10000001"
    assert data["tenant"] == "demo" and data["api_host"] == "sandbox.local"
    assert data["user"] == os_user()
    assert data["changes"] == {"firstName": {"before": "John", "after": "Jon"}}
    assert data["outcome"] == "done" and data["status"] == 200
    assert data["reason"] == "ticket 42"
    assert data["time"].endswith("Z") and "T" in data["time"]


def test_journal_file_is_private_to_the_user(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(_entry(1))
    assert journal.path.stat().st_mode & 0o077 == 0


def test_recent_is_newest_first_and_limited(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    for n in range(10):
        journal.append(_entry(n))
    recent = journal.recent(limit=3)
    assert [e.customer_number for e in recent] == ["10000009", "10000008", "10000007"]


def test_recent_reads_across_chunk_boundaries(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    big = {"blob": "x" * 50_000}
    for n in range(6):
        journal.append(_entry(n, action="delete", snapshot=big))
    recent = journal.recent()
    assert [e.customer_number for e in recent] == [str(10000005 - i) for i in range(6)]
    assert all(e.snapshot == big for e in recent)


def test_recent_filters_by_user_and_tenant(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(_entry(1, user="alice"))
    journal.append(_entry(2, user="bob"))
    journal.append(_entry(3, user="alice", tenant="other"))
    assert [e.customer_number for e in journal.recent(user="alice")] == ["10000003", "10000001"]
    assert [e.customer_number for e in journal.recent(user="alice", tenant="demo")] == ["10000001"]


def test_damaged_lines_are_skipped_not_fatal(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(_entry(1))
    with journal.path.open("a") as f:
        f.write('{"action": "edit", "custo\n[1, 2]\n')
    journal.append(_entry(2))
    assert [e.customer_number for e in journal.recent()] == ["10000002", "10000001"]


def test_missing_journal_reads_as_empty(tmp_path: Path) -> None:
    assert Journal(tmp_path / "nope.jsonl").recent() == []


def test_secrets_are_redacted_wherever_they_hide(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(
        _entry(
            1,
            action="create",
            outcome=FAILED,
            snapshot={
                "password": "hunter2",
                "nested": [{"client_secret": "demo-secret", "ok": "kept"}],
                "Authorization": "Bearer abc.def",
            },
            changes={"note": FieldChange(None, "Bearer eyJhbGciOi")},
        )
    )
    text = journal.path.read_text()
    for secret in ("hunter2", "demo-secret", "abc.def", "eyJhbGciOi"):
        assert secret not in text
    entry = journal.recent()[0]
    assert entry.snapshot is not None
    assert entry.snapshot["password"] == REDACTED
    assert entry.snapshot["nested"][0] == {"client_secret": REDACTED, "ok": "kept"}
    assert entry.changes["note"].after == REDACTED


def test_changes_from_pairs_patch_keys_with_their_old_values() -> None:
    before = {"firstName": "John", "lastName": "Smith", "onHold": False}
    changes = changes_from(before, {"onHold": True, "company": "ACME"})
    assert changes == {
        "onHold": FieldChange(False, True),
        "company": FieldChange(None, "ACME"),
    }


def test_fields_summary_reads_as_words() -> None:
    entry = _entry(1, changes={"onHold": FieldChange(False, True), "company": FieldChange("", "X")})
    assert entry.fields_summary == "onHold: false -> true; company: (empty) -> X"


def _append_many(path: str, worker: int, count: int) -> None:
    journal = Journal(Path(path))
    for i in range(count):
        journal.append(_entry(i, client_id=f"w{worker}", snapshot={"pad": "y" * (500 + worker)}))


def test_concurrent_appends_from_processes_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_many, args=(str(path), w, 100)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        assert p.exitcode == 0
    lines = path.read_text().splitlines()
    assert len(lines) == 400
    parsed = [json.loads(line) for line in lines]  # raises if two writes got mixed
    assert sorted(p["client_id"] for p in parsed).count("w3") == 100


def _append_big_from_threads(path: str, worker: int) -> None:
    import threading

    journal = Journal(Path(path))

    def write(thread: int) -> None:
        for i in range(25):
            tag = f"p{worker}t{thread}"
            # 256 KiB: far beyond what one write() of a pipe or a page is atomic for.
            journal.append(_entry(i, user=tag, target=str(i), snapshot={"pad": tag * 40000}))

    threads = [threading.Thread(target=write, args=(t,)) for t in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_many_sessions_writing_large_entries_at_once_lose_or_mix_nothing(tmp_path: Path) -> None:
    """A served team: one process per agent, several writers in each, entries of any size."""
    path = tmp_path / "journal.jsonl"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_big_from_threads, args=(str(path), w)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    parsed = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert len(parsed) == 4 * 3 * 25
    for entry in parsed:
        assert entry["snapshot"]["pad"] == entry["user"] * 40000  # whole, not another's bytes
    seen = {(e["user"], e["target"]) for e in parsed}
    assert seen == {(f"p{w}t{t}", str(i)) for w in range(4) for t in range(3) for i in range(25)}


def test_a_ticket_and_an_agent_name_survive_the_round_trip(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(_entry(1, user="alice", ticket="T-1234"))
    entry = journal.recent()[0]
    assert (entry.user, entry.ticket) == ("alice", "T-1234")
    assert journal.recent(user="bob") == []


def test_a_new_journal_is_0600_in_directories_created_0700(tmp_path: Path) -> None:
    """The merged writer (locked O_APPEND) still goes through the private-file rules."""
    path = tmp_path / "state" / "customer-tui" / "journal.jsonl"
    old_umask = os.umask(0o022)  # the usual one: without our modes, 0644 files in 0755 dirs
    try:
        Journal(path).append(_entry(1))
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for directory in (path.parent, path.parent.parent):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
