"""The full collection waits for a pause in the agent's work, and is never put off for ever."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tui.ui import collector
from tui.ui.collector import FULL_AFTER, IDLE_SECONDS, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def young_collections(count: int) -> None:
    for _ in range(count):
        gc.collect(1)


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """Each full collection during the test; automatic ones are off, so only ours count."""
    seen: list[int] = []
    enabled = gc.isenabled()
    gc.disable()

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            seen.append(1)

    gc.callbacks.append(callback)
    try:
        yield seen
    finally:
        gc.callbacks.remove(callback)
        if enabled:
            gc.enable()


def test_nothing_happens_while_the_agent_types(full_collections: list[int]) -> None:
    clock = Clock()
    idle = IdleCollector(clock)
    young_collections(FULL_AFTER)
    for _ in range(20):
        clock.now += IDLE_SECONDS / 4
        idle.input_seen()
        assert idle.tick(busy=False) is False
    assert full_collections == []


def test_a_pause_runs_the_full_collection_once(full_collections: list[int]) -> None:
    clock = Clock()
    idle = IdleCollector(clock)
    young_collections(FULL_AFTER)
    clock.now += IDLE_SECONDS
    assert idle.tick(busy=True) is False  # a request in flight is no pause
    assert idle.tick(busy=False) is True
    assert full_collections == [1]
    clock.now += 10 * IDLE_SECONDS
    assert idle.tick(busy=False) is False  # nothing new to collect


def test_a_pause_without_enough_new_objects_does_nothing(full_collections: list[int]) -> None:
    clock = Clock()
    idle = IdleCollector(clock)
    young_collections(FULL_AFTER - 1)
    clock.now += 10 * IDLE_SECONDS
    assert idle.tick(busy=False) is False
    assert full_collections == []


def test_without_any_pause_it_collects_anyway(full_collections: list[int]) -> None:
    clock = Clock()
    idle = IdleCollector(clock)
    young_collections(collector.FULL_ANYWAY_AFTER)
    idle.input_seen()
    assert idle.tick(busy=True) is True
    assert full_collections == [1]


def test_start_up_turns_off_automatic_full_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    threshold = gc.get_threshold()
    monkeypatch.setattr(collector, "_frozen", False)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # leave this test process's heap alone
    try:
        collector.freeze_startup_heap()
        young, _middle, oldest = gc.get_threshold()
        assert young == collector.YOUNG_THRESHOLD
        assert oldest >= 1_000_000
    finally:
        gc.set_threshold(*threshold)
