"""A small dialog: the name to save the current search under, as a work queue."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from tui.config.profiles import MAX_QUEUE_NAME
from tui.ui.literal import literal
from tui.ui.screens.modal import Modal


class QueueNameScreen(Modal[str | None]):
    """Dismisses with the name typed, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]
    DEFAULT_CSS = """
    QueueNameScreen {
        align: center middle;
    }
    QueueNameScreen #dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    QueueNameScreen #search-text { color: $text-muted; }
    """
    HELP = (
        "Type a name for the queue and press Enter; it is saved in your config file. Esc cancels."
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Save this search as a queue", classes="dialog-title")
            yield Static(literal(f"Search: {self.text or '(everyone)'}"), id="search-text")
            yield Input(placeholder="e.g. on hold, de", id="queue-name", max_length=MAX_QUEUE_NAME)
            yield Label(
                "Enter saves it in the config file · Esc cancels", id="hint", classes="dialog-hint"
            )

    @on(Input.Submitted, "#queue-name")
    def submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.query_one("#hint", Label).update("Type a name first (Esc cancels).")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
