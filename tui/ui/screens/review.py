"""The review before a save: field by field, old -> new; Enter on Save, or ctrl+s, sends it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tui.ui.diff_view import diff_table
from tui.ui.forms import FieldDiff
from tui.ui.literal import literal
from tui.ui.masking import MaskedStatic
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen
from tui.ui.widgets.ticket_line import TICKET_BINDING, TicketKey, TicketLine


class ReviewScreen(TicketKey, GuardedScreen, Modal[bool]):
    """Dismissed with True to send the changes, False to go back to the form."""

    HELP_TITLE = "Review changes"
    HELP = (
        "Each changed field with its old and new value. Enter on Save (it has the focus) or ctrl+s "
        "sends them; Tab reaches the list to scroll it; Esc goes back to the form with your "
        "typing kept."
    )

    DEFAULT_CSS = """
    ReviewScreen {
        align: center middle;
    }
    ReviewScreen > #dialog {
        width: 100%;
        max-width: 96;
        height: auto;
        max-height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    ReviewScreen .title {
        text-style: bold;
        width: 100%;
    }
    ReviewScreen #diff {
        height: auto;
        max-height: 1fr;
    }
    ReviewScreen .note {
        color: $text-muted;
        width: 100%;
    }
    ReviewScreen .buttons {
        height: auto;
        align-horizontal: right;
    }
    ReviewScreen .buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "back", "Back to the form"),
        # Esc where there is no form to go back to (an undo): the same action, other words.
        Binding("escape", "cancel", "Cancel"),
        TICKET_BINDING,
    ]

    # Enter on the focused Save button saves, as Enter confirms in every other dialog; keys typed
    # before the review appeared never reach it (GuardedScreen). Tab reaches the diff to scroll.
    AUTO_FOCUS = "#save"

    def __init__(
        self,
        title: str,
        diffs: Sequence[FieldDiff],
        note: str = "",
        *,
        back: str = "",
        rest: str = "nothing else is sent",
    ) -> None:
        """`back` says what Esc does when there is no form to go back to (an undo); `rest`
        what becomes of the other fields (a platform that sends the whole record keeps them)."""
        super().__init__()
        self.rest = rest
        self.title_text = title
        self.diffs = list(diffs)
        self.note = note
        self.back = back

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield MaskedStatic(lambda mask: mask.text(self.title_text), classes="title")
            count = len(self.diffs)
            yield Static(
                f"{count} field{'s' if count != 1 else ''} will change; {self.rest}.",
                classes="note",
            )
            with VerticalScroll(id="diff"):
                yield MaskedStatic(lambda mask: diff_table(self.diffs, mask))
            if self.note:
                yield MaskedStatic(lambda mask: mask.text(self.note), classes="note")
            yield TicketLine()
            yield Static(
                literal(f"Enter or ctrl+s save · {self.back or 'Esc back to the form'}"),
                classes="note",
            )
            with Horizontal(classes="buttons"):
                yield Button("Cancel (Esc)" if self.back else "Back (Esc)", id="back")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def action_save(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("back", "cancel"):
            return (action == "cancel") == bool(self.back)
        return True

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()
