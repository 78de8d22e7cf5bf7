"""The case note as text to select: for terminals that ignore the OSC 52 copy."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from tui.ui.literal import literal
from tui.ui.screen_lifetime import watch_app
from tui.ui.screens.modal import Modal


class CaseNoteScreen(Modal[None]):
    """The note in a read-only text area; Esc closes."""

    HELP_TITLE = "Case note"
    HELP = (
        "The note was copied to the clipboard (OSC 52). If your terminal ignores that, select "
        "the text here (most terminals: shift and drag) and copy it. Esc closes."
    )

    DEFAULT_CSS = """
    CaseNoteScreen {
        align: center middle;
    }
    CaseNoteScreen > #dialog {
        width: 100%;
        height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    CaseNoteScreen .title {
        text-style: bold;
        width: 100%;
    }
    CaseNoteScreen TextArea {
        height: 1fr;
    }
    CaseNoteScreen .hint {
        color: $text-muted;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="close")]

    AUTO_FOCUS = "#note"

    def __init__(self, text: str, said: str, rebuild: Callable[[], str] | None = None) -> None:
        """`rebuild`: the note's text made again, as mask mode shows it now (OSError when the
        journal cannot be read)."""
        super().__init__()
        self.text = text
        self.said = said
        self._rebuild = rebuild

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(self.said), classes="title")
            yield TextArea(
                self.text, read_only=True, soft_wrap=True, show_line_numbers=False, id="note"
            )
            yield Static(
                "Not in your clipboard? Select it here (shift+drag) · Esc close", classes="hint"
            )

    def on_mount(self) -> None:
        watch_app(self, "masked", self._remask, init=False)

    def _remask(self, _masked: bool) -> None:
        # Written again as mask mode now shows it (the clipboard keeps what `c` copied).
        if self._rebuild is None:
            return
        try:
            self.text = self._rebuild()
        except OSError:  # the journal cannot be read now: the text stays, and so does the note
            return
        self.query_one("#note", TextArea).load_text(self.text)

    def action_close(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        await self.dismiss(None)
        return True
