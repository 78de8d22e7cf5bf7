"""The 409 dialog: per field the agent changed, what it was, what the server has now, and theirs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from rich import box
from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from tui.ui.forms import show_value
from tui.ui.literal import literal
from tui.ui.masking import Mask, MaskedStatic
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen

ConflictChoice = Literal["reapply", "drop"]


@dataclass(frozen=True)
class ConflictRow:
    """One field the agent changed, in its three versions."""

    label: str
    was: Any
    server: Any
    yours: Any
    wire: str = ""
    """The field's wire name, by which mask mode masks its values."""

    @property
    def verdict(self) -> str:
        """In words, so it reads without colour."""
        if self.server == self.yours:
            return "same now"
        if self.server != self.was:
            return "BOTH"
        return "you"


def conflict_table(rows: Sequence[ConflictRow], mask: Mask | None = None) -> Table:
    mask = mask or Mask()
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
    table.add_column("Field", style="bold", ratio=4, overflow="fold")
    table.add_column("Was", ratio=5, overflow="fold")
    table.add_column("Now on server", ratio=5, overflow="fold")
    table.add_column("Yours", ratio=5, overflow="fold", style="bold")
    table.add_column("Changed by", no_wrap=True)
    for r in rows:
        values = (show_value(mask(r.wire, v)) for v in (r.was, r.server, r.yours))
        table.add_row(*map(literal, (r.label, *values)), r.verdict)
    return table


class ConflictScreen(GuardedScreen, Modal[ConflictChoice]):
    """Nothing was saved. `r` re-applies the agent's values on top of the latest version (through
    a fresh review); `d` or Esc drops them."""

    HELP_TITLE = "Changed by someone else"
    HELP = (
        "Nothing was saved. For each field you changed: its value when you opened the form, the "
        "value on the server now, and yours. r re-applies yours on top of the latest version (you "
        "review again); d or Esc drops yours."
    )

    DEFAULT_CSS = """
    ConflictScreen {
        align: center middle;
    }
    ConflictScreen > #dialog {
        width: 100%;
        max-width: 110;
        height: auto;
        max-height: 100%;
        border: round $error;
        padding: 0 1;
        background: $surface;
    }
    ConflictScreen .title {
        text-style: bold;
        width: 100%;
    }
    ConflictScreen #rows {
        height: auto;
        max-height: 1fr;
    }
    ConflictScreen .note {
        width: 100%;
        color: $text-muted;
    }
    ConflictScreen .buttons {
        height: auto;
        align-horizontal: right;
    }
    ConflictScreen .buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reapply", "Re-apply mine"),
        Binding("d", "drop", "Drop mine"),
        Binding("escape", "drop", "Drop mine"),
    ]

    AUTO_FOCUS = "#rows"

    def __init__(
        self,
        title: str,
        rows: Sequence[ConflictRow],
        *,
        others: Sequence[str] = (),
        server_version: int | None = None,
        noun: str = "customer",
    ) -> None:
        """`noun` is the kind of record in words ("user"): the same view serves any kind."""
        super().__init__()
        self.noun = noun
        self.title_text = title
        self.rows = list(rows)
        self.others = list(others)
        self.server_version = server_version

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield MaskedStatic(lambda mask: mask.text(self.title_text), classes="title")
            at = f" (now version {self.server_version})" if self.server_version else ""
            yield Static(
                f"Someone else changed this {self.noun} since you opened it{at}. Nothing was saved.",
                classes="note",
            )
            with VerticalScroll(id="rows"):
                yield MaskedStatic(lambda mask: conflict_table(self.rows, mask))
                if self.others:
                    yield Static(
                        literal(
                            "Also changed by them, and kept either way: " + ", ".join(self.others)
                        )
                    )
            yield Static(
                "r re-apply yours on top of the latest (you review again) · d or Esc drop yours",
                classes="note",
            )
            with Horizontal(classes="buttons"):
                yield Button("Drop mine (d)", id="drop")
                yield Button("Re-apply mine (r)", id="reapply", variant="primary")

    def action_reapply(self) -> None:
        self.dismiss("reapply")

    def action_drop(self) -> None:
        self.dismiss("drop")

    @on(Button.Pressed, "#reapply")
    def _reapply(self) -> None:
        self.action_reapply()

    @on(Button.Pressed, "#drop")
    def _drop(self) -> None:
        self.action_drop()
