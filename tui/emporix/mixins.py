"""A customer's mixins as editable JSON: the text, its checks, and the changed fields, leaf by leaf."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

Path = tuple[str, ...]


class MixinsError(ValueError):
    """Edited mixins that cannot be saved; str() says where and what to fix."""


def parse_mixins(text: str, schemas: Mapping[str, Any] | None) -> dict[str, Any]:
    """The edited text as mixins, or MixinsError: JSON errors with their line and column, the
    top level and each mixin an object, and no mixin without a schema URL in `metadata.mixins`
    (those are kept as they are: the editor shows the values, not the schemas)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MixinsError(
            f"Not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}."
        ) from None
    except RecursionError:
        raise MixinsError("Not saved: nested too deeply.") from None
    if not isinstance(value, dict):
        raise MixinsError(
            f'The mixins must be one JSON object ({{"name": {{...}}}}), not {_kind(value)}.'
        )
    for name, fields in value.items():
        if not isinstance(fields, dict):
            raise MixinsError(f"Mixin “{name}” must be an object of fields, not {_kind(fields)}.")
    unknown = [name for name in value if name not in (schemas or {})]
    if unknown:
        known = ", ".join(sorted(schemas or {})) or "none"
        raise MixinsError(
            f"No schema URL for {', '.join(f'“{n}”' for n in unknown)} in metadata.mixins "
            f"(this customer's: {known}): a new mixin needs its schema, which this editor does "
            "not add. Remove it, or fix the name."
        )
    return value


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def leaves(mixins: Mapping[str, Any] | None) -> dict[Path, Any]:
    """Every field of the mixins by its path; an empty object or a list is one field."""
    found: dict[Path, Any] = {}

    def walk(node: Any, path: Path) -> None:
        if isinstance(node, dict) and node:
            for key, value in node.items():
                walk(value, (*path, str(key)))
        else:
            found[path] = node

    for name, value in (mixins or {}).items():
        walk(value, (str(name),))
    return found


def changed_leaves(
    before: Mapping[str, Any] | None, after: Mapping[str, Any] | None
) -> dict[Path, Any]:
    """Path -> the new value of every field that differs (None: removed)."""
    old, new = leaves(before), leaves(after)
    return {p: new.get(p) for p in dict.fromkeys([*old, *new]) if old.get(p) != new.get(p)}


def with_leaves(mixins: Mapping[str, Any] | None, changes: Mapping[Path, Any]) -> dict[str, Any]:
    """`mixins` with these fields set (None removes one): removals first, so a field that
    became an object of its own or the other way round lands as the agent left it."""
    result = copy.deepcopy(dict(mixins or {}))
    for path, value in sorted(changes.items(), key=lambda item: item[1] is not None):
        parent: Any = result
        for key in path[:-1]:
            if not isinstance(parent.get(key), dict):
                if value is None:
                    break
                parent[key] = {}
            parent = parent[key]
        else:
            if value is None:
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = copy.deepcopy(value)
    return result


def label(path: Path) -> str:
    """`mixins.loyalty.tier`, as the review and the conflict view name a field."""
    return "mixins." + ".".join(path)
