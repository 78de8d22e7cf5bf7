"""Work queues on the customer list: `[`/`]` switch, `:queue`, and saving the search as a queue."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from tui.config.profiles import Settings, queues_for
from tui.emporix.query import and_, is_raw_query
from tui.ui.protocol import TuiApp, tui_of
from tui.ui.queue_saving import ask_and_save, save_queue_file, settings_of
from tui.ui.search_options import QuickFilters
from tui.ui.widgets.queue_row import QueueRow, backend_counter

# `[` and `]`: free on the list (and on the other branches' screens); in the search box they type.
QUEUE_KEYS = (
    Binding(
        "right_square_bracket",
        "queue_step(1)",
        "Next queue",
        id="next-queue",
        key_display="]",
        show=False,
        tooltip="Show the next work queue's search",
    ),
    Binding(
        "left_square_bracket",
        "queue_step(-1)",
        "Previous queue",
        id="previous-queue",
        key_display="[",
        show=False,
        tooltip="Show the previous work queue's search",
    ),
)
QUEUE_ACTIONS = frozenset({"queue_step"})


def recount_queues(app: Any) -> None:
    """After a change the agent made: every queue row on the screens counts again."""
    for screen in list(getattr(app, "screen_stack", ())):
        for row in screen.query(QueueRow):
            row.refresh_counts()


def queue_text(text: str, filters: QuickFilters) -> str:
    """The search box text that finds what `text` with `filters` finds: the quick filters join a
    raw `q` (or nothing) as `q` fragments. A smart search cannot carry them (its words would be
    read as more words), so that is refused in words."""
    text = text.strip()
    fragments = filters.fragments()
    if not fragments:
        return text
    if text and not is_raw_query(text):
        raise ValueError(
            f"“{text}” with the quick filters ({filters.words()}) cannot be one search text: "
            "clear them (F7) and save the search alone, or type it all as q "
            "(lastName:Smith onHold:true)."
        )
    return and_(text, *fragments) or ""


class QueueKeys:
    """Mixin for the search screen: its `query_text`, `filters`, search box and `start_search`."""

    query_text: str
    filters: QuickFilters

    @property
    def _app(self) -> TuiApp:
        return tui_of(self.app)  # type: ignore[attr-defined]

    def compose_queue_row(self) -> QueueRow:
        tui = self._app
        return QueueRow(
            queues_for(self._settings(), tui.connection.name),
            backend_counter(tui, "customer"),
            id="queues",
        )

    @property
    def queue_row(self) -> QueueRow:
        return self.query_one(QueueRow)  # type: ignore[attr-defined]

    def _settings(self) -> Settings | None:
        return settings_of(self._app)

    def queue_action_state(self, action: str) -> bool | None:
        """False hides the queue keys (key bar and help) while no queue is configured."""
        if action in QUEUE_ACTIONS:
            rows = self.query(QueueRow)  # type: ignore[attr-defined]
            return bool(rows and rows.first().names)
        return None

    def mark_active_queue(self) -> None:
        """The queue whose search the list shows now is marked; another search marks none."""
        if self.filters.fragments():
            found = None
        else:
            row = self.queue_row
            found = next((n for n in row.names if row.text_of(n) == self.query_text), None)
        self.queue_row.mark(found)

    def action_queue_step(self, step: int) -> None:
        name = self.queue_row.neighbour(step)
        if name is not None:
            self.open_queue(name)

    def open_queue(self, name: str) -> None:
        """Show the queue's search: its text in the box, the quick filters cleared."""
        text = self.queue_row.text_of(name)
        box = self.query_one("#search")  # type: ignore[attr-defined]
        box.value = text
        box.cursor_position = len(text)
        self.filters = QuickFilters()
        self.query_text = text
        self._update_summary()  # type: ignore[attr-defined]
        self.start_search()  # type: ignore[attr-defined]
        self.notify(f"Queue {name}: {text or '(everyone)'}", timeout=3)  # type: ignore[attr-defined]

    def save_as_queue(self, name: str) -> str:
        """Save the current search under `name` in the config file; returns what happened in
        words. Raises ValueError with the reason when it cannot be saved."""
        text = queue_text(self.query_text, self.filters)
        _saved, path, was = save_queue_file(self._app, name, text, "queues")
        self.queue_row.set_queues(queues_for(self._settings(), self._app.connection.name))
        self.mark_active_queue()
        return f"Saved queue “{name.strip()}”: {text or '(everyone)'}{was}, in {path}."

    def action_save_queue(self) -> None:
        """Palette "Save this search as a queue…": ask for the name, then save."""
        try:
            text = queue_text(self.query_text, self.filters)
        except ValueError as exc:
            self.notify(str(exc), title="Not saved", severity="warning", timeout=10)  # type: ignore[attr-defined]
            return
        ask_and_save(self._app, text, self.save_as_queue)
