"""A small chooser: which of the tab's fields `y` copies (Enter copies, Esc cancels)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.ui.copy_fields import CopyField
from tui.ui.literal import literal
from tui.ui.screens.modal import Modal


class CopyFieldScreen(Modal[CopyField | None]):
    """Dismisses with the field chosen, or None on Esc."""

    HELP_TITLE = "Copy a field"
    HELP = "↑/↓ choose a field of this tab, Enter copies its value (OSC 52), Esc cancels."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "copy", "Copy", id="copy", key_display="⏎", priority=True),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]
    DEFAULT_CSS = """
    CopyFieldScreen {
        align: center middle;
    }
    CopyFieldScreen #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    CopyFieldScreen OptionList {
        height: auto;
        max-height: 14;
    }
    """
    AUTO_FOCUS = "#fields"

    def __init__(self, tab: str, fields: Sequence[CopyField], app: Any) -> None:
        super().__init__()
        self.tab = tab
        self.fields = list(fields)
        width = max((len(f.label) for f in self.fields), default=0)
        self._options = [
            Option(Text.assemble((f.label.ljust(width), "bold"), "  ", f.shown(app)), id=str(i))
            for i, f in enumerate(self.fields)
        ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(f"Copy from the {self.tab} tab"), classes="dialog-title")
            yield OptionList(*self._options, id="fields")
            yield Label("Enter copies the value · Esc cancels", classes="dialog-hint")

    @on(OptionList.OptionSelected, "#fields")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.fields[int(event.option.id or 0)])

    def action_copy(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self.fields[index])

    def action_cancel(self) -> None:
        self.dismiss(None)
