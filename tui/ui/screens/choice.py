"""A short list to choose one thing from (a role to give or take); Enter picks, Esc cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.ui.literal import literal
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen


class ChoiceScreen(GuardedScreen, Modal[str | None]):
    """Dismissed with the chosen option's value, or None. Picking only chooses: the change it
    leads to is confirmed after."""

    HELP_TITLE = "Choose"
    HELP = "↑/↓ move, Enter chooses (you confirm the change next), Esc cancels."

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > #dialog {
        width: 100%; max-width: 72; height: auto; max-height: 100%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    ChoiceScreen .title { text-style: bold; width: 100%; }
    ChoiceScreen .hint { color: $text-muted; width: 100%; }
    ChoiceScreen OptionList { height: auto; max-height: 12; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    AUTO_FOCUS = "OptionList"

    def __init__(self, title: str, intro: str, options: Sequence[tuple[str, str]]) -> None:
        """`options`: (what the agent reads, the value it stands for)."""
        super().__init__()
        self.title_text = title
        self.intro = intro
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(self.title_text), classes="title")
            if self.intro:
                yield Static(literal(self.intro), classes="hint")
            yield OptionList(*(Option(literal(text), id=value) for text, value in self.options))
            yield Static("Enter choose · Esc cancel", classes="hint")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        await self.dismiss(None)
        return True
