"""On the detail of any record kind: `y` copies a field of the tab shown, `Y` the whole record as
JSON (OSC 52), and the header's word on how old the data is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.widgets import TabbedContent

from tui.core.kinds import Column, DetailTab, RecordKind
from tui.core.shown import whole_json
from tui.ui.copy_fields import CopyField
from tui.ui.staleness import LoadedAge
from tui.ui.widgets.record_views import cell_text

COPY_BINDINGS = (
    Binding(
        "y",
        "copy_field",
        "Copy",
        id="copy-field",
        tooltip="Copy a field of this tab: choose it, Enter copies (OSC 52)",
        show=False,
    ),
    Binding(
        "Y",
        "copy_json",
        "Copy JSON",
        id="copy-json",
        tooltip="Copy the whole record as JSON (OSC 52)",
        show=False,
    ),
)
COPY_ACTIONS = frozenset({"copy_field", "copy_json"})


def _fields(rows: list[tuple[str, str, Any]]) -> list[CopyField]:
    return [CopyField(label, key, text) for label, key, value in rows if (text := cell_text(value))]


def record_tab_fields(
    kind: RecordKind,
    tab: DetailTab,
    record: Any,
    items: Sequence[Any] = (),
    columns: Sequence[Column] = (),
) -> list[CopyField]:
    """The fields one tab of the record shows that have a value, in the tab's order: its rows,
    then each of the table's `items` by `columns` ("E-mail 2": the second row's), or on the raw
    tab the whole record and its top-level fields. Each key is what the screen masks it by."""
    if tab.layout == "raw":
        wire = kind.wire(record)
        whole = CopyField(f"Whole {kind.title.lower()} (JSON)", "", whole_json(wire))
        return [whole, *_fields([(key, key, value) for key, value in wire.items()])]
    rows: list[tuple[str, str, Any]] = []
    if tab.rows:
        rows += [(label, label, value) for label, value in tab.rows(record)]
    many = len(items) > 1
    for i, item in enumerate(items, start=1):
        for column in columns:
            label = f"{column.label} {i}" if many else column.label
            rows.append((label, column.name, column.value(item)))
    return _fields(rows)


class RecordCopy:
    """Mixin for RecordDetailScreen: its `record`, `described`, `key` and `_related`."""

    record: Any | None
    key: str
    _related: dict[str, list[Any]]

    def start_age(self) -> None:
        self.age = LoadedAge()
        """When the record shown was read; the header says how long ago."""

    def show_age(self) -> None:
        self._show_header(self.record)  # type: ignore[attr-defined]

    def age_text(self) -> tuple[str, str]:
        age = getattr(self, "age", None)
        return age.words() if age is not None and self.record is not None else ("", "")

    def _tab_shown(self) -> DetailTab:
        kind: RecordKind = self.described  # type: ignore[attr-defined]
        active = (self.query_one(TabbedContent).active or "").removeprefix("tab-")  # type: ignore[attr-defined]
        return next((t for t in kind.tabs if t.name == active), kind.tabs[0])

    def action_copy_field(self) -> None:
        from tui.ui.screens.copy_field import CopyFieldScreen

        record = self.record
        if record is None:
            return
        kind: RecordKind = self.described  # type: ignore[attr-defined]
        tab = self._tab_shown()
        items: Sequence[Any] = ()
        columns: Sequence[Column] = tab.columns
        if tab.layout == "table" and tab.related is not None:
            # The records read for the tab, by the columns it shows them with.
            items = self._related.get(tab.name, [])
            columns = columns or self.flows.backend.kinds[tab.related.kind].columns  # type: ignore[attr-defined]
        elif tab.layout == "table" and tab.items is not None:
            items = tab.items(record)
        fields = record_tab_fields(kind, tab, record, items, columns)
        if not fields:
            self.notify(f"The {tab.label} tab has no value to copy.", severity="warning")  # type: ignore[attr-defined]
            return
        app = self.app  # type: ignore[attr-defined]

        def chosen(field: CopyField | None) -> None:
            if field is not None:
                self._copy(field.value, f"{field.label}: {field.shown(app)}")

        app.push_screen(CopyFieldScreen(tab.label, fields, app), chosen)

    def action_copy_json(self) -> None:
        record = self.record
        if record is None:
            return
        kind: RecordKind = self.described  # type: ignore[attr-defined]
        text = whole_json(kind.wire(record))
        size = len(text.encode("utf-8"))
        self._copy(text, f"{kind.title.lower()} {self.key} as JSON ({size:,} bytes)")

    def _copy(self, text: str, what: str) -> None:
        # Only what was copied, never the value itself, goes anywhere but the clipboard and
        # the notice (masked in mask mode).
        self.app.copy_to_clipboard(text)  # type: ignore[attr-defined]
        self.notify(f"Copied {what}.", title="Copied", timeout=4)  # type: ignore[attr-defined]
