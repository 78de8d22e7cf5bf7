"""Mask mode's reveal (`v` on a customer): pick the one masked field to show as it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.shown import label
from tui.ui.literal import literal
from tui.ui.masking import Mask, field_words
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen


class RevealScreen(GuardedScreen, Modal[str | None]):
    """Lists the open customer's masked fields, masked; dismissed with the chosen wire path
    (None on Esc). A typed-ahead Enter never reveals anything (GuardedScreen)."""

    HELP_TITLE = "Reveal one field"
    HELP = (
        "Mask mode is on. Pick the one field to show unmasked and press Enter: it stays shown "
        "until you leave this customer, and the journal records that you revealed it (never "
        "the value). Esc keeps everything masked."
    )

    DEFAULT_CSS = """
    RevealScreen {
        align: center middle;
    }
    RevealScreen > #dialog {
        width: 100%;
        max-width: 72;
        height: auto;
        max-height: 100%;
        border: round $warning;
        padding: 0 1;
        background: $surface;
    }
    RevealScreen .title {
        text-style: bold;
    }
    RevealScreen OptionList {
        height: auto;
        max-height: 14;
    }
    RevealScreen .hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Keep masked")]

    AUTO_FOCUS = "OptionList"

    def __init__(
        self, number: str, fields: Sequence[tuple[str, Any]], *, of: str = "customer"
    ) -> None:
        """`of`: the record in words before its key ("customer", "user")."""
        super().__init__()
        self.number = number
        self.fields = list(fields)
        self.of = of

    def compose(self) -> ComposeResult:
        mask = Mask(on=True)
        width = max((len(field_words(path)) for path, _ in self.fields), default=0)
        options = []
        for path, value in self.fields:
            text = Text(field_words(path).ljust(width + 2), style="bold")
            text.append(label(str(mask(path, value)), 40))
            options.append(Option(text, id=path))
        with Vertical(id="dialog"):
            yield Label(literal(f"Reveal one field of {self.of} {self.number}"), classes="title")
            yield OptionList(*options)
            yield Static(
                "Enter shows it until you leave (journalled) · Esc keep masked",
                classes="hint",
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        await self.dismiss(None)
        return True
