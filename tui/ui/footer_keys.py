"""Footer entries that appear only when the terminal is wide enough to show them without clipping."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from textual.screen import Screen

WIDE = 110
"""At 80 columns the footer holds only the keys every agent needs; from this width the change keys too."""


def show_when_wide(screen: Screen[Any], binding_ids: Collection[str], width: int) -> None:
    """Show the bindings with these ids in the footer when `width` >= WIDE, else keep them in help only."""
    wide = width >= WIDE
    table = screen._bindings.key_to_bindings
    changed = False
    for key, bindings in table.items():
        if any(b.id in binding_ids and b.show != wide for b in bindings):
            table[key] = [replace(b, show=wide) if b.id in binding_ids else b for b in bindings]
            changed = True
    if changed:
        screen.refresh_bindings()
