"""Watching the app's reactives without keeping a closed screen in memory.

Textual keeps each `node.watch(app, name, callback)` as a (node, callback) pair in the app, and
drops the pairs of closed nodes only when that value changes. Mask mode and read-only rarely
change in a session, so every detail screen opened stayed in memory with its widgets and their
rendered lines (20 customers opened and closed: 20 screens left after a full collection).
`watch_app` drops the pairs of nodes no longer in the app before adding one, so what a closed
screen registered goes at the next screen's or widget's mount. (A screen's requests run in a
context of their own for the same reason: tui/http/sending.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode

WATCHERS = "__watchers"
"""Where Textual's `watch` keeps an object's watchers ({name: [(node, callback), ...]})."""


def watch_app(node: DOMNode, name: str, callback: Callable[..., Any], *, init: bool = True) -> None:
    """`node.watch(node.app, name, callback)`, after forgetting the watchers of closed nodes."""
    app = node.app
    forget_closed_watchers(app)
    node.watch(app, name, callback, init=init)


def forget_closed_watchers(app: object) -> int:
    """Drop the app's watchers whose node is no longer attached (a popped screen and what was on
    it); returns how many went."""
    watchers: dict[str, list[tuple[Any, Any]]] = getattr(app, WATCHERS, None) or {}
    dropped = 0
    for pairs in watchers.values():
        kept = [(owner, callback) for owner, callback in pairs if _alive(owner, app)]
        dropped += len(pairs) - len(kept)
        pairs[:] = kept
    return dropped


def _alive(owner: Any, app: object) -> bool:
    if owner is app:
        return True
    return bool(getattr(owner, "is_attached", True)) and not getattr(owner, "_closing", False)
