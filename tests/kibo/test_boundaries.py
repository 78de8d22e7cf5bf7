"""The house rules for the new parts: Kibo never loads Emporix or Textual; core loads no httpx."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import importlib, sys
importlib.import_module({module!r})
# tui/__init__.py leaves a None placeholder for httpx's CLI: that is not httpx loaded.
real = [m for m, mod in sys.modules.items() if mod is not None]
print(",".join(sorted(m for m in real if m.split(".")[0] in ("textual", "httpx")
      or m.startswith("tui.emporix") or m.startswith("tui.ui"))))
"""


def _loaded(module: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {m for m in done.stdout.strip().split(",") if m}


@pytest.mark.parametrize("module", ["tui.kibo.client", "tui.sandbox.kibo", "tui.http.logs"])
def test_kibo_parts_load_neither_emporix_nor_textual(module: str) -> None:
    loaded = _loaded(module)
    assert not {m for m in loaded if not m.startswith("httpx")}, loaded


def test_core_errors_load_no_httpx() -> None:
    assert _loaded("tui.core.errors") == set()
