"""A Kibo account's attributes as editable JSON (name -> values), their checks, and what changed.

The editor shows one object, `{"tenant~tier": ["gold"], ...}`: each attribute by its
`fullyQualifiedName`, with its `values` list as the spec (CustomerAttribute) has it. The rest of
an attribute (its `attributeDefinitionId`, `auditInfo`, fields this app does not know) is not
shown and is kept as it is: a change replaces only `values`. An attribute without a name cannot
be keyed, so it is left out of the text and kept untouched.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

Attributes = dict[str, list[Any]]


class AttributesError(ValueError):
    """Edited attributes that cannot be saved; str() says which one, what is wrong, how to fix."""


def named(attributes: Sequence[Any] | None) -> Attributes:
    """Name -> values of each attribute that has a name (the first of a repeated name)."""
    found: Attributes = {}
    for attribute in attributes or []:
        if not isinstance(attribute, Mapping):
            continue
        name = attribute.get("fullyQualifiedName")
        if isinstance(name, str) and name and name not in found:
            values = attribute.get("values")
            found[name] = list(values) if isinstance(values, list) else []
    return found


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "text", type(None): "null"}.get(
        type(value), "a number"
    )


def parse_attributes(text: str) -> Attributes:
    """The edited text as name -> values, or AttributesError naming the attribute and the fix:
    JSON errors with their line and column; the top level an object; each name not blank and
    without spaces around it; each value a list (the spec's `values` array) of text, numbers
    or true/false (Kibo's attribute values are single values, not objects or lists)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AttributesError(
            f"Not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}. Fix it there "
            "(a missing comma or quote, or one too many, is the usual cause)."
        ) from None
    except RecursionError:
        raise AttributesError("Not saved: nested too deeply.") from None
    if not isinstance(value, dict):
        raise AttributesError(
            "The attributes must be one JSON object of name and values, like "
            f'{{"tenant~tier": ["gold"]}}, not {_kind(value)}.'
        )
    for name, values in value.items():
        if not name.strip() or name != name.strip():
            raise AttributesError(
                f"Attribute “{name}”: the name is blank or has spaces around it; write its "
                "fully qualified name, like tenant~tier."
            )
        if not isinstance(values, list):
            raise AttributesError(
                f"Attribute “{name}”: its values must be a list, like [{json.dumps(values)}], "
                f"not {_kind(values)}. Put [ ] around them; [] leaves it without a value."
            )
        for i, item in enumerate(values):
            if isinstance(item, dict | list) or item is None:
                raise AttributesError(
                    f"Attribute “{name}”: value {i + 1} is {_kind(item)}; each value must be "
                    'text, a number or true/false, like ["gold"] or [30].'
                )
    return value


def changed(before: Mapping[str, list[Any]], after: Mapping[str, list[Any]]) -> dict[str, Any]:
    """Name -> the new values of every attribute that differs (None: removed)."""
    names = dict.fromkeys([*before, *after])
    return {n: after.get(n) for n in names if before.get(n) != after.get(n)}


def with_values(
    attributes: Sequence[Any] | None, changes: Mapping[str, list[Any] | None]
) -> list[Any]:
    """`attributes` (the wire list) with these values set: an attribute keeps every other field
    it has; a new name is added with only its name and values; None removes one."""
    result: list[Any] = []
    done: set[str] = set()
    for attribute in attributes or []:
        name = attribute.get("fullyQualifiedName") if isinstance(attribute, Mapping) else None
        if not isinstance(name, str) or name not in changes:
            result.append(copy.deepcopy(attribute))
            continue
        done.add(name)
        values = changes[name]
        if values is not None:
            result.append({**copy.deepcopy(dict(attribute)), "values": copy.deepcopy(values)})
    for name, values in changes.items():
        if name not in done and values is not None:
            result.append({"fullyQualifiedName": name, "values": copy.deepcopy(values)})
    return result


def label(name: str) -> str:
    """`attributes.tenant~tier`, as the review and the conflict view name an attribute."""
    return f"attributes.{name}"
