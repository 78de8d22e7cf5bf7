"""Form building blocks shared by the change dialogs: field specs, validators, value rendering."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

# The field descriptions and checks are platform-neutral (tui.core.kinds); the form renders them.
from tui.core.kinds import Check, FieldSpec
from tui.core.kinds import all_of as all_of
from tui.core.kinds import get_path as get_path
from tui.core.kinds import optional as optional
from tui.core.kinds import required as required
from tui.core.mask import kind_of_key
from tui.core.shown import cut
from tui.ui.literal import literal
from tui.ui.masking import Mask, MaskableInput, MaskedStatic
from tui.ui.screens.modal import Modal
from tui.ui.type_ahead import GuardedScreen

T = TypeVar("T")

EMPTY = "(empty)"


class CheckValidator(Validator):
    """A Textual Validator around a plain check function (the client's validation rules)."""

    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        problem = self.check(value)
        return self.success() if problem is None else self.failure(problem)


def show_value(value: Any) -> str:
    """A value as words, for reviews, conflicts and the journal screen; readable without colour."""
    if value is None or value == "" or value == []:
        return EMPTY
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _short(", ".join(value))
    try:
        return _short(json.dumps(value, ensure_ascii=False, default=str))
    except (RecursionError, ValueError):
        return "(nested too deeply to show)"


def _short(text: str) -> str:
    # A review or conflict row of megabytes would take minutes to lay out; `o` shows it whole.
    shown, note = cut(text)
    return f"{shown} ({note})" if note else shown


def control_id(spec: FieldSpec) -> str:
    return "f-" + spec.name.replace(".", "-")


def error_id(spec: FieldSpec) -> str:
    return "err-" + spec.name.replace(".", "-")


class YesNo(Checkbox):
    """A checkbox whose label says "yes" or "no", so its state reads without colour."""

    def __init__(self, value: bool, *, id: str | None = None) -> None:
        super().__init__("yes" if value else "no", value, id=id, compact=True)

    @on(Checkbox.Changed)
    def _say_state(self, event: Checkbox.Changed) -> None:
        self.label = "yes" if event.value else "no"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _locked_text(spec: FieldSpec, value: Any, mask: Mask) -> str:
    return f"{show_value(mask(spec.wire, value))}  (locked: {spec.locked})"


class FormScreen(GuardedScreen, Modal[T], Generic[T]):
    """A modal form: one row per FieldSpec, inline errors as the agent types, Esc asks before
    throwing typed changes away. Subclasses say what ctrl+s does (`submit`)."""

    DEFAULT_CSS = """
    FormScreen {
        align: center middle;
    }
    FormScreen > #dialog {
        width: 100%;
        max-width: 96;
        height: auto;
        max-height: 100%;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    FormScreen #form {
        height: auto;
        max-height: 1fr;
    }
    FormScreen .title {
        text-style: bold;
        width: 100%;
    }
    FormScreen .hint {
        color: $text-muted;
        width: 100%;
    }
    FormScreen .row {
        height: 1;
        width: 100%;
    }
    FormScreen .row > Label {
        width: 22;
        padding-right: 1;
    }
    FormScreen .row.-current > Label {
        text-style: bold reverse;
    }
    FormScreen .row > Input, FormScreen .row > Select {
        width: 1fr;
    }
    FormScreen .row.-locked {
        height: auto;
    }
    FormScreen .row > .locked {
        width: 1fr;
        height: auto;
        color: $text-muted;
    }
    FormScreen .field-error {
        display: none;
        color: $error;
        padding-left: 22;
        width: 100%;
    }
    FormScreen .field-error.-shown {
        display: block;
    }
    FormScreen .buttons {
        height: auto;
        width: 100%;
        align-horizontal: right;
        padding-top: 1;
    }
    FormScreen .buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Review / save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    AUTO_FOCUS = "Input, Select, Checkbox"

    specs: Sequence[FieldSpec] = ()

    def __init__(
        self,
        initial: Mapping[str, Any],
        *,
        draft: Mapping[str, Any] | None = None,
        server_errors: Mapping[str, str] | None = None,
    ) -> None:
        """`draft`: the agent's values from a failed try, shown instead of `initial`;
        `server_errors`: what the server said of them, shown at their fields on opening."""
        super().__init__()
        self.initial = dict(initial)
        """Field name -> value the form opened with (what "unsaved changes" is measured from)."""
        self.draft = dict(draft) if draft else None
        self.server_errors: dict[str, str] = {}
        """Field name -> the server's message about it (from a 400's `details`)."""
        self._server_error_values: dict[str, Any] = {}
        self._pending_server_errors = dict(server_errors or {})

    def compose_form(self) -> ComposeResult:
        """The fields, scrolling when the terminal is short, filled from the draft if any."""
        with VerticalScroll(id="form", can_focus=False):
            values = dict(self.initial)
            values.update(self.draft or {})
            yield from self.compose_fields(values)

    def on_mount(self) -> None:
        if self._pending_server_errors:
            self.show_server_errors(self._pending_server_errors)
            self.focus_first_problem(self.server_errors)

    def review_then(self, review: Screen[Any], save: Callable[[], object]) -> None:
        """Show `review` alone, the form hidden behind it (its taller frame would show around
        the review, two dialogs stacked); `save()` when the agent confirms, else the form again."""
        dialog = self.query_one("#dialog")

        def reviewed(confirmed: Any) -> None:
            dialog.display = True
            if confirmed:
                save()

        dialog.display = False
        self.app.push_screen(review, reviewed)

    def compose_fields(self, values: Mapping[str, Any] | None = None) -> Iterator[Widget]:
        values = self.initial if values is None else values
        for spec in self.specs:
            value = values.get(spec.name)
            control: Widget
            if spec.locked is not None:
                control = MaskedStatic(
                    partial(_locked_text, spec, value), id=control_id(spec), classes="locked"
                )
            elif spec.kind == "bool":
                control = YesNo(bool(value), id=control_id(spec))
            elif spec.kind == "choice":
                # Content, not str: Select reads a str prompt as markup, and the customer's own
                # value joins the choices when it is none of them.
                options = [(literal(label), val) for label, val in spec.choices]
                current = _text(value)
                if current not in {v for _, v in options}:
                    options.append((literal(current), current))
                control = Select(
                    options, value=current, allow_blank=False, compact=True, id=control_id(spec)
                )
            else:
                validators = [CheckValidator(spec.check)] if spec.check else []
                input_args: dict[str, Any] = dict(
                    placeholder=spec.placeholder,
                    validators=validators,
                    validate_on=["changed", "blur", "submitted"],
                    compact=True,
                    select_on_focus=False,
                    id=control_id(spec),
                )
                control = (
                    MaskableInput(_text(value), mask_key=spec.wire, **input_args)
                    if kind_of_key(spec.wire)
                    else Input(_text(value), **input_args)
                )
            # A locked field's reason wraps onto more lines rather than being cut at 80 columns.
            yield Horizontal(
                Label(spec.label),
                control,
                classes="row -locked" if spec.locked is not None else "row",
                id="row-" + control_id(spec),
            )
            yield Static("", id=error_id(spec), classes="field-error")

    def compose_buttons(self) -> ComposeResult:
        yield from ()

    def value_of(self, spec: FieldSpec) -> Any:
        """The control's current value: str (None when blank), bool, or the choice ("" -> None)."""
        if spec.locked is not None:
            return self.initial.get(spec.name)
        widget = self.query_one("#" + control_id(spec))
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, Select):
            selected = widget.value
            return selected if isinstance(selected, str) and selected else None
        if isinstance(widget, Input):
            text = widget.value.strip()
            return text or None
        return None

    def values(self) -> dict[str, Any]:
        return {spec.name: self.value_of(spec) for spec in self.specs}

    def changed_names(self) -> list[str]:
        """Fields whose value differs from what the form opened with (blank equals not set)."""
        now = self.values()
        return [
            s.name for s in self.specs if _norm(now.get(s.name)) != _norm(self.initial.get(s.name))
        ]

    def show_error(self, spec: FieldSpec, message: str | None) -> None:
        err = self.query_one("#" + error_id(spec), Static)
        # The client's messages name the field already; the cross says "error" without colour.
        err.update(literal(f"✗ {message}" if message else ""))
        err.set_class(bool(message), "-shown")

    def problems(self) -> dict[str, str]:
        """Field name -> problem, validating every text field now (also those never touched)."""
        found: dict[str, str] = {}
        for spec in self.specs:
            if spec.locked is not None or spec.kind != "text":
                continue
            widget = self.query_one("#" + control_id(spec), Input)
            result = widget.validate(widget.value)
            if result is not None and not result.is_valid:
                found[spec.name] = "; ".join(result.failure_descriptions)
                self.show_error(spec, found[spec.name])
            elif spec.name in self.server_errors:
                found[spec.name] = self.server_errors[spec.name]
        return found

    def show_server_errors(self, errors: Mapping[str, str]) -> None:
        """Field errors from the server's 400 `details`, keyed by wire name, shown inline."""
        by_wire = {s.wire: s for s in self.specs}
        self.server_errors = {}
        self._server_error_values = {}
        for wire, message in errors.items():
            spec = by_wire.get(wire)
            if spec is not None:
                self.server_errors[spec.name] = message
                self._server_error_values[spec.name] = self.value_of(spec)
                self.show_error(spec, message)

    def focus_first_problem(self, problems: Iterable[str]) -> None:
        names = set(problems)
        for spec in self.specs:
            if spec.name in names:
                self.query_one("#" + control_id(spec)).focus()
                return

    def _scroll_to_row(self, row: Widget) -> None:
        """Show the focused row with what belongs to it: its error line, and the locked rows
        after it, which Tab never visits (so scrolling to focus alone would never show them)."""
        form = row.parent
        if not isinstance(form, Widget):
            return
        siblings = list(form.children)
        last = row
        for widget in siblings[siblings.index(row) + 1 :]:
            if widget.has_class("row") and not widget.has_class("-locked"):
                break
            if widget.display:
                last = widget
        form.scroll_to_widget(last, animate=False)
        form.scroll_to_widget(row, animate=False)

    def spec_for(self, widget: Widget) -> FieldSpec | None:
        for spec in self.specs:
            if widget.id == control_id(spec):
                return spec
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # A class rather than :focus-within, so the label of the row being left is redrawn too.
        for row in self.query(".row"):
            current = event.widget in row.children
            row.set_class(current, "-current")
            if current:
                self.call_after_refresh(self._scroll_to_row, row)

    @on(Input.Changed)
    def _show_inline_error(self, event: Input.Changed) -> None:
        spec = self.spec_for(event.input)
        if spec is None:
            return
        if spec.name in self.server_errors:
            # The server's word stands until the agent changes the value it was about.
            if self.value_of(spec) == self._server_error_values.get(spec.name):
                return
            del self.server_errors[spec.name]
        result = event.validation_result
        problem = None if result is None or result.is_valid else result.failure_descriptions[0]
        self.show_error(spec, problem)

    def action_submit(self) -> None:
        problems = self.problems()
        if problems:
            count = len(problems)
            self.notify(
                "Fix the field marked ✗ before saving (the cursor is on it)."
                if count == 1
                else f"Fix the {count} fields marked ✗ before saving (the cursor is on the first).",
                title="Not saved",
                severity="warning",
            )
            self.focus_first_problem(problems)
            return
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        if not self.changed_names():
            self.dismiss(None)
            return
        from tui.ui.screens.confirm import ConfirmScreen

        def discard(answer: Any) -> None:
            if answer is not None:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard your changes?",
                "You changed " + ", ".join(self._labels(self.changed_names())) + ".",
                confirm_label="Discard",
                ask_reason=False,
            ),
            discard,
        )

    def _labels(self, names: Iterable[str]) -> list[str]:
        by_name = {s.name: s.label for s in self.specs}
        return [by_name.get(n, n) for n in names]


def _norm(value: Any) -> Any:
    return None if value == "" else value


@dataclass(frozen=True)
class FieldDiff:
    """One field's old and new value, for the review and the journal."""

    label: str
    wire: str
    before: Any
    after: Any


def diff_fields(
    specs: Sequence[FieldSpec], before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[FieldDiff]:
    """The fields whose values differ, in form order (blank and not set count as equal)."""
    return [
        FieldDiff(s.label, s.wire, before.get(s.name), after.get(s.name))
        for s in specs
        if _norm(before.get(s.name)) != _norm(after.get(s.name))
    ]
