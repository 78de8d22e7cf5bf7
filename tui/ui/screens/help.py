"""Help for the current screen: every key it (and the app) offers, with what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from tui.ui.change_actions import is_change
from tui.ui.literal import literal
from tui.ui.screens.modal import Modal


def _our_bindings(screen: Screen[object]) -> set[tuple[str, str]]:
    """The bindings this app declares (screen, focused widgets, app), not Textual's generic
    ones (scrolling, `super+c`, cursor movement inside an input), which would bury ours."""
    nodes = [screen.app, *screen.focus_chain, screen]
    focused = screen.focused
    while focused is not None and focused is not screen:
        nodes.append(focused)
        focused = focused.parent  # type: ignore[assignment]
    found: set[tuple[str, str]] = set()
    for node in nodes:
        for cls in type(node).__mro__:
            if cls.__module__.startswith("tui."):
                found.update(
                    (b.action, b.description)
                    for b in cls.__dict__.get("BINDINGS", [])
                    if isinstance(b, Binding)
                )
    return found


class HelpScreen(Modal[None]):
    """A scrollable list of keys; Esc, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close"),
    ]

    def __init__(self, title: str, intro: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.help_title = title
        self.intro = intro
        self.rows = rows

    @classmethod
    def for_screen(cls, screen: Screen[object]) -> HelpScreen:
        """Collect the screen's active bindings (the focused widget's, the screen's and the app's)."""
        rows: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        app = screen.app

        own = {getattr(b, "key", None) for b in type(screen).__dict__.get("BINDINGS", [])}

        overrides: dict[str, tuple[str, str, str]] = getattr(screen, "HELP_KEYS", {})

        def rank(item: tuple[str, ActiveBinding]) -> int:
            # The screen's own keys first, then the app's, then generic keys (focus, scrolling).
            binding, node = item[1].binding, item[1].node
            if (node is screen and (binding.key in own or binding.id in overrides)) or (
                node is not app and binding.show
            ):
                return 0
            return 1 if node is app else 2

        ours = _our_bindings(screen)
        read_only_reason = getattr(app, "read_only_reason", "")
        for key, active in sorted(screen.active_bindings.items(), key=rank):
            binding = active.binding
            if not binding.description or binding.system:
                continue
            if (binding.action, binding.description) not in ours:
                continue
            display = screen.app.get_key_display(binding)
            description, tooltip = binding.description, binding.tooltip
            if binding.id in overrides:
                display, description, tooltip = overrides[binding.id]
            if (display, description) in seen:
                continue
            seen.add((display, description))
            if getattr(app, "read_only", False) and is_change(binding.action):
                note = f"does nothing while read-only ({read_only_reason})"
            elif active.enabled:
                note = tooltip
            else:
                note = "not available right now"
            rows.append((display or key, description, note))
        # The screen's keys that the focused widget hides right now (letters while the search
        # box has focus): help is for the screen, not only for the box.
        for binding in type(screen).__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding) or binding.id in overrides:
                continue
            if not binding.description:
                continue  # a key without words (scrolling) is told in the screen's HELP
            if screen.check_action(binding.action.partition("(")[0], ()) is False:
                continue  # a key that cannot work here is not offered (no queues configured)
            display = app.get_key_display(binding)
            if (display, binding.description) not in seen:
                seen.add((display, binding.description))
                note = binding.tooltip
                if getattr(app, "read_only", False) and is_change(binding.action):
                    note = f"does nothing while read-only ({read_only_reason})"
                rows.append((display, binding.description, note))
        extra = getattr(screen, "EXTRA_HELP", ())
        rows.extend(extra)

        title = getattr(screen, "HELP_TITLE", type(screen).__name__)
        own_intro = getattr(screen, "help_intro", None)  # a screen whose words depend on data
        intro = (own_intro() if callable(own_intro) else getattr(screen, "HELP", "")) or ""
        read_only = getattr(screen.app, "read_only", False)
        if read_only:
            reason = getattr(screen.app, "read_only_reason", "")
            intro = f"{intro}\nREAD-ONLY: change keys do nothing and say why ({reason}).".strip()
        return cls(title, intro, rows)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")
        for key, description, note in self.rows:
            table.add_row(Text(key), Text(description), Text(note))
        with Vertical(id="dialog"):
            yield Label(literal(f"Help: {self.help_title}"), classes="dialog-title")
            if self.intro:
                yield Static(literal(self.intro), id="intro")
            with VerticalScroll(id="keys"):
                yield Static(table)
            yield Label("Esc, q or ? closes", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss()

    async def leave_for_search(self) -> bool:
        await self.dismiss()
        return True
