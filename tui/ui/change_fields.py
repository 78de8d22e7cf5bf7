"""Which fields a change flow edits: their names, labels and values, for the conflict view and
for re-applying the agent's values on the latest version (the profile form's by default)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from tui.emporix.models import Customer
from tui.ui.forms import FieldDiff, diff_fields, get_path
from tui.ui.screens.edit import apply_values, customer_specs, form_values

SPECS = customer_specs()


def agent_values(before: Customer, after: Customer) -> dict[str, Any]:
    """Form field name -> the agent's value, for the fields the agent changed."""
    return {
        s.name: get_path(after, s.name)
        for s in SPECS
        if get_path(before, s.name) != get_path(after, s.name)
    }


@dataclass(frozen=True)
class FieldSet:
    """The fields a change flow edits, for the conflict view and re-applying after one: the
    profile form's fields by default; the mixins editor has its own (flows/customer_mixins.py)."""

    mine: Callable[[Customer, Customer], dict[str, Any]]
    """Field name -> the agent's value, for each field the agent changed from before to after."""
    label: Callable[[str], str]
    value: Callable[[Customer, str], Any]
    others: Callable[[Customer, Customer, Collection[str]], list[str]]
    """Labels of the fields someone else changed between two versions, besides the agent's."""
    apply: Callable[[Customer, dict[str, Any]], Customer]
    diffs: Callable[[Customer, Customer], list[FieldDiff]]
    wire: Callable[[str], str] = lambda name: name
    """A field's wire path, by which mask mode masks its values in the conflict view."""


def _profile_others(was: Customer, now: Customer, mine: Collection[str]) -> list[str]:
    return [
        s.label
        for s in SPECS
        if s.name not in mine and get_path(was, s.name) != get_path(now, s.name)
    ]


_BY_NAME = {s.name: s for s in SPECS}
PROFILE_FIELDS = FieldSet(
    mine=agent_values,
    label=lambda name: _BY_NAME[name].label,
    value=get_path,
    others=_profile_others,
    apply=apply_values,
    diffs=lambda a, b: diff_fields(SPECS, form_values(a, SPECS), form_values(b, SPECS)),
    wire=lambda name: _BY_NAME[name].wire,
)
