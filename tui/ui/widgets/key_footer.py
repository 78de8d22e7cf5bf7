"""The key bar at the bottom of a screen: the keys that work here, drawn as one line.

Textual's `Footer` builds a widget per key and rebuilds them all (about 20 ms at 120 columns, 40 ms
for the first) on every `refresh_bindings`, and bindings are refreshed often: focus moves, the
read-only state, the token's scopes, the highlighted row choosing between Hold and Release. At
start-up that was two rebuilds on the way to the first results (benchmarks/ui_bench.py). This bar
reads the same active bindings, shows them the same way, and redraws one line only when what it
shows has changed. A click on a key presses it, as in `Footer`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget
from textual.widgets import Button

from tui.ui.change_actions import is_change


@dataclass(frozen=True)
class _Entry:
    key: str
    key_display: str
    description: str
    enabled: bool
    tooltip: str
    explains: bool = False
    """Dimmed because read-only, but live: a press says why it does nothing."""


class KeyFooter(Widget, can_focus=False):
    """The active bindings with `show=True`, one per action, and the command palette at the right."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--separator { color: $foreground 20%; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--separator",
    }

    def __init__(self, *, dialog: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dialog = dialog
        """A dialog's bar: keys with one action share an entry ("n/Esc Cancel"), and Enter on a
        focused button says what that button does, since the button, not the dialog, takes it."""
        self._entries: tuple[_Entry, ...] = ()
        self._palette: _Entry | None = None
        self._spans: list[tuple[int, int, _Entry]] = []
        """Where each entry was drawn (start and end cell), for clicks and tooltips."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_bindings()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        # As `Footer`: while the terminal has no focus, keep the keys the agent will come back to.
        if self.app.app_focus and self.is_attached and screen is self.screen:
            self._read_bindings()

    def _read_bindings(self) -> None:
        app = self.app
        entries: dict[str, _Entry] = {}
        palette: _Entry | None = None
        read_only = bool(getattr(app, "read_only", False))
        for key, (node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            explains = enabled and read_only and is_change(binding.action)
            description = binding.description
            show = binding.show
            if self.dialog and key == "enter" and isinstance(node, Button):
                description, show = str(node.label).split(" (")[0], True
            entry = _Entry(
                binding.key,
                app.get_key_display(binding),
                description,
                enabled and not explains,
                tooltip or binding.tooltip or description,
                explains,
            )
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = entry
                continue
            # A dialog's keys that do one thing share an entry: by action, or by what it says
            # (Enter on the Save button and ctrl+s both save).
            same = (entry.description if self.dialog else None) or binding.action
            if show and same not in entries:
                entries[same] = entry
            elif show and self.dialog:
                known = entries[same]
                entries[same] = replace(
                    known, key_display=f"{known.key_display}/{entry.key_display}"
                )
        shown = (tuple(entries.values()), palette)
        if shown != (self._entries, self._palette):
            self._entries, self._palette = shown
            self.refresh()

    @property
    def keys_shown(self) -> list[str]:
        """The keys on the bar, left to right (the command palette's last), as the agent reads them."""
        entries = [*self._entries, *([self._palette] if self._palette else [])]
        return [entry.key_display for entry in entries]

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for entry in self._entries:
            start = line.cell_len
            extra = Style() if entry.enabled else dim
            line.append(f" {entry.key_display} ", key_style + extra)
            if entry.description:
                line.append(f"{entry.description} ", description_style + extra)
            self._spans.append((start, line.cell_len, entry))
        palette = self._palette
        if palette is not None:
            label = Text.assemble(
                ("▏", self.get_component_rich_style("key-footer--separator")),
                (palette.key_display, key_style),
                (f" {palette.description} ", description_style),
            )
            width = self.size.width
            start = max(width - label.cell_len, line.cell_len)
            line.pad_right(start - line.cell_len)
            line.append_text(label)
            self._spans.append((start, line.cell_len, palette))
        return line

    def _entry_at(self, x: int) -> _Entry | None:
        return next((entry for start, end, entry in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        entry = self._entry_at(event.x)
        if entry is None:
            return
        event.stop()
        if entry.enabled or entry.explains:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._entry_at(event.x)
        self.tooltip = entry.tooltip if entry is not None else None
