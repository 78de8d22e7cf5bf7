"""The search box: `/` means "go to search" unless it is part of a query being typed."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input
from textual.widgets.input import Selection


class SearchBox(Input):
    """An Input where `/` selects the query instead of typing, unless it is part of a regex.

    `/` is the search key everywhere; an agent who presses it while already in the box (the app
    starts there, and focus stays there after typing) must not end up searching for "/smith" or
    "smith/dubois". Names, e-mails and numbers never hold a `/`; only a raw q regex (`field:~a/b`)
    may, so there, unless the whole query is selected, it is typed.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Named here, not only on the screen, so the key bar shows them while the box has focus
        # (Input's own Enter and its scrolling ↓ would hide the screen's).
        Binding("down", "screen.to_list", "To the list", id="to-list", key_display="↓"),
        # Not in the key bar (full at 80 columns): help and the README say it.
        Binding("up", "screen.history_older", "Earlier searches", key_display="↑", show=False),
        Binding("enter", "submit", "Search now", key_display="⏎"),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """Input grows its virtual width with every character typed; by default that costs a layout
    pass of the whole screen (and a full repaint, table included) per keystroke. The box has a fixed
    size, so a repaint of the box itself is enough; horizontal scrolling reads the value directly."""

    def _slash_means_search(self) -> bool:
        start, end = sorted(self.selection)
        if not self.value or (start == 0 and end == len(self.value)):
            return True
        return ":~" not in self.value

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if character == "/" and self._slash_means_search():
            return False
        # In an empty box `?` opens the help, as everywhere else (the app starts here); inside
        # a query it types.
        if character == "?" and not self.value:
            return False
        return super().check_consume_key(key, character)

    def select_everything(self) -> None:
        """Select the whole query, so what the agent types next replaces it."""
        self.selection = Selection(0, len(self.value))

    def watch_value(self, old: str, new: str) -> None:
        # `?` types or opens the help depending on whether the box is empty: the key bar says which.
        if bool(old) != bool(new):
            self.refresh_bindings()

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls Input._on_key after this one unless the default is prevented.
        if event.character == "?" and not self.value:
            event.stop()
            event.prevent_default()
            await self.run_action("app.help")
            return
        if event.character == "/" and self._slash_means_search():
            event.stop()
            event.prevent_default()
            self.select_everything()
