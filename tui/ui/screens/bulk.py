"""Bulk hold or release: bounded concurrency, a progress bar, and a per-customer summary."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, ProgressBar, Static

from tui.ui.literal import literal
from tui.ui.masking import shown_text
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen

DONE = "done"
CONFLICT = "conflict"
FAILED = "failed"
SKIPPED = "skipped"
NOT_SENT = "not sent"


@dataclass(frozen=True)
class BulkItem:
    number: str
    label: str


@dataclass(frozen=True)
class BulkOutcome:
    """What happened to one customer; `message` says why for anything but done."""

    number: str
    outcome: str
    message: str = ""
    retry: bool = True
    """False when sending it again cannot work (gone, forbidden, invalid, a conflict)."""


@dataclass(frozen=True)
class BulkSummary:
    outcomes: tuple[BulkOutcome, ...]

    @property
    def counts(self) -> Counter[str]:
        return Counter(o.outcome for o in self.outcomes)

    @property
    def done_numbers(self) -> list[str]:
        return [o.number for o in self.outcomes if o.outcome == DONE]

    @property
    def line(self) -> str:
        """E.g. "47 done, 1 conflict, 2 failed" (zero counts left out)."""
        order = (DONE, SKIPPED, CONFLICT, FAILED, NOT_SENT)
        counts = self.counts
        return ", ".join(f"{counts[k]} {k}" for k in order if counts[k]) or "nothing to do"


Apply = Callable[[BulkItem], Awaitable[BulkOutcome]]


class BulkScreen(GuardedScreen, Modal[BulkSummary]):
    """Runs `apply` for every item, at most `concurrency` at a time. Esc while running stops
    sending new requests (those in flight finish); once done, Esc or Enter closes, `r` retries
    the ones that failed."""

    HELP_TITLE = "Bulk hold / release"
    HELP = (
        "Each customer is changed with the version it was listed at: done, conflict (changed by "
        "someone else meanwhile, left alone) or failed (with the reason). Esc stops sending; r "
        "retries the failed ones that can work (not the ones gone, forbidden or invalid)."
    )

    DEFAULT_CSS = """
    BulkScreen {
        align: center middle;
    }
    BulkScreen > #dialog {
        width: 100%;
        max-width: 100;
        height: 100%;
        max-height: 40;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    BulkScreen .title {
        text-style: bold;
    }
    BulkScreen #progress {
        width: 100%;
        height: 1;
    }
    BulkScreen #summary {
        width: 100%;
        height: auto;
    }
    BulkScreen DataTable {
        height: 1fr;
    }
    BulkScreen #why {
        width: 100%;
        height: auto;
        max-height: 3;
    }
    BulkScreen .hint {
        color: $text-muted;
    }
    BulkScreen .buttons {
        height: auto;
        align-horizontal: right;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Stop / close"),
        Binding("r", "retry", "Retry failed"),
    ]

    def __init__(
        self, title: str, items: Sequence[BulkItem], apply: Apply, *, concurrency: int = 6
    ) -> None:
        super().__init__()
        self.title_text = title
        self.items = list(items)
        self.apply = apply
        self.concurrency = max(1, concurrency)
        self.outcomes: dict[str, BulkOutcome] = {}
        self.running = False
        self.stopping = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(self.title_text), classes="title")
            yield ProgressBar(total=len(self.items), show_eta=False, id="progress")
            yield Static("Starting…", id="summary")
            yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
            yield Static("", id="why")
            yield Static("Esc stop (requests in flight finish)", id="hint", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", disabled=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Customer", key="number", width=8)
        table.add_column("Name", key="name", width=16)
        table.add_column("Result", key="result", width=9)
        table.add_column("Why", key="why")
        for item in self.items:
            name = literal(shown_text(self.app, item.label))
            table.add_row(literal(item.number), name, "waiting", "", key=item.number)
        self.run_all(self.items)

    @property
    def summary(self) -> BulkSummary:
        return BulkSummary(
            tuple(self.outcomes.get(i.number, BulkOutcome(i.number, NOT_SENT)) for i in self.items)
        )

    @on(DataTable.RowHighlighted)
    def _explain(self, event: DataTable.RowHighlighted) -> None:
        """The whole reason of the highlighted row, which a narrow terminal cuts off."""
        number = event.row_key.value
        outcome = self.outcomes.get(number or "")
        text = f"{number}: {outcome.outcome}" if outcome else ""
        if outcome and outcome.message:
            text += f" — {outcome.message}"
        self.query_one("#why", Static).update(literal(text))

    def _show(self, outcome: BulkOutcome) -> None:
        table = self.query_one(DataTable)
        table.update_cell(outcome.number, "result", outcome.outcome)
        table.update_cell(outcome.number, "why", literal(outcome.message), update_width=True)

    @work(exclusive=True, group="bulk", exit_on_error=False, description="Bulk change")
    async def run_all(self, items: Sequence[BulkItem]) -> None:
        self.running = True
        self.stopping = False
        semaphore = asyncio.Semaphore(self.concurrency)
        progress = self.query_one(ProgressBar)

        async def one(item: BulkItem) -> None:
            async with semaphore:
                if self.stopping:
                    result = BulkOutcome(item.number, NOT_SENT, "stopped before sending")
                else:
                    self.query_one(DataTable).update_cell(item.number, "result", "sending")
                    try:
                        result = await self.apply(item)
                    except Exception as exc:  # apply reports its own errors; this is the net
                        result = BulkOutcome(item.number, FAILED, str(exc) or type(exc).__name__)
            self.outcomes[item.number] = result
            self._show(result)
            progress.advance(1)
            self.query_one("#summary", Static).update(
                literal(f"{progress.progress:.0f} of {len(self.items)}: {self.summary.line}")
            )

        await asyncio.gather(*(one(i) for i in items))
        self.running = False
        self._finished()

    def _finished(self) -> None:
        summary = self.summary
        counts = summary.counts
        problems = counts[FAILED] + counts[CONFLICT] + counts[NOT_SENT]
        verdict = "All done" if not problems else f"Not everything worked ({problems} not done)"
        self.query_one("#summary", Static).update(literal(f"{verdict}: {summary.line}."))
        retry = " · r retry the failed ones" if self._retryable() else ""
        read = " · Tab: the list, ↑↓ each reason" if problems else ""
        self.query_one("#hint", Static).update(f"Esc or Enter close{retry}{read}")
        first = next((o for o in summary.outcomes if o.outcome != DONE), None)
        if first is not None:
            table = self.query_one(DataTable)
            table.move_cursor(row=table.get_row_index(first.number))
        close = self.query_one("#close", Button)
        close.disabled = False
        close.focus()

    def _retryable(self) -> list[BulkItem]:
        def again(o: BulkOutcome | None) -> bool:
            return o is not None and o.outcome in (FAILED, NOT_SENT) and o.retry

        return [i for i in self.items if again(self.outcomes.get(i.number))]

    def action_retry(self) -> None:
        if self.running:
            return
        again = self._retryable()
        hopeless = sum(o.outcome == FAILED and not o.retry for o in self.outcomes.values())
        why = (
            f"{hopeless} failed for good (gone, not allowed or invalid): retrying cannot help."
            if hopeless
            else ""
        )
        if not again:
            self.notify(why or "Nothing failed, so there is nothing to retry.", title="Retry")
            return
        self.notify(
            f"Retrying {len(again)}. {why}".strip(),
            title="Retry",
            severity="warning" if hopeless else "information",
        )
        progress = self.query_one(ProgressBar)
        progress.update(progress=len(self.items) - len(again))
        self.query_one("#close", Button).disabled = True
        self.run_all(again)

    def action_close(self) -> None:
        if self.running:
            self.stopping = True
            self.query_one("#hint", Static).update("Stopping: waiting for requests in flight…")
            return
        self.dismiss(self.summary)

    async def leave_for_search(self) -> bool:
        """`/` closes the summary once everything is sent; while sending, it waits."""
        if self.running:
            self.notify("/ works once the bulk change is finished (Esc stops it).")
            return False
        await self.dismiss(self.summary)
        return True

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()
