"""Which keys send a change, and what one says while read-only: for the key bar, help and palette."""

from __future__ import annotations

from typing import Any

CHANGE_ACTIONS = frozenset(
    {
        "edit",
        "hold",
        "delete",
        "new",
        "assign",
        "undo",
        "active",
        "addresses",
        "mark",
        "kind_change",
        "edit_mixins",
    }
)
"""Actions that send a change (or, for `mark`, only prepare one): while read-only they stay in the
key bar, dimmed, and a press says why nothing happens instead of doing nothing in silence.
`kind_change('lock')` is any record kind's changing action (the record detail's keys)."""


def is_change(action: str) -> bool:
    """Whether a binding's action (with its arguments, `kind_change('lock')`) sends a change."""
    return action.partition("(")[0] in CHANGE_ACTIONS


def read_only_refusal(app: Any, what: str) -> str:
    """What a change key says while read-only: that nothing happened, and why."""
    reason = getattr(app, "read_only_reason", "") or "read-only mode"
    return f"{what} is not possible. read-only: {reason}."
