"""The always-visible line that says where the agent is, as whom, and what is happening.

One widget drawing one line, rather than a label per part: every screen builds it, and mounting
five labels cost the start-up about 16 ms (a paired comparison with benchmarks/ui_bench.py).
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widget import Widget

from tui.core.mask import mask_emails_in
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.screen_lifetime import watch_app

BUSY_WIDTH = 22
"""The busy sign keeps its place, so the error after it does not jump as requests come and go;
wide enough for "⟳ Reloading 10000001…", so a customer number is never cut."""


PLATFORM_NAMES = {"emporix": "Emporix", "kibo": "Kibo"}
NARROW = 100
"""Below this width a Kibo line leaves out the client id, so the busy sign still fits."""


def platform_words(connection: Any) -> str:
    """Which platform and tenant the agent is on: "Kibo · tenant 10000 · site 10001"."""
    platform = PLATFORM_NAMES.get(connection.platform, connection.platform)
    site = f" · site {connection.site}" if connection.site else ""
    return f"{platform} · tenant {connection.tenant}{site}"


def sees_only(app: Any) -> str:
    """For a client limited to some restrictions, " · sees only de"; empty when not known."""
    restrictions = getattr(app, "restrictions", None)
    return f" · sees only {', '.join(sorted(restrictions))}" if restrictions else ""


class StatusLine(Widget):
    """SANDBOX badge (or label, tenant and host), client id, READ-ONLY, MASKED, a busy sign and
    the last error."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        dock: top;
        background: $panel;
        text-wrap: nowrap;
    }
    StatusLine > .status-line--where { text-style: bold; background: $warning; color: $text; }
    StatusLine.-production > .status-line--where { background: $error; }
    StatusLine > .status-line--client { color: $text-muted; }
    StatusLine > .status-line--read-only { background: $secondary; color: $text; text-style: bold; }
    StatusLine > .status-line--masked { background: $primary; color: $text; text-style: bold; }
    StatusLine > .status-line--busy { color: $accent; text-style: bold; }
    StatusLine > .status-line--error { color: $text-error; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "status-line--where",
        "status-line--client",
        "status-line--read-only",
        "status-line--masked",
        "status-line--busy",
        "status-line--error",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._where = ""
        self._where_colour: Color | None = None

    @property
    def tui(self) -> TuiApp:
        return tui_of(self.app)

    def on_mount(self) -> None:
        conn = self.tui.connection
        if conn.sandbox:
            self._where = "SANDBOX"
        else:
            label = f"{conn.label} " if conn.label else ""
            # Another platform names its tenant in the platform words after this part.
            tenant = f"{conn.tenant} @ " if conn.platform == "emporix" else ""
            self._where = f"{label}{tenant}{conn.api_host}"
            if conn.label and conn.label.lower().startswith("prod"):
                self.add_class("-production")
        if conn.color:
            with contextlib.suppress(Exception):
                self._where_colour = Color.parse(conn.color)
                # The whole line carries a tint of it, so production and staging differ at a glance.
                self.styles.background = self._where_colour.with_alpha(0.35)
        names = ("read_only", "read_only_reason", "busy_text", "last_error", "restrictions")
        for name in (*names, "masked"):
            watch_app(self, name, self._changed)

    def _changed(self, _value: Any = None) -> None:
        self.tooltip = self.tui.read_only_reason if self.tui.read_only else None
        # One line of fixed height: a repaint, never a layout pass (busy changes per keystroke).
        self.refresh()

    @property
    def parts(self) -> dict[str, str]:
        """What each part says now (empty when not shown), as the agent reads it."""
        app = self.tui
        # A served session names its agent: many people share the host's one API client.
        policy = getattr(app, "policy", None)
        agent = f"{policy.agent} " if policy is not None and policy.served and policy.agent else ""
        masked, error = bool(getattr(app, "masked", False)), app.last_error
        conn = app.connection
        client = f"{agent}as {conn.client_id}{sees_only(app)}"
        if conn.platform != "emporix":
            # Emporix's line stays as it always was; another platform says which it is.
            wide = self.size.width >= NARROW or not self.size.width
            narrow = f" · {agent.strip()}" if agent else ""
            client = platform_words(conn) + (f" · {client}" if wide else narrow)
        return {
            "where": self._where,
            "client": client,
            "read-only": "READ-ONLY" if app.read_only else "",
            "masked": "MASKED" if masked else "",
            "busy": f"⟳ {app.busy_text}…" if app.busy_text else "",
            # An error may quote a customer's e-mail (a taken login, a server's message).
            "error": f"✖ {mask_emails_in(error) if masked else error}" if error else "",
        }

    def render(self) -> Text:
        parts = self.parts
        style = self.get_component_rich_style
        where_style = style("status-line--where")
        if self._where_colour is not None:
            where_style += Style(bgcolor=self._where_colour.rich_color)
        line = Text(no_wrap=True, overflow="crop", end="")
        line.append(f" {parts['where']} ", where_style)
        line.append(f" {parts['client']} ", style("status-line--client"))
        if parts["read-only"]:
            line.append(f" {parts['read-only']} ", style("status-line--read-only"))
        if parts["masked"]:
            line.append(f" {parts['masked']} ", style("status-line--masked"))
        busy = parts["busy"]
        # The busy sign gives up its padding (never a badge) when the line is full.
        full = self.size.width or BUSY_WIDTH + line.cell_len
        width = max(min(BUSY_WIDTH, full - line.cell_len), 2)
        if len(busy) > width - 1:
            busy = busy[: width - 2] + "…"
        line.append(busy.ljust(width - 1) + " ", style("status-line--busy"))
        error = parts["error"]
        room = self.size.width - line.cell_len
        if error and room > 0:
            if len(error) > room:
                error = error[: max(room - 1, 0)] + "…"
            line.append(error, style("status-line--error"))
        return line
