"""Paces the searches typing starts: the first key at once, then at most one search per interval."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

from textual.message_pump import MessagePump

INTERVAL_SECONDS = 0.12
"""The least time between two searches started by typing: a real tenant sees at most one wave of
queries per 120 ms however fast the agent types, and the agent sees results that soon."""


class SearchPacer:
    """Turns every change of a search box into as few searches as keep up with the typing.

    A change after a quiet moment searches at once (the leading edge: no debounce to wait out).
    A change within `interval` of the last search waits for the rest of the interval and then
    searches for the newest text, so a burst of keys costs one search per interval and its last
    key is always searched. `flush` searches at once (Enter, ↓, opening the list's first row).

    `send(text)` starts the search and says whether it did (False: the same search as shown).
    An older search still in flight is the screen's to drop: a newer generation supersedes it.
    """

    def __init__(
        self,
        owner: MessagePump,
        send: Callable[[str], bool],
        *,
        interval: float = INTERVAL_SECONDS,
    ) -> None:
        self._owner = owner
        self._send = send
        self.interval = interval
        self._pending: str | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._last_sent = float("-inf")
        self.sent: deque[tuple[float, str]] = deque(maxlen=1000)
        """(time.monotonic(), text) of each search this pacer started, the latest last: what
        the tests and benchmarks count."""

    @property
    def waiting(self) -> bool:
        """True while typed text waits for its search."""
        return self._pending is not None

    def typed(self, text: str) -> None:
        """The box now holds `text`."""
        self._pending = text
        if self._timer is not None:
            return  # a search is due already: it takes the newest text
        self._due()

    def _due(self) -> None:
        self._timer = None
        wait = self._last_sent + self.interval - time.monotonic()
        if wait > 0:
            # Checked again when the timer fires: a timer may be late, never a search early.
            # Not Textual's set_timer: its one-shot timer ends without firing when it finds its
            # deadline passed at its first look, as a wait of microseconds always is (a key a
            # hair before the interval's end), and the text would never be searched. The loop's
            # own timer always fires; the owner then runs `_due` as one of its messages (a
            # closed owner drops it).
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(wait, self._owner.call_next, self._due)
            return
        self._fire()

    def flush(self) -> bool:
        """Search now for what was typed, if it is not searched yet; True when a search started."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        return self._fire()

    def _fire(self) -> bool:
        pending, self._pending = self._pending, None
        if pending is None or not self._send(pending):
            return False
        self._last_sent = time.monotonic()
        self.sent.append((self._last_sent, pending))
        return True
