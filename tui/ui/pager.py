"""Show a long text whole in the agent's pager ($PAGER, else less or more), the app suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

from textual.app import SuspendNotSupported

from tui import paths
from tui.core.private_files import write_private

FALLBACK_PAGERS = ("less", "more")


def pager_command(env: dict[str, str] | None = None, *, served: bool = False) -> list[str] | None:
    """The pager to run: $PAGER (split like a shell would), else the first of less/more found.

    A served session (`serve ssh`) runs on the host, where a pager's shell escape (`!sh` in
    less and more) would be a shell for the agent: there it is less only, run with LESSSECURE."""
    env = dict(os.environ) if env is None else env
    if served:
        found = shutil.which("less")
        return [found] if found else None
    named = shlex.split(env.get("PAGER", ""))
    if named and shutil.which(named[0]):
        return named
    for name in FALLBACK_PAGERS:
        found = shutil.which(name)
        if found:
            return [found]
    return None


def view_file(name: str) -> Path:
    """Where a text goes when no pager can show it: the state directory, readable by the user only."""
    return paths.views_dir() / name


def show_in_pager(app: Any, text: str, name: str) -> str:
    """Page `text`; returns what happened, in words, for a notification.

    The text goes to the pager's standard input, so it never touches the disk. With no pager,
    or where the terminal cannot be handed over (a web or test driver), it is written to a
    private file instead, and the answer says where.
    """
    served = bool(getattr(getattr(app, "policy", None), "served", False))
    command = pager_command(served=served)
    if command is not None:
        env = {**os.environ, "LESSSECURE": "1"} if served else None
        try:
            with app.suspend():
                subprocess.run(command, input=text.encode("utf-8"), check=False, env=env)
        except SuspendNotSupported:
            pass
        except OSError as exc:
            return _to_file(text, name, f"the pager {command[0]} did not start ({exc.strerror})")
        else:
            return ""
    return _to_file(text, name, "no pager here" if command is None else "no terminal to hand over")


def _to_file(text: str, name: str, why: str) -> str:
    path = view_file(name)
    write_private(path, text.encode("utf-8"))
    return f"Could not page it ({why}); it is whole in {path} (readable by you only)."
