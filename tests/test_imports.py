"""The clients, the sandbox and the command-line plumbing import in a fresh interpreter without Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import importlib, sys
importlib.import_module({module!r})
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


@pytest.mark.parametrize(
    "module",
    [
        "tui.emporix",
        "tui.emporix.client",
        "tui.emporix.models",
        "tui.kibo",
        "tui.sandbox",
        "tui.cli",
        "tui.settings",
        "tui.connection",
    ],
)
def test_module_imports_without_loading_textual(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} loaded {done.stdout.strip()}"
