"""How old a detail screen's data is, in words: "loaded 3 min ago", and a warning once it may be stale."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

STALE_AFTER_SECONDS = 5 * 60
"""Older than this, a record may have been changed by someone else: the screen says so."""
TICK_SECONDS = 60.0
"""How often a detail screen redraws its age (the app's one timer: a screen's own interval kept
the screen in memory for up to a minute after it closed, in the event loop's cancelled timer)."""


@runtime_checkable
class ShowsAge(Protocol):
    """A screen whose header says how old its data is; the app calls `show_age` every tick."""

    def show_age(self) -> None: ...


def age_words(seconds: float) -> str:
    """`loaded just now`, `loaded 1 min ago`, `loaded 2 h 5 min ago`."""
    minutes = int(max(seconds, 0) // 60)
    if minutes < 1:
        return "loaded just now"
    if minutes < 60:
        return f"loaded {minutes} min ago"
    hours, rest = divmod(minutes, 60)
    return f"loaded {hours} h {rest} min ago" if rest else f"loaded {hours} h ago"


def is_stale(seconds: float) -> bool:
    return seconds > STALE_AFTER_SECONDS


STALE_WARNING = "may be stale: r reloads"


class LoadedAge:
    """When a screen's record was read, against a clock a test can drive (monotonic seconds)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.loaded_at: float | None = None

    def loaded(self) -> None:
        """The record was just read (or saved and read back)."""
        self.loaded_at = self.clock()

    @property
    def seconds(self) -> float | None:
        return None if self.loaded_at is None else self.clock() - self.loaded_at

    def words(self) -> tuple[str, str]:
        """(the age, the warning or ""): both empty before the first load."""
        seconds = self.seconds
        if seconds is None:
            return "", ""
        return age_words(seconds), STALE_WARNING if is_stale(seconds) else ""
