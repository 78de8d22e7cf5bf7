"""Edit a text in the agent's own editor ($VISUAL, else $EDITOR, else nano or vi), the app suspended.

The text goes to a temporary file readable by the agent only, removed afterwards whatever
happens; what comes back is for the caller to check (Emporix mixins, later Kibo attributes).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual.app import SuspendNotSupported

FALLBACK_EDITORS = ("nano", "vi")


@dataclass(frozen=True)
class Edited:
    """What came back from the editor: the text, or why there is none (`problem`, in words)."""

    text: str | None
    problem: str = ""


def editor_command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """$VISUAL, then $EDITOR (each split as a shell would, and found on PATH), then nano or vi."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        try:
            named = shlex.split(env.get(name, ""))
        except ValueError:
            continue
        if named and shutil.which(named[0]):
            return named
    for fallback in FALLBACK_EDITORS:
        found = shutil.which(fallback)
        if found:
            return [found]
    return None


def _named_but_missing(env: Mapping[str, str]) -> str:
    named = [f"${n} ({env[n]})" for n in ("VISUAL", "EDITOR") if env.get(n)]
    return f"{' and '.join(named)} not found; " if named else ""


def edit_text(app: Any, text: str, *, suffix: str = ".json") -> Edited:
    """Open `text` in the editor and return what the agent saved (the file 0600, then removed).

    The editor's exit status counts: a non-zero one (`:cq` in vi) means "do not use this".
    """
    env = os.environ
    command = editor_command(env)
    if command is None:
        return Edited(
            None,
            f"No editor found ({_named_but_missing(env)}no nano or vi either): set $VISUAL or "
            "$EDITOR, e.g. export EDITOR=nano. Nothing was changed.",
        )
    fd, name = tempfile.mkstemp(prefix="customer-tui-", suffix=suffix)  # 0600, ours alone
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        try:
            with app.suspend():
                status = subprocess.run([*command, name], check=False).returncode
        except SuspendNotSupported:
            return Edited(
                None, "This terminal cannot be handed to an editor here. Nothing was changed."
            )
        except OSError as exc:
            return Edited(
                None,
                f"The editor {command[0]} did not start ({exc.strerror or exc}). "
                "Nothing was changed.",
            )
        if status != 0:
            return Edited(
                None,
                f"The editor {command[0]} ended with status {status}, so its text is not used. "
                "Nothing was changed.",
            )
        try:
            with open(name, encoding="utf-8") as file:
                return Edited(file.read())
        except (OSError, UnicodeDecodeError) as exc:
            return Edited(None, f"The edited file could not be read ({exc}). Nothing was changed.")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
