"""The type-ahead guard: a dialog that can lead to a change ignores keys typed before it appeared.

An agent who types fast (or whose terminal replays a burst of keys, as a paste without bracketed
paste mode does) sends keys before the dialog they land in is on screen. Those keys must never
answer it. Every key event carries the time it was read from the terminal (`Message.time`), so
the guard compares that with the moment the dialog became the current screen: a key read before
it, within `GUARD_SECONDS` after it, or in an unbroken burst with such keys (gaps shorter than
`QUIET_SECONDS`) is dropped. The agent then reads the dialog, and the next key counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.screen import Screen

GUARD_SECONDS = 0.5
"""How long after a dialog appears its keys are ignored: faster than anyone reads a question."""
QUIET_SECONDS = 0.3
"""A key within this of an ignored one is part of the same burst and ignored too; typing runs at
roughly 0.1-0.2 s a key, a considered answer comes after a pause."""
ALWAYS_PASS = frozenset({"ctrl+q"})
"""Keys that work even during the guard: quitting changes nothing."""


class TypeAheadGuard:
    """When a dialog's keys count again; `blocks` is asked for every key."""

    def __init__(self) -> None:
        self.open_at = float("inf")
        """Event time from which keys count; infinite until the dialog is shown."""
        self.ignored = 0
        """Keys dropped since the dialog last appeared (the dialog says so once)."""

    def arm(self, shown_at: float) -> None:
        """The dialog became the current screen at `shown_at` (an event time)."""
        self.open_at = shown_at + GUARD_SECONDS
        self.ignored = 0

    def blocks(self, key: events.Key) -> bool:
        """True when `key` was typed ahead and must be dropped."""
        if key.key in ALWAYS_PASS or key.time >= self.open_at:
            return False
        self.open_at = max(self.open_at, key.time + QUIET_SECONDS)
        self.ignored += 1
        return True

    def armed(self, now: float) -> bool:
        """True when a key read at `now` would count."""
        return now >= self.open_at


class GuardedScreen:
    """Mixin for a dialog screen: arms its guard whenever it becomes the current screen.

    The app asks `type_ahead` before it dispatches a key (see `CustomerTuiApp.on_event`).
    """

    @property
    def type_ahead(self) -> TypeAheadGuard:
        guard: TypeAheadGuard | None = self.__dict__.get("_type_ahead")
        if guard is None:  # a mixin has no __init__ of its own in a Screen's MRO
            guard = self.__dict__["_type_ahead"] = TypeAheadGuard()
        return guard

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self.type_ahead.arm(event.time)

    def keys_ignored(self) -> None:
        """Say once per appearance that keys were dropped, so a lost keystroke is explained."""
        if self.type_ahead.ignored == 1:
            screen: Screen[Any] = self  # type: ignore[assignment]
            screen.notify(
                "Keys typed before this dialog appeared were ignored: read it, then answer.",
                title="Typed ahead",
                severity="warning",
                timeout=4,
            )


def guard_of(screen: object) -> TypeAheadGuard | None:
    """The screen's guard, if it has one."""
    return screen.type_ahead if isinstance(screen, GuardedScreen) else None
