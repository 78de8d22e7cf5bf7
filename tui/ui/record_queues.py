"""Work queues on the list of any record kind (Kibo accounts): the row, `[`/`]`, and saving one."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tui.config.profiles import Settings, queues_for
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.queue_saving import SERVED_REFUSAL, ask_and_save, save_queue_file, settings_of
from tui.ui.widgets.queue_row import QueueRow, backend_counter

QUEUE_TABLE = {"emporix": "queues", "kibo": "kibo_queues"}
"""The config file's table of shared queues per platform (each in its platform's search words)."""


class RecordQueues:
    """Mixin for RecordListScreen: its `kind`, `chosen`, `query_text`, search box, `set_choice`
    and `start_search`. A queue is search box text; the quick filters are not part of one."""

    query_text: str
    kind_name: str
    parent_key: str | None

    @property
    def _queue_app(self) -> TuiApp:
        return tui_of(self.app)  # type: ignore[attr-defined]

    def _queue_settings(self) -> Settings | None:
        return settings_of(self._queue_app)

    def _configured_queues(self) -> dict[str, str]:
        # A list under a parent (an account's users) is not where queues are kept.
        if self.parent_key is not None:
            return {}
        tui = self._queue_app
        return queues_for(self._queue_settings(), tui.connection.name, tui.connection.platform)

    def compose_queue_row(self) -> QueueRow:
        kind = self.kind  # type: ignore[attr-defined]
        return QueueRow(
            self._configured_queues(),
            backend_counter(self._queue_app, self.kind_name),
            noun=kind.plural,
            id="queues",
        )

    @property
    def queue_row(self) -> QueueRow:
        return self.query_one(QueueRow)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides `[`/`]` (key bar and help) while no queue is configured."""
        if action == "queue_step":
            rows = self.query(QueueRow)  # type: ignore[attr-defined]
            return bool(rows and rows.first().names)
        return super().check_action(action, parameters)  # type: ignore[misc]

    def queue_palette(self) -> list[tuple[str, Any, str]]:
        if self.parent_key is not None:
            return []
        return [("Save this search as a queue…", self.action_save_queue, "In the config file")]

    def mark_active_queue(self) -> None:
        """The queue whose search the list shows now is marked; another search marks none."""
        rows = self.query(QueueRow)  # type: ignore[attr-defined]
        if not rows:
            return
        row = rows.first()
        found = None
        if not self.chosen.filters:  # type: ignore[attr-defined]
            found = next((n for n in row.names if row.text_of(n) == self.query_text), None)
        row.mark(found)

    def action_queue_step(self, step: int) -> None:
        name = self.queue_row.neighbour(step)
        if name is not None:
            self.open_queue(name)

    def open_queue(self, name: str) -> None:
        """Show the queue's search: its text in the box, the quick filters cleared."""
        text = self.queue_row.text_of(name)
        box = self.query_one("#search", Input)  # type: ignore[attr-defined]
        with box.prevent(Input.Changed):  # the search starts here, not after the debounce
            box.value = text
        box.cursor_position = len(text)
        self.query_text = text
        self.set_choice(self.chosen.cleared())  # type: ignore[attr-defined]
        self.notify(f"Queue {name}: {text or '(everything)'}", timeout=3)  # type: ignore[attr-defined]

    def save_as_queue(self, name: str) -> str:
        """Save the current search under `name` in the config file; returns what happened in
        words. Raises ValueError with the reason when it cannot be saved."""
        tui = self._queue_app
        if tui.policy.served:
            raise ValueError(SERVED_REFUSAL)
        if self.parent_key is not None:
            raise ValueError("Queues are kept for the main list, not for a list under a record.")
        chosen = self.chosen  # type: ignore[attr-defined]
        if chosen.filters:
            raise ValueError(
                f"The quick filters ({chosen.words()}) are not part of a queue: switch them off "
                "and type the search as field:value (approvalStatus:PendingApproval), then save."
            )
        table = QUEUE_TABLE.get(tui.connection.platform, "queues")
        text = self.query_text
        _saved, path, was = save_queue_file(tui, name, text, table)
        self.queue_row.set_queues(self._configured_queues())
        self.mark_active_queue()
        return (
            f"Saved queue “{name.strip()}”: {text or '(everything)'}{was}, in [{table}] of {path}."
        )

    def action_save_queue(self) -> None:
        """Palette "Save this search as a queue…": ask for the name, then save."""
        ask_and_save(self._queue_app, self.query_text, self.save_as_queue)
