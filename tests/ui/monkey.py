"""A monkey for the app: random keys at 80x24 on the sandbox, checking that nothing escapes,
nothing hangs, and no data changes without a confirmation dialog first.

Used by tests/ui/test_monkey.py (a few fixed seeds) and benchmarks/monkey.py (many)."""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass, field
from typing import Any

from textual import events

from tui.core.journal import DONE, STARTED, UNKNOWN, Journal

SIZE = (80, 24)
NAMED_KEYS = (
    ["enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown"]
    + ["home", "end", "space", "ctrl+p", "question_mark", "slash", "ctrl+s", "ctrl+o"]
    + [f"f{n}" for n in range(1, 8)]
)
"""Everything but ctrl+q and ctrl+c, which quit (the monkey would only restart the app)."""
CHARACTERS = {"enter": "\r", "escape": "\x1b", "tab": "\t", "space": " ", "question_mark": "?",
              "slash": "/"}  # fmt: skip
CONFIRMING = frozenset({"ConfirmScreen", "ReviewScreen", "DeleteScreen"})
"""The dialogs that stand between a key press and a change."""
CHANGED = frozenset({DONE, UNKNOWN, STARTED})
MAX_PRESS_SECONDS = 5.0


CONFIRM_KEYS = ("y", "ctrl+s", "enter")


def random_key(rng: random.Random, screen: str) -> str:
    """A key as an agent's cat would press it: mostly letters and digits, often named keys;
    on a confirming dialog, half the time a key that confirms (else changes would be rare)."""
    if screen in CONFIRMING and rng.random() < 0.5:
        return rng.choice(CONFIRM_KEYS)
    if rng.random() < 0.45:
        return rng.choice(NAMED_KEYS)
    return rng.choice(string.ascii_letters + string.digits)


@dataclass
class MonkeyRun:
    """What one seed saw."""

    seed: int
    presses: int = 0
    slowest: float = 0.0
    slowest_key: str = ""
    dialogs: int = 0
    changes: int = 0
    restarts: int = 0
    problems: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list, repr=False)


def store_versions(store: Any, numbers: range) -> dict[str, int | None]:
    """number -> stored version (None when absent), to see afterwards what changed."""
    found: dict[str, int | None] = {}
    for n in numbers:
        doc = store.get(str(n))
        found[str(n)] = (doc.get("metadata") or {}).get("version") if doc else None
    return found


async def press(app: Any, pilot: Any, key: str) -> float:
    """Send one key and wait until the screen has handled it; returns how long that took.

    Not `pilot.press`: it also waits for the whole process to go idle (tens of ms per key),
    which would make a thousand keys take a minute."""
    started = time.perf_counter()
    app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    await pilot.pause(0)
    await pilot.pause(0)
    return time.perf_counter() - started


async def run_seed(app_factory: Any, seed: int, keys: int, *, journal: Journal) -> MonkeyRun:
    """Press `keys` random keys into the app made by `app_factory()`, restarting it if it
    quits. A change (a journal line saying done, unknown or started) must come after a
    confirming dialog not yet used by an earlier change, or continue the flow it confirmed."""
    rng = random.Random(seed)
    run = MonkeyRun(seed)
    pending = 0
    last_action: str | None = None
    # The dialogs themselves, not their id(): a closed dialog is freed, and a new one at the
    # same address would pass as already seen (and its change as unconfirmed).
    seen: list[Any] = []
    position = 0
    while position < keys:
        app = app_factory()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            known = len(journal.recent(limit=100_000))
            while position < keys and app.is_running:
                key = random_key(rng, type(app.screen).__name__)
                position += 1
                took = await press(app, pilot, key)
                run.presses += 1
                if took > run.slowest:
                    run.slowest, run.slowest_key = took, key
                run.keys.append(key)
                if took > MAX_PRESS_SECONDS:
                    recent = " ".join(run.keys[-40:])
                    run.problems.append(
                        f"key {position} ({key}) on {type(app.screen).__name__} took "
                        f"{took:.1f} s; the keys before: {recent}"
                    )
                for screen in app.screen_stack:
                    if type(screen).__name__ in CONFIRMING and all(s is not screen for s in seen):
                        seen.append(screen)
                        pending += 1
                        run.dialogs += 1
                entries = journal.recent(limit=100_000)
                fresh = [e for e in reversed(entries[: len(entries) - known])]
                known = len(entries)
                changed = [e for e in fresh if e.outcome in CHANGED]
                if not changed:
                    continue
                run.changes += len(changed)
                if pending > 0:
                    pending -= 1
                    last_action = changed[-1].action
                elif not all(e.action == last_action for e in changed):
                    run.problems.append(
                        f"key {position} ({key}): {changed[0].action} "
                        f"{changed[0].customer_number} without a confirmation first"
                    )
            if position < keys:
                run.restarts += 1
    return run
