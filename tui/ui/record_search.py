"""A record list's quick filters and sort as chosen, its help in the kind's words, and its result messages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message

from tui.core.kinds import QuickFilter, RecordKind, Sort
from tui.core.paging import Pager

_DIRECTION = re.compile(r"^(?P<field>.+?)(?P<sep>[ :])(?P<dir>asc|desc)$", re.IGNORECASE)


def reversed_value(sort: str | None) -> str | None:
    """The same field in the other direction ("id asc" → "id desc", "lastName:asc" →
    "lastName:desc"); None when the sort has no direction (best match)."""
    if sort is None:
        return None
    found = _DIRECTION.match(sort)
    if found is None:
        return None
    other = "desc" if found["dir"].lower() == "asc" else "asc"
    return f"{found['field']}{found['sep']}{other}"


@dataclass(frozen=True)
class Choice:
    """The quick filters switched on (name → chosen value, "" for an on/off one) and the sort."""

    kind: RecordKind
    filters: dict[str, str] = field(default_factory=dict)
    sort_index: int = 0

    @property
    def sort(self) -> Sort:
        return self.kind.sorts[self.sort_index] if self.kind.sorts else Sort(None, "best match")

    def quick_filter(self, key: str) -> QuickFilter | None:
        """The kind's quick filter on that key (e.g. "f2"), if it has one."""
        return next((f for f in self.kind.quick_filters if f.key == key), None)

    def toggled(self, quick: QuickFilter) -> Choice:
        """With that filter switched on or off, or, for a cycling one, on to its next value
        (off after the last)."""
        filters = dict(self.filters)
        current = filters.pop(quick.name, None)
        if quick.choices:
            index = quick.choices.index(current) + 1 if current in quick.choices else 0
            if index < len(quick.choices):
                filters[quick.name] = quick.choices[index]
        elif current is None:
            filters[quick.name] = ""
        return Choice(self.kind, filters, self.sort_index)

    def cleared(self) -> Choice:
        return Choice(self.kind, {}, self.sort_index)

    def sorted_by(self, index: int) -> Choice:
        return Choice(self.kind, dict(self.filters), index % max(len(self.kind.sorts), 1))

    def fragments(self) -> list[str]:
        """The platform's filter texts for `Backend.find(filters=...)`, in the kind's order."""
        return [
            f.query(self.filters[f.name]) for f in self.kind.quick_filters if f.name in self.filters
        ]

    def words(self) -> str:
        """The filters in words for the summary line."""
        parts = []
        for f in self.kind.quick_filters:
            if f.name in self.filters:
                value = self.filters[f.name]
                parts.append(f"{f.label} {value}".strip())
        return ", ".join(parts) or "none"

    def reverse_index(self) -> int | None:
        """Where the current sort's other direction is among the kind's sorts, or None."""
        other = reversed_value(self.sort.value)
        if other is None:
            return None
        return next((i for i, s in enumerate(self.kind.sorts) if s.value == other), None)


def help_intro(kind: RecordKind) -> str:
    """What the list's help says first, in the kind's words."""
    hint = kind.search_hint or "text"
    return (
        f"Type to find {kind.plural} ({hint}); `field:value` filters on one field. "
        "Results follow as you type; Enter or ↓ moves to the list, Enter opens. "
        "↑ in the box walks your earlier searches. : opens command mode."
    )


def help_keys(kind: RecordKind) -> dict[str, tuple[str, str, str]]:
    """Help rows for the quick filter keys, by binding id: (key, label, what it does)."""
    found = {}
    for quick in kind.quick_filters:
        binding = "quick-filters" if quick.key == "f2" else f"quick-{quick.key}"
        cycle = f"cycles {', '.join(quick.choices)}, then off" if quick.choices else "again: off"
        found[binding] = (quick.key.upper(), quick.label, f"Only these ({cycle})")
    return found


def sort_help(kind: RecordKind) -> list[tuple[str, str, str]]:
    """The help row naming the kind's sort orders."""
    sorts = " · ".join(s.label for s in kind.sorts)
    return [("s / S", "Sort orders", sorts)] if sorts else []


def filter_keys_display(kind: RecordKind) -> str:
    """The key bar's one entry for every quick filter: the first key to the last."""
    keys = [q.key.upper() for q in kind.quick_filters]
    if not keys:
        return "F2"
    return keys[0] if len(keys) == 1 else f"{keys[0]}–{keys[-1]}"  # noqa: RUF001


class RecordsAnswer(Message):
    """Records for one search generation of a list (or the error that stopped it)."""

    def __init__(
        self,
        generation: int,
        pager: Pager[Any] | None,
        records: list[Any],
        error: BaseException | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.pager = pager
        self.records = records
        self.error = error


class RecordsFound(RecordsAnswer):
    """The first page of a search arrived (or failed)."""


class RecordsPage(RecordsAnswer):
    """A further page of the current search arrived (or failed)."""
