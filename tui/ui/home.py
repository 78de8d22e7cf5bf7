"""Which screen a connection opens on, and which screens are lists: by platform, not by class name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.ui.screens.records import RecordListScreen
from tui.ui.screens.search import SearchScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.ui.protocol import TuiApp


def home_screen(app: TuiApp) -> Screen[None]:
    """Emporix opens on the customer search; another platform on the list of its first kind
    (Kibo: B2B accounts). For another platform the backend must be open (its kinds are read)."""
    if app.platform == "emporix":
        return SearchScreen()
    first = next(iter(app.backend.kinds))
    return RecordListScreen(first)


def is_list_screen(screen: Screen[Any]) -> bool:
    """A screen `/` goes back to: the customer search or a record list."""
    return isinstance(screen, (SearchScreen, RecordListScreen))
