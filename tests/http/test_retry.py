"""The shared retry policy: bounded attempts and time, jittered back-off, Retry-After in both forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from tui.http.retry import RetryPolicy, retry_after_seconds


def test_backoff_doubles_up_to_its_cap_with_half_of_it_random() -> None:
    low = RetryPolicy(random=lambda: 0.0)
    high = RetryPolicy(random=lambda: 1.0)
    assert [low.backoff(n) for n in (1, 2, 3)] == [0.125, 0.25, 0.5]
    assert [high.backoff(n) for n in (1, 2, 3)] == [0.25, 0.5, 1.0]
    assert high.backoff(20) == 4.0


def test_attempts_and_total_time_are_bounded() -> None:
    now = [0.0]
    policy = RetryPolicy(max_attempts=3, max_total=10, clock=lambda: now[0])
    assert policy.next_delay(1, 0.0, retry_after=2) == 2
    assert policy.next_delay(3, 0.0) is None
    now[0] = 9.0
    assert policy.next_delay(1, 0.0, retry_after=2) is None  # would end after 10 s
    assert RetryPolicy.never().next_delay(1, 0.0) is None


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("-1") == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    seconds = retry_after_seconds(later)
    assert seconds is not None and 25 < seconds <= 30
