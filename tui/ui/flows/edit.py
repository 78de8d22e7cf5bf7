"""Edit a record of any kind: the form, the review, the safe save, and the conflict view on a clash."""

from __future__ import annotations

from collections.abc import Callable, Collection
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


@dataclass(frozen=True)
class Fields:
    """Which fields of a record a save changes, for its review, conflict view, re-apply and
    undo: the kind's form fields (`form_fields`), or another set (a Kibo account's attributes,
    flows/attributes.py)."""

    names: Callable[[Any, Any], list[str]]
    """The fields in play between two versions of the record, in the order they are shown."""
    value: Callable[[Any, str], Any]
    label: Callable[[str], str]
    wire: Callable[[str], str]
    """A field's wire name: the journal's key, and what mask mode masks its values by."""
    apply: Callable[[Any, dict[str, Any]], Any]
    """The record with these fields set to these values."""
    diffs: Callable[[Any, Any], list[FieldDiff]]
    others: Callable[[Any, Any, Collection[str]], list[str]] | None = None
    """Labels of what someone else changed besides the agent's fields (None: among `names`)."""


def form_fields(kind: RecordKind) -> Fields:
    """The kind's form fields, as `e` edits them."""
    by_name = {s.name: s for s in kind.fields}
    return Fields(
        names=lambda a, b: list(by_name),
        value=get_path,
        label=lambda n: by_name[n].label,
        wire=lambda n: by_name[n].wire,
        apply=kind.apply,
        diffs=lambda a, b: diff_fields(
            kind.fields, form_values(a, kind.fields), form_values(b, kind.fields)
        ),
    )


def _mine(fields: Fields, before: Any, after: Any) -> dict[str, Any]:
    """Field name -> the agent's value, for the fields the agent changed."""
    return {
        n: fields.value(after, n)
        for n in fields.names(before, after)
        if fields.value(before, n) != fields.value(after, n)
    }


async def _conflict(
    app: FlowApp,
    kind: RecordKind,
    fields: Fields,
    before: Any,
    after: Any,
    current: Any,
    title: str,
) -> str:
    """The conflict view: per field the agent changed, what it was, theirs now, and yours."""
    mine = _mine(fields, before, after)
    rows = [
        ConflictRow(
            fields.label(n),
            shown(app, fields.wire(n), fields.value(before, n)),
            shown(app, fields.wire(n), fields.value(current, n)),
            shown(app, fields.wire(n), v),
        )
        for n, v in mine.items()
    ]
    if fields.others is not None:
        others = fields.others(before, current, mine)
    else:
        others = [
            fields.label(n)
            for n in fields.names(before, current)
            if n not in mine and fields.value(before, n) != fields.value(current, n)
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
    fields: Fields,
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
        app, kind, fields, before, after, current, f"Not saved: {label} changed meanwhile"
    )
    tell_screens(app, kind.name, key, current)
    if choice != "reapply":
        write(app, attempt, CANCELLED, message="dropped after a conflict")
        app.notify(f"Your changes to {label} were dropped; you see the latest now.")
        return None
    reapplied = fields.apply(current, _mine(fields, before, after))
    again = fields.diffs(current, reapplied)
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
    fields: Fields | None = None,
) -> Any:
    """Save what changed from `before` (as loaded) to `after` through `backend.save`; the
    changes are those of the kind's form fields unless `fields` says which.

    Returns the record as saved; the error when it was refused (a form shows field errors);
    `BackToForm` when `form` and the agent went back after a conflict; None when nothing was
    saved and there is nothing more to do (dropped, cancelled, or a failure already told)."""
    fields = fields or form_fields(kind)
    key = kind.key(before)
    label = shown(app, None, kind.label(before))
    while True:
        diffs = fields.diffs(before, after)
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
            step = await _after_conflict(app, kind, fields, attempt, before, after, outcome, form)
            if not isinstance(step, Retry):
                return step
            before, after = step.before, step.after
            continue
        if outcome.error is not None:
            # Whatever the server has now is what the agent must see before trying again.
            tell_screens(app, kind.name, key, None)
            return outcome.error
        saved = outcome.value
        previous = {n: fields.value(before, n) for n in _mine(fields, before, after)}
        if action != "undo":
            undo_stack(app).append(
                UndoEntry(kind.name, key, label, action, saved, previous, fields=fields)
            )
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
            mine = _mine(form_fields(kind), result.before, result.after)
            before, draft, errors = result.before, mine, {}
            continue
        if isinstance(result, BaseException) and _field_errors(result):
            draft, errors = dict(changed), _field_errors(result)
            continue
        return
