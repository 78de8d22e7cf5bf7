"""Command mode's one-line prompt at the bottom: Tab completes, ↑/↓ walk its history, Enter runs."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from tui.core.history import HistoryWalk
from tui.ui.command_mode import COMMANDS, complete
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.screens.modal import Modal

MAX_SHOWN = 8
"""Candidates listed above the prompt; more are summed up, so the line fits 80 columns."""


class CommandInput(Input):
    """The prompt's Input: Tab completes instead of moving focus, ↑/↓ walk the history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Shown in the key bar; the key itself is handled in _on_key, in order with the letters
        # typed before it (a binding could run before a burst's earlier letters are inserted).
        Binding("tab", "screen.complete", "Complete", key_display="Tab"),
        Binding("up", "screen.older", "Earlier", key_display="↑"),
        Binding("down", "screen.newer", "Later", key_display="↓"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "tab":
            event.stop()
            event.prevent_default()
            self.screen.action_complete()  # type: ignore[attr-defined]


class CommandPrompt(Modal[str | None]):
    """Dismisses with the command line typed, or None on Esc; the app runs it on the screen
    below (see `CustomerTuiApp.action_command_mode`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel", key_display="Esc"),
    ]
    DEFAULT_CSS = """
    CommandPrompt {
        align: left bottom;
        background: $background 0%;
    }
    CommandPrompt #command-box {
        dock: bottom;
        height: auto;
        /* Above the dialog's key bar, which every Modal docks in the bottom row. */
        margin-bottom: 1;
        background: $surface;
    }
    CommandPrompt #candidates {
        /* The whole width, so a long reason (a refused :queue save) wraps instead of being cut. */
        width: 1fr;
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    CommandPrompt #command-line {
        height: 1;
    }
    CommandPrompt #colon {
        width: 1;
        text-style: bold;
    }
    CommandPrompt #command {
        border: none;
        height: 1;
        padding: 0 0;
    }
    """
    HELP = (
        "Type a command and press Enter; Tab completes, ↑/↓ walk earlier commands, Esc cancels. "
        + " · ".join(f":{c.usage}" for c in COMMANDS)
    )

    def __init__(self, text: str = "", message: str = "") -> None:
        super().__init__()
        self.text = text
        self.message = message

    @property
    def tui(self) -> TuiApp:
        return tui_of(self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="command-box"):
            yield Label(self.message or self._hint(), id="candidates")
            with Horizontal(id="command-line"):
                # The colon is not part of the value: completion and history see the command.
                yield Label(":", id="colon")
                yield CommandInput(
                    value=self.text, placeholder="command (Tab completes)", id="command"
                )

    def on_mount(self) -> None:
        self._walk = HistoryWalk(self.tui.history("command"))
        box = self.query_one(CommandInput)
        self.set_focus(box)
        box.cursor_position = len(box.value)

    @staticmethod
    def _hint() -> str:
        return "Commands: " + " ".join(c.name for c in COMMANDS) + "  (Tab completes)"

    def _show(self, text: str) -> None:
        self.query_one("#candidates", Label).update(text)

    @on(Input.Changed, "#command")
    def changed(self, event: Input.Changed) -> None:
        if event.value != getattr(self, "_recalled", None):
            self._walk.reset()

    def action_complete(self) -> None:
        box = self.query_one(CommandInput)
        text, found = complete(self.tui, box.value)
        box.value = text
        box.cursor_position = len(text)
        if not found:
            self._show("No completion here. :help lists every command.")
        elif len(found) > 1:
            shown = "  ".join(found[:MAX_SHOWN])
            more = f"  (+{len(found) - MAX_SHOWN} more)" if len(found) > MAX_SHOWN else ""
            self._show(shown + more)
        else:
            self._show(self._hint())

    def action_older(self) -> None:
        box = self.query_one(CommandInput)
        entry = self._walk.older(box.value)
        if entry is None:
            self._show("No earlier commands." if not self._walk.browsing else "Oldest command.")
            return
        self._recall(entry)

    def action_newer(self) -> None:
        if self._walk.browsing:
            self._recall(self._walk.newer())

    def _recall(self, text: str) -> None:
        box = self.query_one(CommandInput)
        self._recalled = text
        box.value = text
        box.cursor_position = len(text)

    @on(Input.Submitted, "#command")
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after `:` can reach the screen before the Input has focus; they are
        # the command's first letters, not keys for anything else.
        box = self.query_one(CommandInput)
        if event.is_printable and event.character and not box.has_focus:
            event.stop()
            box.insert_text_at_cursor(event.character)
            self.set_focus(box)
