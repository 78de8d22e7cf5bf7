"""`M` on a customer: its mixins as JSON in the agent's editor, checked, reviewed field by field
and saved through the same safe update (only `mixins`, with the version read) and conflict view
as a profile edit."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from textual.screen import Screen

from tui.emporix.mixins import (
    MixinsError,
    Path,
    changed_leaves,
    label,
    leaves,
    parse_mixins,
    with_leaves,
)
from tui.emporix.models import Customer
from tui.ui.change_fields import PROFILE_FIELDS, FieldSet
from tui.ui.flows.customer_core import customer_to_change, safe_update
from tui.ui.flows.in_editor import edited_json, editor_refused
from tui.ui.forms import FieldDiff
from tui.ui.screens.edit import customer_label
from tui.ui.screens.review import ReviewScreen


def _name(path: Path) -> str:
    return json.dumps(list(path))


def _path(name: str) -> Path:
    return tuple(json.loads(name))


def _mine(before: Customer, after: Customer) -> dict[str, Any]:
    return {_name(p): v for p, v in changed_leaves(before.mixins, after.mixins).items()}


def _value(customer: Customer, name: str) -> Any:
    return leaves(customer.mixins).get(_path(name))


def _others(was: Customer, now: Customer, mine: Collection[str]) -> list[str]:
    theirs = [label(p) for p in changed_leaves(was.mixins, now.mixins) if _name(p) not in mine]
    return theirs + PROFILE_FIELDS.others(was, now, ())


def _apply(current: Customer, mine: dict[str, Any]) -> Customer:
    mixins = with_leaves(current.mixins, {_path(n): v for n, v in mine.items()})
    return current.edited(mixins=mixins)


def mixin_diffs(before: Customer, after: Customer) -> list[FieldDiff]:
    """Each mixin field that differs, `mixins.loyalty.tier`: before → after."""
    old = leaves(before.mixins)
    return [
        FieldDiff(label(p), label(p), old.get(p), v)
        for p, v in changed_leaves(before.mixins, after.mixins).items()
    ]


MIXIN_FIELDS = FieldSet(
    mine=_mine,
    label=lambda n: label(_path(n)),
    value=_value,
    others=_others,
    apply=_apply,
    diffs=mixin_diffs,
)


async def edit_mixins(screen: Screen[Any], customer: Any) -> None:
    """`M`: the customer's mixins in $EDITOR, then review, then the safe save."""
    app = screen.app
    instead = "Copy the customer with Y, or edit the mixins from a local customer-tui."
    if editor_refused(app, "Mixins", instead):
        return
    before = await customer_to_change(app, customer, "Editing mixins", "open the mixins")
    if before is None:
        return
    who = customer_label(before)
    if not before.mixins and not (before.metadata and before.metadata.mixins):
        app.notify(
            f"{who} has no mixins, and a new one needs a schema URL this editor does not add.",
            title="No mixins",
        )
        return
    schemas = before.metadata.mixins if before.metadata else None
    mixins = await edited_json(
        app,
        dict(before.mixins or {}),
        lambda text: parse_mixins(text, schemas),
        noun="mixins",
        error=MixinsError,
    )
    if mixins is None:
        return
    after = before.edited(mixins=mixins)
    ok = await app.push_screen_wait(
        ReviewScreen(
            f"Save the mixins of {who}?",
            mixin_diffs(before, after),
            note="Only mixins are sent, checked against the version you read; their schema "
            "URLs stay as they are.",
            back="Esc cancel: nothing is sent",
        )
    )
    if not ok:
        app.notify("Mixins not changed: nothing was sent.", title="Mixins")
        return
    saved = await safe_update(app, before, after, action="edit mixins", fields=MIXIN_FIELDS)
    if isinstance(saved, Customer) and saved is not before:
        names = ", ".join(d.label for d in mixin_diffs(before, after))
        app.notify(f"Saved {who}: {names}.", title="Saved")
