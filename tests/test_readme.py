"""The README stays true: two Quick start lines, and the key ids it documents exist in the app."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.binding import Binding

import tui.ui.screens
from tui.ui.app import CustomerTuiApp

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def binding_ids() -> set[str]:
    classes: list[type] = [CustomerTuiApp]
    for info in pkgutil.iter_modules(tui.ui.screens.__path__):
        module = importlib.import_module(f"tui.ui.screens.{info.name}")
        classes += [obj for obj in vars(module).values() if isinstance(obj, type)]
    ids = set()
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def test_quick_start_is_one_sh_block_of_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    lines = [line for line in blocks[0].splitlines() if line.strip()]
    assert len(lines) == 2
    assert "customer-tui" in lines[0] and "pytest" in lines[1]


def test_keymap_ids_in_the_readme_are_binding_ids() -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `[keymap]`"))
    documented = set(re.findall(r"`([a-z][a-z0-9-]*)`", row.split("Ids:", 1)[1]))
    assert documented, row
    assert documented <= binding_ids(), documented - binding_ids()


def test_the_diagnosis_demo_tables_name_every_rule() -> None:
    from tui.emporix.diagnosis import RULE_IDS as EMPORIX
    from tui.kibo.diagnosis import RULE_IDS as KIBO

    section = README.split("## Answering the ticket", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| (.*?) \|", section, re.M))
    rules = {rule for cell in named for rule in re.findall(r"`([a-z0-9-]+)`", cell)}
    missing = [r for r in (*EMPORIX, *KIBO) if r.split(".", 1)[1] not in rules]
    assert not missing, f"the README's diagnosis demo tables lack {missing}"
