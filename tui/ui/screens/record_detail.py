"""STUB (kibo-list): the detail of one record of any kind; the real screen comes from branch kibo-detail."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from tui.ui.literal import literal
from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.status_line import StatusLine


class RecordDetailScreen(Screen[None]):
    """A placeholder with the constructor the app calls: the record's label; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="back")]

    def __init__(self, kind: str, key: str, *, record: Any | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.key = key
        self.record = record

    def compose(self) -> ComposeResult:
        described = self.app.backend.kinds[self.kind]  # type: ignore[attr-defined]
        name = described.label(self.record) if self.record is not None else self.key
        yield StatusLine()
        yield Static(literal(f"{described.title} {name}"), id="header")
        yield KeyFooter()

    def action_back(self) -> None:
        self.dismiss()

    async def leave_for_search(self) -> bool:
        await self.dismiss()
        return True
