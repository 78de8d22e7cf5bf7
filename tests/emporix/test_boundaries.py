"""The client layer stands on its own: importing it never loads Textual."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

MODULES = [
    "tui.emporix",
    "tui.emporix.client",
    "tui.emporix.models",
    "tui.emporix.errors",
    "tui.emporix.auth",
    "tui.emporix.query",
    "tui.emporix.validation",
    "tui.emporix.changes",
    "tui.emporix.paging",
    "tui.emporix.retry",
    "tui.emporix.logs",
]


def test_importing_the_client_layer_does_not_load_textual() -> None:
    code = f"import {', '.join(MODULES)}; import sys; assert 'textual' not in sys.modules, 'textual loaded'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_the_check_would_notice_textual() -> None:
    code = "import textual; import sys; assert 'textual' not in sys.modules, 'textual loaded'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0 and "textual loaded" in result.stderr
