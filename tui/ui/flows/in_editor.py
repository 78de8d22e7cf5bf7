"""A part of a record as JSON in the agent's $EDITOR until it parses: Emporix mixins, Kibo attributes.

One path for both platforms: the served-session refusal, the text (masked in mask mode, the
masked values put back afterwards), the editor, the check with "Edit again" keeping the
agent's text, and "unchanged: nothing was sent". What is done with the result (the review,
the safe save, the conflict view) is the caller's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tui.core.mask import mask_record, restore_masked
from tui.ui.editor import edit_text
from tui.ui.masking import is_masked
from tui.ui.protocol import tui_of
from tui.ui.screens.confirm import ConfirmScreen


def json_text(value: Any) -> str:
    """A value as the editor shows it: indented JSON, a newline at the end."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def editor_refused(app: Any, title: str, instead: str) -> bool:
    """True (after saying why) in a served session: the editor would run on the host, and
    editors start shells (vi's :!sh). `instead` says what the agent can do."""
    if not tui_of(app).policy.served:
        return False
    app.notify(
        f"Not in a served session: an editor would run on the host. {instead}",
        title=title,
        severity="warning",
    )
    return True


async def edited_json(
    app: Any,
    value: dict[str, Any],
    parse: Callable[[str], dict[str, Any]],
    *,
    noun: str,
    error: type[Exception],
) -> dict[str, Any] | None:
    """The agent's edit of `value` (the mixins, the attributes), checked by `parse` (which
    raises `error` saying what is wrong and how to fix it); None when there is nothing to
    send, after saying why. `noun` names it in the messages ("mixins", "attributes")."""
    title = noun[:1].upper() + noun[1:]
    # Mask mode: the editor is a screen too. Values left masked go back as they really are.
    shown = mask_record(value) if is_masked(app) else value
    text = json_text(shown)
    while True:
        edited = edit_text(app, text)
        if edited.text is None:
            app.notify(edited.problem, title=f"{title} not edited", severity="error", timeout=10)
            return None
        text = edited.text
        try:
            result = restore_masked(parse(text), value, shown)
        except error as exc:
            again = await app.push_screen_wait(
                ConfirmScreen(
                    f"The edited {noun} cannot be saved",
                    f"{exc}\n\nEdit again: your text comes back as you left it. "
                    "Cancel: nothing is sent.",
                    confirm_label="Edit again",
                    ask_reason=False,
                )
            )
            if again is None:
                app.notify(f"{title} not changed: nothing was sent.", title=title)
                return None
            continue
        if result == value:
            app.notify(f"The {noun} are unchanged: nothing was sent.", title=title)
            return None
        return result
