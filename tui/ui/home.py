"""Which screen a connection opens on, and which screens are lists: by platform, not by class name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.ui.protocol import TuiApp


def home_screen(app: TuiApp) -> Screen[None]:
    """Emporix opens on the customer search; another platform on the list of its first kind
    (Kibo: B2B accounts). For another platform the backend must be open (its kinds are read)."""
    # Deferred: each platform's start loads only its own list screen (the customer search brings
    # Emporix's models and table), which is part of the time to the first screen.
    if app.platform == "emporix":
        from tui.ui.screens.search import SearchScreen

        return SearchScreen()
    from tui.ui.screens.records import RecordListScreen

    first = next(iter(app.backend.kinds))
    return RecordListScreen(first)


def is_list_screen(screen: Screen[Any]) -> bool:
    """A screen `/` goes back to: the customer search or a record list (`LIST_SCREEN`)."""
    return bool(getattr(screen, "LIST_SCREEN", False))
