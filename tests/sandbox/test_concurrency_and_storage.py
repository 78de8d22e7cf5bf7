"""Concurrent writers, and a data file whose edits survive a restart."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import httpx
import pytest

from tui.sandbox import SandboxConfig, Store, create_app
from tui.sandbox.demo import generated_stop
from tui.sandbox.errors import ApiError

from .conftest import BASE


async def test_two_writers_with_same_version_exactly_one_wins(agent: httpx.AsyncClient) -> None:
    version = (await agent.get(f"{BASE}/10000001")).json()["metadata"]["version"]
    results = await asyncio.gather(
        agent.patch(f"{BASE}/10000001", json={"firstName": "A", "metadata": {"version": version}}),
        agent.patch(f"{BASE}/10000001", json={"firstName": "B", "metadata": {"version": version}}),
    )
    assert sorted(r.status_code for r in results) == [200, 409]
    winner = "A" if results[0].status_code == 200 else "B"
    after = (await agent.get(f"{BASE}/10000001")).json()
    assert after["firstName"] == winner and after["metadata"]["version"] == version + 1


def _race(stores: list[Store], number: str, version: int, writers: int) -> list[str]:
    outcomes: list[str] = []
    barrier = threading.Barrier(writers)
    lock = threading.Lock()

    def write(i: int) -> None:
        store = stores[i % len(stores)]
        barrier.wait()
        try:
            store.update(number, lambda d: {**d, "firstName": f"W{i}"}, expected_version=version)
            result = "ok"
        except ApiError as err:
            result = str(err.status)
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_threads_racing_on_one_store_produce_one_winner() -> None:
    app = create_app(SandboxConfig(customers=10))
    store: Store = app.state.sandbox.store
    version = store.get("10000001")["metadata"]["version"]  # type: ignore[index]
    outcomes = _race([store], "10000001", version, 8)
    assert sorted(outcomes) == ["409"] * 7 + ["ok"]
    assert store.get("10000001")["metadata"]["version"] == version + 1  # type: ignore[index]


def test_two_servers_on_one_file_never_both_win(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    create_app(SandboxConfig(customers=10, db_path=path)).state.sandbox.store.close()
    stores = [Store(path, "demo"), Store(path, "demo")]
    version = stores[0].get("10000002")["metadata"]["version"]  # type: ignore[index]
    outcomes = _race(stores, "10000002", version, 6)
    assert sorted(outcomes) == ["409"] * 5 + ["ok"]
    doc = stores[1].get("10000002")
    assert doc is not None and doc["metadata"]["version"] == version + 1
    assert doc["lastName"] == "Schmidt"


def test_edits_survive_a_restart_and_reset_reseeds(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.sqlite3"
    first = create_app(SandboxConfig(customers=40, db_path=path)).state.sandbox.store
    first.patch("10000001", {"lastName": "Persisted"})
    first.delete("10000006")
    first.close()

    again = create_app(SandboxConfig(customers=40, db_path=path)).state.sandbox.store
    assert again.get("10000001")["lastName"] == "Persisted"  # type: ignore[index]
    assert again.get("10000006") is None and again.is_deleted("10000006")
    again.close()

    fresh = create_app(SandboxConfig(customers=40, db_path=path, reset=True)).state.sandbox.store
    assert fresh.get("10000001")["lastName"] == "Smith"  # type: ignore[index]
    assert fresh.get("10000006") is not None and fresh.count() == 40
    fresh.close()


def test_default_data_file_lives_in_the_user_data_dir(isolated_dirs: Path) -> None:
    from tui.sandbox.config import default_db_path

    assert str(default_db_path()).startswith(str(isolated_dirs))
    assert default_db_path().name == "sandbox.sqlite3"


def test_new_numbers_continue_after_the_highest_and_skip_deleted() -> None:
    store: Store = create_app(SandboxConfig(customers=10)).state.sandbox.store
    doc = {
        "contactEmail": "n@example.com",
        "accounts": [{"id": "n@example.com"}],
        "metadata": {"version": 1},
    }
    # A tenant of 10 is all fixed customers (they count towards its size): 10000001-10000006,
    # then those of 19000001 up, which new numbers do not continue from.
    first = store.create(dict(doc))
    assert first == str(generated_stop(10)) == "10000007"
    store.delete(first)
    second = store.create(
        {**doc, "contactEmail": "m@example.com", "accounts": [{"id": "m@example.com"}]}
    )
    assert second == "10000008"


def test_change_that_fails_leaves_nothing_half_written() -> None:
    store: Store = create_app(SandboxConfig(customers=10)).state.sandbox.store
    before = store.get("10000001")

    def broken(doc: dict) -> dict:  # type: ignore[type-arg]
        doc["lastName"] = "Half"
        raise ApiError(400, "validation_failure", "stop")

    with pytest.raises(ApiError):
        store.update("10000001", broken)
    assert store.get("10000001") == before


def test_parallel_seeding_gives_the_same_data_as_sequential(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.sandbox import seeding

    def everything(store: Store) -> list[dict]:  # type: ignore[type-arg]
        return [store.get(str(n)) for n in range(10000001, 10000001 + 120)]  # type: ignore[misc]

    sequential = Store(None, "demo")
    seeding.seed(sequential, 7, 120)
    monkeypatch.setattr(seeding, "PARALLEL_FROM", 50)
    monkeypatch.setattr(seeding, "CHUNK", 40)
    pools: list[object] = []

    class CountingPool(seeding.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(self)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(seeding, "ProcessPoolExecutor", CountingPool)
    parallel = Store(None, "demo")
    seeding.seed(parallel, 7, 120)
    assert len(pools) == 1
    assert parallel.count() == sequential.count() == 120
    assert everything(parallel) == everything(sequential)


async def test_requests_are_answered_while_a_change_waits_for_the_write_lock(
    agent: httpx.AsyncClient, app: object
) -> None:
    """Store work runs off the event loop: an in-process sandbox never freezes the UI's loop."""
    store: Store = app.state.sandbox.store  # type: ignore[attr-defined]
    holding, release = threading.Event(), threading.Event()

    def hold_write_lock() -> None:
        with store.transaction():
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold_write_lock)
    holder.start()
    try:
        await asyncio.to_thread(holding.wait, 30)
        version = (await agent.get(f"{BASE}/10000001")).json()["metadata"]["version"]
        change = asyncio.create_task(
            agent.patch(
                f"{BASE}/10000001", json={"firstName": "Later", "metadata": {"version": version}}
            )
        )
        # Both of these need the event loop while the PATCH is stuck behind the lock.
        found = await agent.post(f"{BASE}/search", json={"q": "lastName:Smith"})
        assert found.status_code == 200 and found.json()
        assert (await agent.get(f"{BASE}/10000002")).status_code == 200
        assert not change.done()
    finally:
        release.set()
        await asyncio.to_thread(holder.join, 30)
    assert (await change).status_code == 200
    assert (await agent.get(f"{BASE}/10000001")).json()["firstName"] == "Later"


def test_a_store_without_a_path_leaves_no_file_behind() -> None:
    store = Store(None, "demo")
    store.create({"firstName": "Scratch", "contactEmail": "scratch@example.com"}, None)
    scratch = store._file.parent
    assert scratch.is_dir()
    store.close()
    assert not scratch.exists()
