"""The base of every dialog and form: a ModalScreen with the status line on top, its keys below."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from tui.ui.widgets.key_footer import KeyFooter
from tui.ui.widgets.status_line import StatusLine

R = TypeVar("R")


class Modal(ModalScreen[R]):
    """A modal screen with the status line (profile label, colour, READ-ONLY, busy, error) in
    its top row: a dialog as tall as the terminal would otherwise cover it, and the agent would
    lose sight of which tenant they change exactly while they change it.

    Its own key bar sits in the bottom row: without it the screen underneath's bar shows through
    and offers keys (Copy, Edit, Hold) that do nothing while the dialog is open."""

    def on_mount(self) -> None:
        # Textual calls every class's on_mount in turn, so the screens' own ones still run. A
        # dialog shown on its own (a snapshot harness) has no connection to describe.
        if getattr(self.app, "connection", None) is not None:
            self.mount(StatusLine())
        self.mount(KeyFooter(dialog=True))
