"""A record's JSON part (a Kibo account's attributes) in $EDITOR, then the review and the safe save.

The editor, its checks and "unchanged" are flows/in_editor.py's, as for Emporix mixins; the
save, the conflict view, the journal and undo are flows/edit.py's `save_record`, with each
top-level key of the part as one field.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from tui.core.kinds import JsonPart, RecordKind
from tui.ui.flows.common import FlowApp, fresh, kind_of, refused, shown
from tui.ui.flows.edit import Fields, save_record
from tui.ui.flows.in_editor import edited_json, editor_refused
from tui.ui.forms import FieldDiff
from tui.ui.screens.record_edit import KEPT
from tui.ui.screens.review import ReviewScreen


def _names(part: JsonPart, *records: Any) -> list[str]:
    return list(dict.fromkeys(k for r in records for k in part.value(r)))


def _others(kind: RecordKind, part: JsonPart) -> Any:
    def others(was: Any, now: Any, mine: Collection[str]) -> list[str]:
        """Their changes besides the agent's: other keys of the part, then other fields."""
        theirs = [
            part.label(n)
            for n in _names(part, was, now)
            if n not in mine and part.of(was, n) != part.of(now, n)
        ]
        old, new = kind.wire(was), kind.wire(now)
        skip = {part.wire, *part.unrelated}
        theirs += [
            k for k in dict.fromkeys([*old, *new]) if k not in skip and old.get(k) != new.get(k)
        ]
        return theirs

    return others


def part_fields(kind: RecordKind, part: JsonPart) -> Fields:
    """Each top-level key of the part as one field of `save_record`."""

    def diffs(before: Any, after: Any) -> list[FieldDiff]:
        return [
            FieldDiff(part.label(n), part.label(n), part.of(before, n), part.of(after, n))
            for n in _names(part, before, after)
            if part.of(before, n) != part.of(after, n)
        ]

    return Fields(
        names=lambda a, b: _names(part, a, b),
        value=part.of,
        label=part.label,
        wire=part.label,
        apply=part.apply,
        diffs=diffs,
        others=_others(kind, part),
    )


async def edit_json_part(app: FlowApp, kind_name: str, record: Any, part: JsonPart) -> None:
    """`M` on a record whose kind has a JSON part: it in $EDITOR, checked; the review; the save."""
    kind = kind_of(app, kind_name)
    title = part.noun[:1].upper() + part.noun[1:]
    if refused(app, f"Editing {part.noun}"):
        return
    instead = (
        f"Copy the {kind.title.lower()} with Y, or edit its {part.noun} from a local customer-tui."
    )
    if editor_refused(app, title, instead):
        return
    key = kind.key(record)
    before = await fresh(app, kind.name, key, f"read {kind.title.lower()} {key}")
    if before is None:
        return
    edited = await edited_json(
        app, part.value(before), part.parse, noun=part.noun, error=part.error
    )
    if edited is None:
        return
    old = part.value(before)
    changes = {
        n: edited.get(n) for n in dict.fromkeys([*old, *edited]) if old.get(n) != edited.get(n)
    }
    after = part.apply(before, changes)
    fields = part_fields(kind, part)
    label = shown(app, None, kind.label(before))
    ok = await app.push_screen_wait(
        ReviewScreen(
            f"Save the {part.noun} of {label}?",
            fields.diffs(before, after),
            note=part.note,
            back="Esc cancel: nothing is sent",
            rest=KEPT,
        )
    )
    if not ok:
        app.notify(f"{title} not changed: nothing was sent.", title=title)
        return
    await save_record(app, kind, before, after, action=f"edit {part.noun}", fields=fields)
