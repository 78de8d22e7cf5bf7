"""Command palette provider: open a customer by number, recent customers, toggles, and the screen's actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.ui.case_note import copy_case_note
from tui.ui.change_actions import CHANGE_ACTIONS
from tui.ui.literal import markup_safe
from tui.ui.masking import shown, shown_text
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.switch_profile import profile_commands, sandbox_side_commands
from tui.ui.why import WHY_PALETTE

if TYPE_CHECKING:
    from textual.fuzzy import Matcher


def _is_change(callback: Callable[[], Any]) -> bool:
    """True for a screen's change action (`action_edit`, `action_undo`, ...)."""
    name = getattr(callback, "__name__", "")
    return name.startswith("action_") and name.removeprefix("action_") in CHANGE_ACTIONS


class CustomerCommands(Provider):
    """Knows the app and the current screen; recent customers match by number, name or e-mail."""

    @property
    def tui(self) -> TuiApp:
        return tui_of(self.app)

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = self.tui
        emporix = app.platform == "emporix"
        commands: list[tuple[str, Callable[[], Any], str]] = []
        if emporix:  # customer numbers, and the recent customers below, are Emporix's
            commands.append(
                (
                    "Open customer by number…",
                    app.action_open_customer,
                    "Type a customer number to open",
                )
            )
        # Never offer what cannot work: a token without the manage scope stays read-only.
        if not app.read_only or app.can_leave_read_only:
            commands.append(
                (
                    "Read-only: switch off" if app.read_only else "Read-only: switch on",
                    app.action_toggle_read_only,
                    app.read_only_reason or "Refuse every change until switched off",
                )
            )
        commands += [
            (
                "Mask mode: switch off" if app.masked else "Mask mode: switch on",
                app.action_toggle_mask,
                "Show contact data in full again"
                if app.masked
                else "Mask e-mails, phones, streets and postcodes, for sharing the screen",
            ),
            (
                "Set ticket…",
                app.action_set_ticket,
                f"Now: {app.ticket}"
                if app.ticket
                else "The ticket every change is journalled with",
            ),
            (
                "Copy case note",
                partial(copy_case_note, self.app),
                f"What you did for {app.ticket}" if app.ticket else "This session's changes (c)",
            ),
            ("Theme: toggle light/dark", app.action_toggle_theme, "Switch between light and dark"),
            ("Help for this screen", app.action_help, "List this screen's keys"),
        ]
        why = getattr(self.screen, "action_why", None)
        if callable(why):
            commands.append(
                (getattr(self.screen, "WHY_PALETTE", WHY_PALETTE), why, "Every check, in words (w)")
            )
        # The screen's own palette entries (search: sort, filters; detail: reload, copy; changes),
        # without the changes while read-only: they would only say that they cannot work.
        screen_commands = getattr(self.screen, "palette_commands", None)
        if callable(screen_commands):
            commands.extend(
                command
                for command in screen_commands()
                if not (app.read_only and _is_change(command[1]))
            )
        commands.extend(profile_commands(app))
        commands.extend(sandbox_side_commands(app))
        for item in app.recent.items(app.connection.tenant) if emporix else ():
            # Matched as shown: in mask mode the search never finds by what the screen hides.
            name = shown_text(app, item.name)
            label = f"Recent: {item.number} {name}".rstrip()
            email = shown(app, "email", item.email) if item.email else "Open again"
            commands.append((label, partial(app.open_customer, item.number), email))
        return commands

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            # The palette reads these as markup; recent customers' names and e-mails are data.
            yield DiscoveryHit(markup_safe(title), callback, help=markup_safe(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = self.tui
        stripped = query.strip().lstrip("#")
        if stripped.isdigit() and app.platform != "emporix":
            kind = next(iter(app.backend.kinds.values()))
            yield Hit(
                1.0,
                _highlighted(matcher, f"Open {kind.title.lower()} {stripped}"),
                partial(app.open_record, kind.name, stripped),
                text=f"Open {kind.title.lower()} {stripped}",
                help=f"Open this {kind.title.lower()} id directly",
            )
        elif stripped.isdigit():
            yield Hit(
                1.0,
                _highlighted(matcher, f"Open customer {stripped}"),
                partial(app.open_customer, stripped),
                text=f"Open customer {stripped}",
                help="Open this customer number directly",
            )
        for title, callback, help_text in self._commands():
            score = max(matcher.match(title), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    _highlighted(matcher, title),
                    callback,
                    text=title,
                    help=markup_safe(help_text),
                )


def _highlighted(matcher: Matcher, title: str) -> Content:
    """`matcher.highlight` reads the title as markup: a `[/]` in a recent customer's name ends
    the search, and its offsets count the raw text. The same highlight on the plain title."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
