"""Renderables for a record's detail tabs from its kind: label/value fields and the raw JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.highlight import highlight

from tui.core.shown import bounded_json, cut
from tui.ui.masking import mask_of, shown

NONE = Text("—", style="dim")


def cell_text(value: Any) -> str:
    """A value as words for a cell or a field: yes/no, dates without microseconds, "" for none."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    return str(value)


def field_value(app: Any, label: str, value: Any, revealed: Any = None) -> Text:
    """The value as the screen shows it; `revealed`, the one value mask mode's `v` shows whole."""
    is_revealed = revealed is not None and value == revealed
    text = cell_text(value if is_revealed else shown(app, label, value))
    if not text:
        return NONE
    # A multi-megabyte value would take minutes to lay out: a page of it, and how to see the rest.
    part, note = cut(text)
    out = Text(part)
    if note:
        out.append(f"\n({note})", style="italic")
    return out


def fields_view(app: Any, rows: Sequence[tuple[str, Any]], revealed: Any = None) -> Table:
    """Label and value, one per line; values masked in mask mode (but `revealed`) and never
    read as markup."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=16)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(Text(label), field_value(app, label, value, revealed))
    return table


def raw_view(app: Any, wire: dict[str, Any], revealed: str | None = None) -> Content:
    """The record as on the wire, unknown fields included (masked in mask mode, but the wire
    path `revealed`); long texts and deep nesting cut, with a note first saying so (`o` shows
    it whole)."""
    text, note = bounded_json(mask_of(app, revealed).record(wire))
    content = highlight(text, language="json")
    return Content.assemble(f"({note})\n\n", content) if note else content
