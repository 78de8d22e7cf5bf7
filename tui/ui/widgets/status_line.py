"""The always-visible line that says where the agent is, as whom, and what is happening."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.color import Color
from textual.containers import Horizontal
from textual.widgets import Label

if TYPE_CHECKING:
    from tui.ui.app import CustomerTuiApp


class StatusLine(Horizontal):
    """SANDBOX badge (or label, tenant and host), client id, READ-ONLY, a busy sign and the last error."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        dock: top;
        background: $panel;
    }
    StatusLine Label { height: 1; padding: 0 1 0 0; text-wrap: nowrap; }
    StatusLine #where { text-style: bold; background: $warning; color: $text; padding: 0 1; }
    StatusLine.-production #where { background: $error; }
    StatusLine #client { color: $text-muted; padding-left: 1; }
    StatusLine #read-only { background: $secondary; color: $text; text-style: bold; padding: 0 1; }
    StatusLine #busy { color: $accent; text-style: bold; width: 18; }
    StatusLine #error { color: $text-error; width: 1fr; text-overflow: ellipsis; }
    StatusLine #spacer { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="where")
        yield Label(id="client")
        yield Label(id="read-only")
        yield Label(id="busy")
        yield Label(id="error")

    @property
    def tui(self) -> CustomerTuiApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        conn = self.tui.connection
        where = self.query_one("#where", Label)
        if conn.sandbox:
            where.update("SANDBOX")
        else:
            label = f"{conn.label} " if conn.label else ""
            where.update(f"{label}{conn.tenant} @ {conn.api_host}")
            if conn.label and conn.label.lower().startswith("prod"):
                self.add_class("-production")
        if conn.color:
            with contextlib.suppress(Exception):
                colour = Color.parse(conn.color)
                where.styles.background = colour
                # The whole line carries a tint of it, so production and staging differ at a glance.
                self.styles.background = colour.with_alpha(0.35)
        self.query_one("#client", Label).update(f"as {conn.client_id}")
        app = self.tui
        self.watch(app, "read_only", self._show_read_only)
        self.watch(app, "read_only_reason", self._show_read_only)
        self.watch(app, "busy_text", self._show_busy)
        self.watch(app, "last_error", self._show_error)

    def _show_read_only(self, _value: Any = None) -> None:
        label = self.query_one("#read-only", Label)
        label.display = self.tui.read_only
        label.update("READ-ONLY")
        label.tooltip = self.tui.read_only_reason

    def _show_busy(self, text: str) -> None:
        # Fixed width and no layout pass: this changes twice per keystroke.
        self.query_one("#busy", Label).update(f"⟳ {text}…" if text else "", layout=False)

    def _show_error(self, text: str) -> None:
        error = self.query_one("#error", Label)
        error.update(f"✖ {text}" if text else "", layout=False)
