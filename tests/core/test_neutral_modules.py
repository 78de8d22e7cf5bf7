"""The diagnosis, mask and case-note modules load without Textual (and the core ones without
httpx or a platform), so the UI task and any other front end can call them alone."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import importlib, sys
importlib.import_module({module!r})
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] == "textual" or m in {forbidden!r})))
"""
CORE_FORBIDDEN = ("httpx", "tui.emporix", "tui.kibo", "tui.sandbox")


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("tui.core.diagnosis", CORE_FORBIDDEN),
        ("tui.core.mask", CORE_FORBIDDEN),
        ("tui.core.casenote", CORE_FORBIDDEN),
        ("tui.emporix.diagnosis", ()),
        ("tui.kibo.diagnosis", ()),
    ],
)
def test_module_loads_without_textual_or_what_it_must_not_know(
    module: str, forbidden: tuple[str, ...]
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module, forbidden=set(forbidden))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} loaded {done.stdout.strip()}"
