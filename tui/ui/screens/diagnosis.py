"""The diagnosis checklist: why a customer or user cannot sign in or order, one rule a line, in words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from tui.core.diagnosis import Diagnosis, Rule, Verdict
from tui.ui.literal import literal
from tui.ui.masking import Mask, MaskedLabel, MaskedStatic
from tui.ui.screens.modal import Modal

VERDICT_WORDS = {Verdict.FAIL: "FAIL", Verdict.UNKNOWN: "UNKNOWN", Verdict.PASS: "PASS"}
# The word carries the verdict; colour only helps (NO_COLOR: bold and reverse instead).
_STYLES = {Verdict.FAIL: "bold red", Verdict.UNKNOWN: "bold yellow", Verdict.PASS: "green"}
_NO_COLOR_STYLES = {Verdict.FAIL: "bold reverse", Verdict.UNKNOWN: "bold", Verdict.PASS: ""}
_ORDER = {Verdict.FAIL: 0, Verdict.UNKNOWN: 1, Verdict.PASS: 2}


def headline(diagnosis: Diagnosis) -> str:
    """One line above the checklist: "Cannot order: 2 problems · 1 unknown · 12 pass"."""
    failed, unknown = len(diagnosis.failed), len(diagnosis.unknown)
    passed = len(diagnosis.rules) - failed - unknown
    parts = [f"{unknown} unknown"] if unknown else []
    parts.append(f"{passed} of {len(diagnosis.rules)} pass")
    plural = "s" if failed != 1 else ""
    head = f"Cannot order: {failed} problem{plural}" if failed else "No problem found"
    return " · ".join([head, *parts])


def ordered(diagnosis: Diagnosis) -> list[Rule]:
    """Failures first, then what is unknown, then what passes; each in the checklist's order."""
    return sorted(diagnosis.rules, key=lambda r: _ORDER[r.verdict])


def rule_text(rule: Rule, keys: Mapping[str, str]) -> str:
    """ "Not on hold: On hold since 2026-11-02: the customer cannot order — `h` releases"."""
    text = f"{rule.title}: {rule.reason}"
    return f"{text} — {rule.fix.text(keys)}" if rule.fix else text


def checklist(
    diagnosis: Diagnosis, keys: Mapping[str, str], *, no_color: bool, mask: Mask | None = None
) -> Table:
    """One row per rule; `mask`: mask mode, which hides the e-mails a reason names."""
    styles = _NO_COLOR_STYLES if no_color else _STYLES
    mask = mask or Mask()
    table = Table.grid(padding=(0, 1))
    table.add_column(width=7, no_wrap=True)
    table.add_column(overflow="fold")
    for rule in ordered(diagnosis):
        table.add_row(
            Text(VERDICT_WORDS[rule.verdict], style=styles[rule.verdict]),
            Text(mask.text(rule_text(rule, keys))),
        )
    return table


class DiagnosisScreen(Modal[str | None]):
    """Dismissed with the binding id of a fix the agent pressed (the screen below runs it, through
    its own confirmation), or None on Esc."""

    HELP_TITLE = "Why can't they sign in or order?"
    HELP = (
        "Every check, failures first: FAIL, UNKNOWN (the data cannot tell) or PASS, with the "
        "reason and, where one exists, the key that fixes it. Pressing that key closes this and "
        "starts the fix on the screen below, which asks before it changes anything. ↑↓ PgUp PgDn "
        "scroll; Esc closes."
    )

    DEFAULT_CSS = """
    DiagnosisScreen {
        align: center middle;
    }
    DiagnosisScreen > #dialog {
        width: 100%;
        height: 100%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    DiagnosisScreen .title {
        text-style: bold;
        width: 100%;
    }
    DiagnosisScreen #headline {
        width: 100%;
        text-style: bold;
    }
    DiagnosisScreen #rules {
        height: 1fr;
    }
    DiagnosisScreen .hint {
        color: $text-muted;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="close")]

    AUTO_FOCUS = "#rules"

    def __init__(self, diagnosis: Diagnosis, keys: Mapping[str, str] | None = None) -> None:
        """`keys`: binding id → the key that runs it on the screen below; a fix whose binding is
        there shows that key and can be pressed here, the others say what to do in words."""
        super().__init__()
        self.diagnosis = diagnosis
        self.keys = dict(keys or {})
        self.fix_keys = {
            self.keys[r.fix.binding]: r.fix.binding
            for r in diagnosis.rules
            if r.fix is not None and r.fix.binding in self.keys and not r.passed
        }
        """Key → binding id, for the fixes this checklist offers."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield MaskedLabel(lambda m: m.text(f"Why: {self.diagnosis.subject}"), classes="title")
            yield Label(literal(headline(self.diagnosis)), id="headline")
            with VerticalScroll(id="rules"):
                yield MaskedStatic(
                    lambda m: checklist(
                        self.diagnosis, self.keys, no_color=self.app.no_color, mask=m
                    )
                )
            fixes = ", ".join(f"{k}" for k in self.fix_keys)
            hint = "↑↓ scroll · Esc close"
            if fixes:
                hint = f"{fixes}: close and fix (asks first) · {hint}"
            yield Static(literal(hint), classes="hint")

    def on_key(self, event: events.Key) -> None:
        binding = self.fix_keys.get(event.key)
        if binding is not None:
            event.stop()
            event.prevent_default()
            self.dismiss(binding)

    def action_close(self) -> None:
        self.dismiss(None)

    async def leave_for_search(self) -> bool:
        await self.dismiss(None)
        return True
