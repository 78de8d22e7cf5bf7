"""The review's list of changed fields: old -> new, side by side or, for long values, stacked."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from tui.ui.forms import FieldDiff, show_value
from tui.ui.masking import Mask


class DiffView:
    """Field, old value, an arrow, new value: reads the same with and without colour.

    Side by side while every value fits its column; when one would not (a long e-mail, which
    a column would break mid-word), each field takes three lines: its name, now, new, each
    value on the whole width. In mask mode (`mask`) contact data is shown masked, by wire name."""

    def __init__(self, diffs: Sequence[FieldDiff], mask: Mask | None = None) -> None:
        mask = mask or Mask()
        self.diffs = [
            FieldDiff(d.label, d.wire, mask(d.wire, d.before), mask(d.wire, d.after)) for d in diffs
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        field = max((len(d.label) for d in self.diffs), default=5)
        column = (options.max_width - field - 1 - 6) // 2  # the arrow, and a gap around each
        values = [show_value(v) for d in self.diffs for v in (d.before, d.after)]
        if all(len(v) <= column for v in values):
            yield self._side_by_side(field)
        else:
            yield self._stacked()

    def _side_by_side(self, field: int) -> Table:
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Field", style="bold", width=field, no_wrap=True)
        table.add_column("Now", ratio=1, overflow="fold")
        table.add_column("", width=1)
        table.add_column("New", ratio=1, overflow="fold", style="bold")
        for d in self.diffs:
            # Text, not str: a Rich table reads a str cell as markup, and these are customer data.
            table.add_row(Text(d.label), Text(show_value(d.before)), "→", Text(show_value(d.after)))
        return table

    def _stacked(self) -> Group:
        parts: list[RenderableType] = []
        for d in self.diffs:
            values = Table.grid(expand=True)
            values.add_column(width=8, no_wrap=True)
            values.add_column(ratio=1, overflow="fold")
            values.add_row("  now", Text(show_value(d.before)))
            values.add_row("  new →", Text(show_value(d.after), style="bold"))
            parts += [Text(d.label, style="bold"), values]
        return Group(*parts)


def diff_table(diffs: Sequence[FieldDiff], mask: Mask | None = None) -> DiffView:
    """The review's list of changed fields (see DiffView)."""
    return DiffView(diffs, mask)
