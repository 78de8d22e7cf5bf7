"""The record list's keys: the kind's quick filters and sorts, the k9s list keys, its help and palette entries."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.core.kinds import RecordKind
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.record_search import Choice, filter_keys_display, help_intro, help_keys, sort_help
from tui.ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from tui.ui.widgets.record_table import RecordTable

FILTER_KEYS = ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9")
"""The keys a kind's quick filters may use; those it does not use are neither shown nor live."""


class RecordListKeys(Screen[None]):
    """The kind's quick filters and sorts on their keys, its help in its words, and the list
    keys (j/k/g/G, ctrl+w). The F-keys are declared here rather than on the list itself, so help
    lists only the kind's own (by `HELP_KEYS`) and the key bar one entry for them all."""

    kind_name: str
    parent_key: str | None
    choice: Choice | None
    _kind: RecordKind | None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "quick_filter('f2')", "Filters", id="quick-filters"),
        *(
            Binding(key, f"quick_filter('{key}')", "Filter", id=f"quick-{key}", show=False)
            for key in FILTER_KEYS[1:]
        ),
    ]

    @property
    def tui(self) -> TuiApp:
        return tui_of(self.app)

    @property
    def table(self) -> RecordTable:
        raise NotImplementedError

    def start_search(self) -> None:
        raise NotImplementedError

    def _update_summary(self, counted: str | None = None) -> None:
        raise NotImplementedError

    @property
    def kind(self) -> RecordKind:
        if self._kind is None:
            self._kind = self.tui.backend.kinds[self.kind_name]
            self.choice = Choice(self._kind)
        return self._kind

    @property
    def chosen(self) -> Choice:
        if self.choice is None:
            self.choice = Choice(self.kind)
        return self.choice

    # Help: the kind's words ------------------------------------------------------------------

    @property
    def HELP_TITLE(self) -> str:
        under = f" of {self.parent_key}" if self.parent_key else ""
        return f"{self.kind.title} list{under}"

    def help_intro(self) -> str:
        """The help screen's intro, in the kind's words (a kind is known only once built)."""
        return help_intro(self.kind)

    @property
    def HELP_KEYS(self) -> dict[str, tuple[str, str, str]]:
        return help_keys(self.kind)

    @property
    def EXTRA_HELP(self) -> list[tuple[str, str, str]]:
        return sort_help(self.kind)

    def filter_keys_display(self) -> str:
        """The key bar's one entry for every quick filter (the app's `get_key_display` asks)."""
        return filter_keys_display(self.kind)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "to_list":
            return self.query_one("#search", SearchBox).has_focus
        if action == "quick_filter":
            key = str(parameters[0]) if parameters else ""
            return self.chosen.quick_filter(key) is not None
        return True

    def set_choice(self, choice: Choice) -> None:
        """Search again with these filters and this sort (a key, the palette or command mode)."""
        self.choice = choice
        self._update_summary()
        self.start_search()

    def action_quick_filter(self, key: str) -> None:
        quick = self.chosen.quick_filter(key)
        if quick is not None:
            self.set_choice(self.chosen.toggled(quick))

    def action_clear_filters(self) -> None:
        self.set_choice(self.chosen.cleared())

    def action_cycle_sort(self) -> None:
        if len(self.kind.sorts) < 2:
            self.notify(f"{self.kind.plural.capitalize()} have one order only.", timeout=3)
            return
        self.set_choice(self.chosen.sorted_by(self.chosen.sort_index + 1))

    def action_reverse_sort(self) -> None:
        index = self.chosen.reverse_index()
        if index is None:
            sort = self.chosen.sort
            why = (
                "Best match has no direction: press s for a sort by field, then S reverses it."
                if sort.value is None
                else f"The server offers “{sort.label}” in this direction only: s for another order."
            )
            self.notify(why, timeout=4)
            return
        self.set_choice(self.chosen.sorted_by(index))

    def action_reload(self) -> None:
        self.start_search()

    def action_list_move(self, step: int) -> None:
        self.table.action_cursor(step)

    def action_list_top(self) -> None:
        self.table.action_first()

    def action_list_bottom(self) -> None:
        self.table.action_last()

    def action_toggle_wide(self) -> None:
        wide = self.table.toggle_wide()
        self.notify(
            "Wide: every column; ←/→ scroll sideways, ctrl+w again to fit."
            if wide
            else "Columns fitted to the terminal again.",
            timeout=3,
        )

    def palette_commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        choice = self.chosen
        commands: list[tuple[str, Callable[[], Any], str]] = [
            ("Sort: next order", self.action_cycle_sort, f"Now: {choice.sort.label}"),
        ]
        for quick in self.kind.quick_filters:
            commands.append(
                (
                    f"Filter: {quick.label.lower()}",
                    partial(self.action_quick_filter, quick.key),
                    quick.key.upper(),
                )
            )
        if self.kind.quick_filters:
            commands.append(
                ("Filter: clear all", self.action_clear_filters, "Every quick filter off")
            )
        commands.extend(getattr(self, "queue_palette", list)())
        return commands
