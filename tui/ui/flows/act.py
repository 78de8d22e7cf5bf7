"""A kind's actions on their keys: confirm (typed for a removal, a chooser for roles), then act."""

from __future__ import annotations

from functools import partial
from typing import Any

from tui.core.journal import FieldChange
from tui.core.kinds import Action, RecordKind
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
from tui.ui.flows.edit import edit_record
from tui.ui.flows.journal import Attempt, journaled
from tui.ui.flows.json_part import edit_json_part
from tui.ui.screens.choice import ChoiceScreen
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictRow, ConflictScreen
from tui.ui.screens.typed_confirm import TypedConfirmScreen

Chosen = tuple[Action, dict[str, Any]]


def column_changes(kind: RecordKind, before: Any, after: Any) -> dict[str, FieldChange]:
    """What an action changed, as the list's columns read it (Locked no -> yes, Roles ...)."""
    if after is None:
        return {}
    found = {}
    for column in kind.columns:
        was, now = column.value(before), column.value(after)
        if was != now:
            found[column.name] = FieldChange(was, now)
    return found


def conflict_rows(app: FlowApp, kind: RecordKind, was: Any, now: Any) -> list[ConflictRow]:
    """Per column that differs: as our change left it, as it is now (and ours is `was`)."""
    rows = []
    for column in kind.columns:
        before, current = column.value(was), column.value(now)
        if before != current:
            before, current = shown(app, column.name, before), shown(app, column.name, current)
            rows.append(ConflictRow(column.label, before, current, before))
    return rows


async def _choose(
    app: FlowApp, kind: RecordKind, record: Any, actions: list[Action]
) -> Chosen | None:
    options = [
        (words, f"{a.name}\n{value}")
        for a in actions
        if a.options
        for words, value in a.options(record)
    ]
    label = shown(app, None, kind.label(record))
    picked = await app.push_screen_wait(
        ChoiceScreen(
            f"{actions[0].label.rstrip('…')}: {label}", "What it has, and what it can get:", options
        )
    )
    if not picked:
        return None
    name, _, value = str(picked).partition("\n")
    action = kind.action(name)
    return action, {action.argument or "value": value}


def words_for(action: Action, arguments: dict[str, Any], record: Any) -> str:
    """The action in words, with the option chosen ("Give Admin (1)")."""
    if action.options and arguments:
        value = next(iter(arguments.values()))
        for words, option in action.options(record):
            if option == str(value):
                return words
    return action.label


async def _confirm(app: FlowApp, kind: RecordKind, record: Any, action: Action, words: str) -> Any:
    label = shown(app, None, kind.label(record))
    if action.undo:
        then = "u (undo) puts it back."
    elif "undone" in action.description:
        then = ""
    else:
        then = "u (undo) cannot put this back."
    # An action with options was described in the chooser; here the chosen option says it.
    said = "" if action.options else action.description
    body = f"{said}\n{then}".strip()
    if action.typed is not None:
        expected = action.typed(record)
        if action.typed_masked is not None and shown(app, "userName", expected) != expected:
            # Mask mode hides it (an e-mail): the dialog must neither show it nor ask for it.
            expected = action.typed_masked(record)
        return await app.push_screen_wait(
            TypedConfirmScreen(
                f"{words} {kind.title.lower()} {label}?",
                f"{body}\nThe whole {kind.title.lower()} is written to your journal first.",
                expected,
                confirm_label=words,
            )
        )
    return await app.push_screen_wait(
        ConfirmScreen(
            f"{words}: {label}?",
            body,
            confirm_label=words,
            danger=action.destructive,
        )
    )


async def perform(
    app: FlowApp,
    kind: RecordKind,
    current: Any,
    action: Action,
    arguments: dict[str, Any],
    *,
    reason: str | None,
    journal_as: str | None = None,
) -> Any:
    """Run the action on `current` (as read just now), journalled; returns the record after it
    (read again), or None when it failed (already told)."""
    key = kind.key(current)
    label = shown(app, None, kind.label(current))
    words = words_for(action, arguments, current)
    attempt = Attempt(
        kind.name,
        key,
        label,
        journal_as or action.name,
        doing=f"{words.lower()}: {label}",
        done=f"{words}: {label}. Done." + (" u undoes it." if action.undo else ""),
        reason=reason if journal_as is None else reason or f"undo of {action.undo}",
        target=", ".join(f"{k}={v}" for k, v in arguments.items()) or None,
        snapshot=kind.wire(current) if action.undo is None and action.destructive else None,
    )
    outcome = await journaled(
        app,
        attempt,
        partial(app.backend.act, kind.name, action.name, current, **arguments),
        changes_of=lambda after: column_changes(kind, current, after),
    )
    if outcome.conflict is not None:
        now = outcome.conflict.current or await fresh(app, kind.name, key, f"read {label}")
        if now is None:
            return None
        rows = conflict_rows(app, kind, current, now)
        choice = await app.push_screen_wait(
            ConflictScreen(
                f"Not done: {label} changed meanwhile",
                rows,
                others=[] if rows else ["fields the list does not show"],
                noun=kind.title.lower(),
            )
        )
        tell_screens(app, kind.name, key, now)
        if choice != "reapply":
            app.notify(f"{words} not done: {label} stays as they left it.")
            return None
        if not action.applies_to(now):
            app.notify(f"{words}: nothing to do, {label} is that way already.")
            return now
        # The agent saw their change and chose to go on: the action, on the latest.
        return await perform(
            app, kind, now, action, arguments, reason=reason, journal_as=journal_as
        )
    if not outcome.ok:
        tell_screens(app, kind.name, key, None)
        return None
    # Read again: the action's own answer may leave out what the detail shows (an account's users).
    after = await fresh(app, kind.name, key, f"read {label} back")
    if after is not None and action.undo and journal_as is None:
        undo_stack(app).append(
            UndoEntry(
                kind.name, key, label, action.name, after, inverse=action.undo, arguments=arguments
            )
        )
    tell_screens(app, kind.name, key, after)
    return after


async def run_key(app: FlowApp, kind_name: str, record: Any, key: str) -> None:
    """The agent pressed one of the kind's action keys on `record`."""
    kind = kind_of(app, kind_name)
    actions = [a for a in kind.actions if a.key == key]
    if not actions:
        return
    if actions[0].name == "edit":
        await edit_record(app, kind_name, record)
        return
    part = next((p for p in kind.json_parts if p.action == actions[0].name), None)
    if part is not None:
        await edit_json_part(app, kind_name, record, part)
        return
    if refused(app, actions[0].label.rstrip("…")):
        return
    current = await fresh(app, kind.name, kind.key(record), f"read {kind.title.lower()}")
    if current is None:
        return
    tell_screens(app, kind.name, kind.key(current), current)
    fitting = [a for a in actions if a.applies_to(current)]
    label = shown(app, None, kind.label(current))
    if not fitting:
        app.notify(
            f"{' / '.join(a.label for a in actions)} does not apply to {label} as it is now.",
            title="Nothing to do",
            severity="warning",
        )
        return
    if any(a.options for a in fitting):
        chosen = await _choose(app, kind, current, fitting)
        if chosen is None:
            return
        action, arguments = chosen
    else:
        action, arguments = fitting[0], {}
    words = words_for(action, arguments, current)
    confirmed = await _confirm(app, kind, current, action, words)
    if confirmed is None:
        return
    await perform(app, kind, current, action, arguments, reason=confirmed.reason)
