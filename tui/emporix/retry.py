"""The Emporix client's retry policy: the one both clients share, from tui/http/retry.py."""

from __future__ import annotations

from tui.http.retry import RETRYABLE_STATUSES, RetryPolicy

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy"]
