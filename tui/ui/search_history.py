"""↑/↓ in a list screen's search box: the agent's earlier searches, for both list screens."""

from __future__ import annotations

from typing import Any

from tui.core.history import History, HistoryWalk
from tui.ui.widgets.search_box import SearchBox


class SearchHistoryKeys:
    """Mixin for a screen with a `#search` SearchBox: ↑ recalls older searches, ↓ newer ones
    (past the newest, back to the list), typing over a recalled search starts from the newest.
    The screen says which history it keeps (`search_history`) and calls `typed_over(value)`
    from its Input.Changed handler."""

    _walk: HistoryWalk | None = None
    _from_history: str | None = None

    def search_history(self) -> History:
        raise NotImplementedError

    @property
    def history_walk(self) -> HistoryWalk:
        history = self.search_history()
        if self._walk is None or self._walk.history is not history:
            self._walk = HistoryWalk(history)
        return self._walk

    def typed_over(self, value: str) -> None:
        """The box changed: unless by a recall, the walk starts from the newest again."""
        if value != self._from_history and self._walk is not None:
            self._walk.reset()
        self._from_history = None

    def recall_newer(self) -> bool:
        """↓ while walking the history: the newer search, True; False when not walking."""
        walk = self._walk
        if walk is None or not walk.browsing:
            return False
        self._recall(walk.newer())
        return True

    def action_history_older(self) -> None:
        box = self._box()
        older = self.history_walk.older(box.value)
        if older is None:
            self.notify(  # type: ignore[attr-defined]
                "No earlier searches." if not self.history_walk.browsing else "Oldest search.",
                timeout=2,
            )
            return
        self._recall(older)

    def _recall(self, text: str) -> None:
        box = self._box()
        self._from_history = text
        box.value = text
        box.cursor_position = len(text)

    def remember_search(self) -> None:
        """Keep what is in the box in the agent's search history (empty ones are not kept)."""
        self.history_walk.history.add(self._box().value)
        self.history_walk.reset()

    def _box(self) -> SearchBox:
        query_one: Any = self.query_one  # type: ignore[attr-defined]
        box: SearchBox = query_one("#search", SearchBox)
        return box
