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
        "tui.config.resolve",
        "tui.config.connection",
        "tui.config.profiles",
        "tui.connect.backends",
        "tui.core.backend",
        "tui.emporix.backend",
        "tui.emporix.kinds",
        "tui.kibo.backend",
        "tui.kibo.kinds",
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


FIRST_SCREEN = """
import sys
import tui.ui.app, tui.ui.screens.search, tui.emporix.client
print(",".join(sorted(m for m in sys.modules if m.startswith("tui.ui.flows.customer") or m == "click")))
"""


def test_the_first_screen_loads_neither_the_change_flows_nor_httpx_cli() -> None:
    """Start-up time: the change flows load on the first change, httpx's CLI never."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_every_change_key_names_a_flow_that_exists() -> None:
    """The change keys name their flows as strings (loaded on first use): each must exist."""
    import ast
    import inspect

    from tui.ui import change_keys
    from tui.ui.flows import customer as changes

    tree = ast.parse(inspect.getsource(change_keys))
    named = {
        call.args[0].value
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in ("_change", "_on_target")
        and call.args
        and isinstance(call.args[0], ast.Constant)
    }
    assert len(named) == 10
    assert all(callable(getattr(changes, name, None)) for name in named), named


CORE_ALONE = """
import sys
import tui.core.backend, tui.core.kinds, tui.core.paging, tui.core.errors, tui.core.journal
# tui/__init__ parks a None at httpx._main (see there); only real modules count.
print(",".join(sorted(m for m, mod in sys.modules.items() if mod is not None
    and (m.split(".")[0] in ("textual", "httpx", "rich")
         or m.startswith(("tui.emporix", "tui.kibo", "tui.http"))))))
"""


def test_the_core_imports_without_textual_httpx_or_a_platform() -> None:
    """The seam stays neutral at run time too, not only in the import contracts."""
    done = subprocess.run(
        [sys.executable, "-c", CORE_ALONE], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


PLUGINS = """
import os, tui
print(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
"""


@pytest.mark.parametrize(("given", "seen"), [(None, "__all__"), ("", ""), ("logfire", "logfire")])
def test_pydantic_plugins_are_off_unless_the_user_chose(given: str | None, seen: str) -> None:
    """Start-up and secrets: no plugin look-up among the installed packages' entry points, and no
    plugin sees the validated profiles; a value the user set is kept."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    done = subprocess.run(
        [sys.executable, "-c", PLUGINS], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == seen
