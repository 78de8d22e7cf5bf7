"""The work queues row above a list: each saved search with its count, the active one marked.

Counts come through a `CountFunction` (a search text in, a `QueueCount` out), so the same row
serves any list screen: `backend_counter` asks a platform's backend for a page of one record and
the total it reports. Counts refresh in the background, on a timer and when `refresh_counts` is
called (after the agent changed something); a queue never has two count requests in flight, and
a failing count shows "?" with the reason in the tooltip and in `lines()`, never an error dialog.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.widget import Widget

from tui.ui.errors import describe_error

REFRESH_SECONDS = 60.0
"""How often the counts are asked for again while the row is shown."""


@dataclass(frozen=True)
class QueueCount:
    """What a count request found: the total (None: the server did not say), and whether it is
    an upper bound (a smart search made of several queries that may overlap)."""

    total: int | None
    estimate: bool = False

    def words(self) -> str:
        if self.total is None:
            return "?"
        return f"{'≈' if self.estimate else ''}{self.total:,}"


CountFunction = Callable[[str], Awaitable[QueueCount]]


def backend_counter(app: Any, kind: str) -> CountFunction:
    """Counts through the app's backend: `find` with a page size of 1, and the total it reports
    (Emporix: the `Count` header of each query; a smart search's queries are added up)."""

    async def count(text: str) -> QueueCount:
        opened = getattr(app, "opened_backend", None)
        if opened is not None:
            await opened()  # the backend (its client) may still be opening in its thread
        pager = app.backend.find(kind, text, page_size=1)
        await pager.next_page()
        settle = getattr(pager, "settle", None)
        if settle is not None:
            await settle()
        return QueueCount(pager.total, bool(pager.total_is_estimate))

    return count


@dataclass
class _State:
    name: str
    text: str
    count: QueueCount | None = None
    error: str = ""
    running: bool = False
    again: bool = False
    """A refresh came while a count was in flight: count once more when it is done."""

    def shown(self) -> str:
        if self.error:
            return "?"
        if self.count is None:
            return "…"
        return self.count.words()


class QueueRow(Widget, can_focus=False):
    """One line: `Queues: on hold, de 12 · inactive B2B 3`, the active queue in reverse with a ▶."""

    DEFAULT_CSS = """
    QueueRow {
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
    }
    QueueRow > .queue-row--active { text-style: bold reverse; }
    QueueRow > .queue-row--dim { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"queue-row--active", "queue-row--dim"}

    def __init__(
        self,
        queues: Mapping[str, str],
        count: CountFunction,
        *,
        every: float = REFRESH_SECONDS,
        noun: str = "customers",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._noun = noun
        self._count = count
        self._every = every
        self._states: dict[str, _State] = {}
        self.active_queue: str | None = None
        """The queue whose search the list shows now (None: another search)."""
        self.set_queues(queues)

    # What the screen asks ----------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return list(self._states)

    def text_of(self, name: str) -> str:
        return self._states[name].text

    def count_of(self, name: str) -> str:
        """The count as shown: a number, `≈N`, `…` while the first count runs, `?` on failure."""
        return self._states[name].shown()

    def set_queues(self, queues: Mapping[str, str]) -> None:
        """Show these queues (a saved one added); counts already known are kept."""
        old = self._states
        self._states = {
            name: old[name] if name in old and old[name].text == text else _State(name, text)
            for name, text in queues.items()
        }
        self.display = bool(self._states)
        if self.is_mounted:
            self.refresh_counts()

    def mark(self, name: str | None) -> None:
        """Mark `name` as the queue the list shows (None: none of them)."""
        if name != self.active_queue:
            self.active_queue = name
            self.refresh()

    def neighbour(self, step: int) -> str | None:
        """The queue `step` places after the active one (from the start when none is)."""
        names = self.names
        if not names:
            return None
        if self.active_queue not in names:
            return names[0] if step > 0 else names[-1]
        return names[(names.index(self.active_queue) + step) % len(names)]

    def lines(self) -> list[str]:
        """Each queue in words, with its search and its count or why it has none."""
        out = []
        for s in self._states.values():
            mark = " (shown now)" if s.name == self.active_queue else ""
            if s.error:
                tail = f"count failed: {s.error}"
            elif s.count is None:
                tail = "counting…"
            elif s.count.total is None:
                tail = "the server gave no count"
            else:
                about = "at most " if s.count.estimate else ""
                tail = f"{about}{s.count.total:,} {self._noun}"
            out.append(f"{s.name}{mark}: “{s.text or '(everyone)'}”, {tail}")
        return out

    # Counting ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(self._every, self.refresh_counts, name="queue counts")
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Count every queue again in the background; one already counting counts once more
        when it is done, so there is never a second request for the same queue."""
        for state in self._states.values():
            if state.running:
                state.again = True
            else:
                self._start(state)

    def _start(self, state: _State) -> None:
        state.running = True
        self.run_worker(
            self._count_one(state),
            group="queue-count",
            exit_on_error=False,
            description=f"count queue {state.name}",
        )

    async def _count_one(self, state: _State) -> None:
        try:
            while True:
                state.again = False
                try:
                    state.count, state.error = await self._count(state.text), ""
                except Exception as exc:
                    view = describe_error(exc, action=f"count “{state.name}”")
                    state.error = " ".join((view.message, *view.details))
                self._shown_changed()
                if not state.again or self._states.get(state.name) is not state:
                    return
        finally:
            state.running = False

    def _shown_changed(self) -> None:
        # Text, not a string: a string tooltip is read as markup, and names are the agents'.
        self.tooltip = Text("\n".join([*self.lines(), "[ and ] switch queues; :queue lists them"]))
        self.refresh()

    # Drawing -----------------------------------------------------------------------------------

    def render(self) -> Text:
        style = self.get_component_rich_style
        items = []
        for s in self._states.values():
            active = s.name == self.active_queue
            items.append((f"{'▶ ' if active else ''}{s.name} {s.shown()}", active))
        room = max(self.size.width - 2, 10)
        head, hint = "Queues: ", "  [ ] switch"
        start = _window(items, self.active_queue, room - len(head) - len(hint))
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(head, style("queue-row--dim"))
        if start:
            line.append("… ", style("queue-row--dim"))
        for i, (words, active) in enumerate(items[start:]):
            if i:
                line.append(" · ", style("queue-row--dim"))
            line.append(words, style("queue-row--active") if active else "")
        if line.cell_len + len(hint) <= room:
            line.append(hint, style("queue-row--dim"))
        return line


def _window(items: list[tuple[str, bool]], active: str | None, room: int) -> int:
    """The first item to draw so that the active one fits (earlier ones give way first)."""
    index = next((i for i, (_w, a) in enumerate(items) if a), None)
    if index is None:
        return 0
    start = 0
    while start < index and sum(len(w) + 3 for w, _a in items[start : index + 1]) + 2 > room:
        start += 1
    return start
