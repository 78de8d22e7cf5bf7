"""Helpers for the $EDITOR and $PAGER tests: an app whose terminal can be handed over, and scripts.

Under the test driver Textual cannot hand the terminal over (`suspend` raises), so the app here
is the real one whose `suspend` hands over nothing: the scripts need no terminal.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui.ui import app as app_module
from tui.ui.app import CustomerTuiApp


class TerminalApp(CustomerTuiApp):
    """The app as on a terminal that can be handed to another program."""

    CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")

    @contextmanager
    def suspend(self) -> Iterator[None]:
        yield


def script(tmp_path: Path, name: str, body: str) -> str:
    """An executable shell script; it logs the file it was given and that file's mode."""
    path = tmp_path / name
    path.write_text(
        f'#!/bin/sh\necho "$1 $(stat -c %a "$1")" >> {tmp_path}/calls\n{body}\n', encoding="utf-8"
    )
    path.chmod(0o700)
    return str(path)


def calls(tmp_path: Path) -> list[tuple[str, str]]:
    log = tmp_path / "calls"
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return [tuple(line.rsplit(" ", 1)) for line in lines]  # type: ignore[misc]


def gone(path: str) -> bool:
    return not Path(path).exists()


def notices(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]
