"""The edit form of any record kind, from its `fields`: inline checks, then the review of changes."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from tui.core.kinds import RecordKind, form_values
from tui.ui.forms import FormScreen, diff_fields
from tui.ui.literal import literal
from tui.ui.screens.review import ReviewScreen

KEPT = "every other field stays as it is"
"""What a review says of the fields not changed: some platforms (Kibo) send the whole record, so
"nothing else is sent" would not be true, but nothing else changes."""


class RecordEditScreen(FormScreen[dict[str, Any] | None]):
    """Edits one record; dismissed with {field name: value} of the fields the agent changed
    (after the review said save), or None. `draft` reopens it with the agent's earlier values
    (after a refusal or a conflict) while `record` stays the state it was loaded at."""

    HELP_TITLE = "Edit"
    HELP = (
        "Tab and shift+Tab move between fields; a wrong value says what is wrong and how to fix "
        "it as you type. ctrl+s shows the review (old -> new); Enter or ctrl+s there saves only "
        "the changed fields. If someone changed the record since it was loaded you see both "
        "versions; nothing is overwritten. Esc asks before throwing typed changes away."
    )

    def __init__(
        self,
        kind: RecordKind,
        record: Any,
        *,
        draft: dict[str, Any] | None = None,
        server_errors: dict[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.record = record
        self.specs = kind.fields
        super().__init__(form_values(record, kind.fields), draft=draft, server_errors=server_errors)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                literal(f"Edit {self.kind.title.lower()} {self.kind.label(self.record)}"),
                classes="title",
            )
            yield Static("Tab moves · ctrl+s review · Esc cancel", classes="hint")
            yield from self.compose_form()

    def submit(self) -> None:
        names = self.changed_names()
        if not names:
            self.notify("Nothing changed yet.", title="Nothing to save")
            return
        values = self.values()
        changed = {n: values[n] for n in names}
        diffs = diff_fields(self.specs, self.initial, values)
        self.review_then(
            ReviewScreen(
                f"Review changes to {self.kind.label(self.record)}",
                diffs,
                note="If someone changed it since you opened the form, you will see both "
                "versions before anything is overwritten.",
                rest=KEPT,
            ),
            lambda: self.dismiss(changed),
        )
