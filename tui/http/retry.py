"""When and how long to wait before trying a read again: bounded, jittered, honouring Retry-After."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "retry_after_seconds"]

# 500 too: a read cannot do harm by being repeated, and the large vendors' SDKs retry reads on any 5xx.
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How reads are retried (changes never are, unless surely never sent).

    A retry waits `initial_backoff * 2**(n-1)` seconds (at most `max_backoff`), half of it
    random so that many clients do not retry in step; a `Retry-After` from the server is
    waited instead. At most `max_attempts` tries, none that would end after `max_total`
    seconds. `sleep`, `clock` and `random` are injectable so tests need not wait.
    """

    max_attempts: int = 4
    initial_backoff: float = 0.25
    max_backoff: float = 4.0
    max_total: float = 30.0
    statuses: frozenset[int] = RETRYABLE_STATUSES
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)

    @classmethod
    def never(cls) -> RetryPolicy:
        """A policy that tries each request once."""
        return cls(max_attempts=1)

    def with_sleep(self, sleep: Callable[[float], Awaitable[None]]) -> RetryPolicy:
        return replace(self, sleep=sleep)

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based), with jitter."""
        base = min(self.max_backoff, self.initial_backoff * 2 ** (attempt - 1))
        return base / 2 + self.random() * base / 2

    def next_delay(
        self, attempt: int, started: float, retry_after: float | None = None
    ) -> float | None:
        """The wait before another attempt, or None when the budget is spent."""
        if attempt >= self.max_attempts:
            return None
        delay = retry_after if retry_after is not None else self.backoff(attempt)
        if self.clock() - started + delay > self.max_total:
            return None
        return delay


def retry_after_seconds(raw: str | None) -> float | None:
    """A `Retry-After` header (seconds or an HTTP date) as seconds from now."""
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())
