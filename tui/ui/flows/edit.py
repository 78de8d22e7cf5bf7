"""Edit a record of any kind: the form, the review, the safe save, and the conflict view on a clash."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from tui.core.errors import Invalid
from tui.core.journal import CANCELLED, FieldChange
from tui.core.kinds import RecordKind, form_values, get_path
from tui.ui.flows.common import (
    FlowApp,
    UndoEntry,
    fresh,
    kind_of,
    refused,
    shown,
    tell_screens,
    undo_stack,
)
from tui.ui.flows.journal import Attempt, Outcome, journaled, write
from tui.ui.forms import FieldDiff, diff_fields
from tui.ui.screens.conflict import ConflictRow, ConflictScreen
from tui.ui.screens.record_edit import KEPT, RecordEditScreen
from tui.ui.screens.review import ReviewScreen


@dataclass(frozen=True)
class BackToForm:
    """After a conflict the agent left the review of their re-applied values: the form opens
    again on the latest version (`before`) with their values (`after`)."""

    before: Any
    after: Any


def _changes(diffs: list[FieldDiff]) -> dict[str, FieldChange]:
    return {d.wire: FieldChange(d.before, d.after) for d in diffs}


def _mine(kind: RecordKind, before: Any, after: Any) -> dict[str, Any]:
    """Form field name -> the agent's value, for the fields the agent changed."""
    return {
        s.name: get_path(after, s.name)
        for s in kind.fields
        if get_path(before, s.name) != get_path(after, s.name)
    }


async def _conflict(
    app: FlowApp, kind: RecordKind, before: Any, after: Any, current: Any, title: str
) -> str:
    """The conflict view: per field the agent changed, what it was, theirs now, and yours."""
    mine = _mine(kind, before, after)
    rows = [
        ConflictRow(
            kind.field(n).label,
            shown(app, kind.field(n).wire, get_path(before, n)),
            shown(app, kind.field(n).wire, get_path(current, n)),
            shown(app, kind.field(n).wire, v),
        )
        for n, v in mine.items()
    ]
    others = [
        s.label
        for s in kind.fields
        if s.name not in mine and get_path(before, s.name) != get_path(current, s.name)
    ]
    if not rows:  # their change touched what the form does not show (roles, a lock)
        others = others or ["fields this form does not show"]
    choice: str = await app.push_screen_wait(
        ConflictScreen(title, rows, others=others, noun=kind.title.lower())
    )
    return choice


@dataclass(frozen=True)
class Retry:
    """Send again: the agent's values (`after`) on the latest version (`before`)."""

    before: Any
    after: Any


async def _after_conflict(
    app: FlowApp,
    kind: RecordKind,
    attempt: Attempt,
    before: Any,
    after: Any,
    outcome: Outcome,
    form: bool,
) -> Any:
    """Show the conflict; `Retry` when the agent re-applies and confirms the fresh review, else
    what `save_record` returns (None, the latest record, `BackToForm`)."""
    label, key = attempt.label, str(attempt.key)
    current = outcome.conflict.current if outcome.conflict is not None else None
    if current is None:
        current = await fresh(app, kind.name, key, f"read {label} after a conflict")
        if current is None:
            return None
    choice = await _conflict(
        app, kind, before, after, current, f"Not saved: {label} changed meanwhile"
    )
    tell_screens(app, kind.name, key, current)
    if choice != "reapply":
        write(app, attempt, CANCELLED, message="dropped after a conflict")
        app.notify(f"Your changes to {label} were dropped; you see the latest now.")
        return None
    reapplied = kind.apply(current, _mine(kind, before, after))
    again = diff_fields(
        kind.fields, form_values(current, kind.fields), form_values(reapplied, kind.fields)
    )
    if not again:
        app.notify(f"{label} already has your values; nothing to send.")
        return current
    ok = await app.push_screen_wait(
        ReviewScreen(
            f"Review again: your changes on top of the latest {kind.title.lower()}",
            again,
            note="Only your fields change; what they changed stays.",
            back="" if form else "Esc cancel: your change is not sent",
            rest=KEPT,
        )
    )
    if not ok and form:
        return BackToForm(current, reapplied)
    if not ok:
        write(app, attempt, CANCELLED, message="re-apply not confirmed")
        return None
    return Retry(current, reapplied)


async def save_record(
    app: FlowApp,
    kind: RecordKind,
    before: Any,
    after: Any,
    *,
    action: str,
    reason: str | None = None,
    form: bool = False,
) -> Any:
    """Save what changed from `before` (as loaded) to `after` through `backend.save`.

    Returns the record as saved; the error when it was refused (a form shows field errors);
    `BackToForm` when `form` and the agent went back after a conflict; None when nothing was
    saved and there is nothing more to do (dropped, cancelled, or a failure already told)."""
    key = kind.key(before)
    label = shown(app, None, kind.label(before))
    while True:
        diffs = diff_fields(
            kind.fields, form_values(before, kind.fields), form_values(after, kind.fields)
        )
        if not diffs:
            app.notify(f"Nothing to change: {label} already has these values.")
            return before
        attempt = Attempt(
            kind.name,
            key,
            label,
            action,
            doing=f"save {label}",
            done=f"Saved {label}: " + ", ".join(d.label for d in diffs) + ".",
            changes=_changes(diffs),
            reason=reason,
        )
        outcome = await journaled(app, attempt, partial(app.backend.save, kind.name, before, after))
        if outcome.conflict is not None:
            step = await _after_conflict(app, kind, attempt, before, after, outcome, form)
            if not isinstance(step, Retry):
                return step
            before, after = step.before, step.after
            continue
        if outcome.error is not None:
            # Whatever the server has now is what the agent must see before trying again.
            tell_screens(app, kind.name, key, None)
            return outcome.error
        saved = outcome.value
        previous = {n: get_path(before, n) for n in _mine(kind, before, after)}
        if action != "undo":
            undo_stack(app).append(UndoEntry(kind.name, key, label, action, saved, previous))
        tell_screens(app, kind.name, key, saved)
        return saved


def _field_errors(exc: BaseException) -> dict[str, str]:
    if not isinstance(exc, Invalid):
        return {}
    return {d.field: d.message for d in exc.details if d.field}


async def edit_record(app: FlowApp, kind_name: str, record: Any) -> None:
    """`e`: the form on the record as it is now, the review, then the safe save."""
    kind = kind_of(app, kind_name)
    if refused(app, "Editing"):
        return
    key = kind.key(record)
    before = await fresh(app, kind.name, key, f"read {kind.title.lower()} {key}")
    if before is None:
        return
    draft: dict[str, Any] | None = None
    errors: dict[str, str] = {}
    while True:
        changed = await app.push_screen_wait(
            RecordEditScreen(kind, before, draft=draft, server_errors=errors)
        )
        if not changed:
            return
        after = kind.apply(before, changed)
        result = await save_record(app, kind, before, after, action="edit", form=True)
        if isinstance(result, BackToForm):
            before, draft, errors = result.before, _mine(kind, result.before, result.after), {}
            continue
        if isinstance(result, BaseException) and _field_errors(result):
            draft, errors = dict(changed), _field_errors(result)
            continue
        return
