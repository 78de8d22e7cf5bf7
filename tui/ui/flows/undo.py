"""`u`: put back the agent's latest change, through the same safe save (a conflict if changed since)."""

from __future__ import annotations

from tui.ui.flows.act import conflict_rows, perform, words_for
from tui.ui.flows.common import FlowApp, UndoEntry, fresh, kind_of, refused, undo_stack
from tui.ui.flows.edit import form_fields, save_record
from tui.ui.screens.confirm import ConfirmScreen
from tui.ui.screens.conflict import ConflictScreen
from tui.ui.screens.record_edit import KEPT
from tui.ui.screens.review import ReviewScreen


async def _undo_edit(app: FlowApp, entry: UndoEntry) -> None:
    kind = kind_of(app, entry.kind)
    fields = entry.fields or form_fields(kind)
    before = entry.after
    after = fields.apply(before, entry.previous)
    diffs = fields.diffs(before, after)
    ok = await app.push_screen_wait(
        ReviewScreen(
            f"Undo your edit of {entry.label}",
            diffs,
            note="Checked against the record as your edit left it: if someone changed it since, "
            "you see both versions and nothing is overwritten.",
            back="Esc cancel: nothing is sent",
            rest=KEPT,
        )
    )
    if not ok:
        return
    undo_stack(app).remove(entry)
    await save_record(
        app,
        kind,
        before,
        after,
        action="undo",
        reason=f"undo of {entry.action}",
        fields=fields,
    )


async def _undo_action(app: FlowApp, entry: UndoEntry) -> None:
    kind = kind_of(app, entry.kind)
    inverse = kind.action(entry.inverse or "")
    current = await fresh(app, kind.name, entry.key, f"read {entry.label}")
    if current is None:
        return
    if kind.wire(current) != kind.wire(entry.after):
        choice = await app.push_screen_wait(
            ConflictScreen(
                f"Not undone: {entry.label} changed since your {entry.action}",
                conflict_rows(app, kind, entry.after, current),
                others=["what the list does not show"],
                noun=kind.title.lower(),
            )
        )
        if choice != "reapply":
            undo_stack(app).remove(entry)
            app.notify(f"Undo dropped: {entry.label} stays as it is now.")
            return
    if not inverse.applies_to(current):
        undo_stack(app).remove(entry)
        app.notify(f"Nothing to undo: {entry.label} is already back as it was.")
        return
    words = words_for(inverse, entry.arguments, current)
    confirmed = await app.push_screen_wait(
        ConfirmScreen(
            f"Undo: {words}: {entry.label}?",
            "" if inverse.options else inverse.description,
            confirm_label=f"Undo ({words})",
            danger=inverse.destructive,
        )
    )
    if confirmed is None:
        return
    undo_stack(app).remove(entry)
    await perform(
        app, kind, current, inverse, entry.arguments, reason=confirmed.reason, journal_as="undo"
    )


async def undo_last(app: FlowApp) -> None:
    """Undo the latest change of this session that can be undone; again: the one before."""
    if refused(app, "Undo"):
        return
    stack = undo_stack(app)
    if not stack:
        app.notify(
            "Nothing to undo: no edit, lock, role or status change of yours in this session "
            "(a removal cannot be undone).",
            title="Undo",
        )
        return
    entry = stack[-1]
    if entry.previous:
        await _undo_edit(app, entry)
    else:
        await _undo_action(app, entry)
