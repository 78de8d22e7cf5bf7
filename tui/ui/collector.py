"""When Python's cycle collector runs: young objects often, the whole heap when the agent pauses.

A collection stops the event loop for as long as it walks the objects it examines. Measured with
benchmarks/ui_bench.py on a 100,000-customer sandbox:

- start-up leaves about 60,000 objects (modules, classes, Textual's tables) that live as long as the
  process; frozen, no collection walks them again;
- Python's own schedule then still stopped the loop for 20-30 ms (the middle generation, with a
  large first threshold) or 50-80 ms (a full collection every time the rows loaded while scrolling
  grew the heap by a quarter);
- with a small first threshold the young collections take 1-9 ms, and without automatic full
  collections memory stays far below the target while typing and scrolling (the garbage that
  reaches the oldest generation is small). The full collection runs when the agent pauses.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

YOUNG_THRESHOLD = 2_000
"""Allocations between two collections of the youngest generation (Python's default is 700)."""
IDLE_SECONDS = 1.0
"""No key, click or request for this long counts as a pause."""
FULL_AFTER = 10
"""Middle-generation collections before a full one is due (Python's own rule)."""
FULL_ANYWAY_AFTER = 200
"""Without a pause for this long (an agent holding a key down), collect anyway: memory stays bounded."""

_frozen = False


def freeze_startup_heap() -> None:
    """Once per process (tests start many apps): freeze what start-up made, set the thresholds."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    gc.freeze()
    _, middle, _ = gc.get_threshold()
    # The oldest generation never automatically: IdleCollector runs it.
    gc.set_threshold(YOUNG_THRESHOLD, middle, 1_000_000_000)


def _middle_collections() -> int:
    return int(gc.get_stats()[1]["collections"])


class IdleCollector:
    """Runs the full collection the interpreter no longer runs by itself, at a pause."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._middle_at_last_full = _middle_collections()

    def input_seen(self) -> None:
        self._last_input = self._clock()

    def tick(self, busy: bool) -> bool:
        """Call now and then; collects (and returns True) when a full collection is due and it
        is a pause, or when one is long overdue."""
        since = _middle_collections() - self._middle_at_last_full
        paused = not busy and self._clock() - self._last_input >= IDLE_SECONDS
        if not (since >= FULL_ANYWAY_AFTER or (since >= FULL_AFTER and paused)):
            return False
        gc.collect()
        self._middle_at_last_full = _middle_collections()
        return True
