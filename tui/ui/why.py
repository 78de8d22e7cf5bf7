"""`w` ("why") and `c` (case note) on any screen with a record: open the diagnosis, copy the note.

`open_diagnosis(app, kind, record)` is the one entry for every platform's screens: it asks the
app's backend for the diagnosis in a worker (a busy line while it runs, a failure in words) and
shows it in `DiagnosisScreen`, with the keys of the screen it was opened from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tui.ui.case_note import copy_case_note
from tui.ui.errors import report_error
from tui.ui.protocol import tui_of
from tui.ui.screens.diagnosis import DiagnosisScreen
from tui.ui.widgets.kind_keys import KindKeys

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

WHY_BINDING = Binding(
    "w",
    "why",
    "Why",
    id="why",
    tooltip="Why can't this customer sign in or order: every check, and the key that fixes it",
)
CASE_NOTE_BINDING = Binding(
    "c",
    "case_note",
    "Case note",
    id="case-note",
    show=False,
    tooltip="Copy a case note of your changes for the ticket (OSC 52), and show it",
)
WHY_PALETTE = "Why can't this customer sign in or order?"


def fix_keys(screen: Screen[Any]) -> dict[str, str]:
    """Binding id → key, for the screen's own bindings that can run now: the fixes a diagnosis
    opened from it may offer (the agent's `[keymap]` keys, as the screen has them)."""
    keys: dict[str, str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        # A record screen binds its kind's actions on its body (KindKeys), not on itself.
        own = active.node is screen or isinstance(active.node, KindKeys)
        if own and binding.id and active.enabled:
            keys.setdefault(binding.id, key)
    return keys


def _key_of(app: App[Any], kind: str, record: Any) -> str:
    try:
        return str(tui_of(app).backend.kinds[kind].key(record))
    except Exception:  # a kind the backend does not describe: the diagnosis will say so
        return kind


def open_diagnosis(app: App[Any], kind: str, record: Any) -> None:
    """Diagnose `record` (of `kind`) in a worker and show the checklist over the current screen.
    A fix key pressed there runs that binding's action on this screen, if it still shows the
    same record; the action asks before it changes anything, as it always does."""
    screen = app.screen
    keys = fix_keys(screen)
    key = _key_of(app, kind, record)

    async def diagnose() -> None:
        try:
            async with tui_of(app).busy(f"Checking {key}"):
                diagnosis = await tui_of(app).backend.diagnose(kind, record)
        except Exception as exc:
            report_error(app, exc, action=f"check why {key} cannot sign in or order")
            return
        if app.screen is not screen:
            app.notify(
                f"The check of {key} is ready, but you moved on: press w there again.",
                title="Why",
            )
            return

        def chosen(binding_id: str | None) -> None:
            if binding_id:
                run_fix(app, screen, binding_id, kind, key)

        app.push_screen(DiagnosisScreen(diagnosis, keys), chosen)

    app.run_worker(
        diagnose(), group="diagnose", exclusive=True, exit_on_error=False, description="diagnose"
    )


def run_fix(app: App[Any], screen: Screen[Any], binding_id: str, kind: str, key: str) -> None:
    """Run the binding `binding_id` of `screen` for the record `key`, only if that screen is on
    top again, still targets that record, and has nothing marked (a bulk hold would take those)."""
    target = getattr(screen, "change_target", lambda: None)()
    marked = getattr(screen, "marked", None)
    if app.screen is not screen or target is None or _key_of(app, kind, target) != key:
        app.notify(f"Not started: {key} is no longer the one selected.", severity="warning")
        return
    if marked:
        app.notify(
            f"Not started: rows are marked, so the key would act on them. Clear the marks "
            f"(Esc) or press it on {key} yourself.",
            severity="warning",
        )
        return
    for active in screen.active_bindings.values():
        own = active.node is screen or isinstance(active.node, KindKeys)
        if own and active.binding.id == binding_id and active.enabled:
            # On the node that binds it: a record screen's kind keys live on its body.
            app.call_later(app.run_action, active.binding.action, active.node)
            return


class WhyKeys:
    """Mixin for a screen whose `change_target()` is a record of `WHY_KIND`: `w` and `c`.

    The screen lists `WHY_BINDING` and `CASE_NOTE_BINDING` in its own BINDINGS (Textual reads
    bindings from screens, not from mixins)."""

    WHY_KIND = "customer"

    def action_why(self) -> None:
        screen: Any = self
        target = screen.change_target()
        if target is None:
            screen.notify(f"Highlight a {self.WHY_KIND} first (or wait until it is loaded).")
            return
        open_diagnosis(screen.app, self.WHY_KIND, target)

    def action_case_note(self) -> None:
        copy_case_note(self.app)  # type: ignore[attr-defined]
