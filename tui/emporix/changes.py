"""The minimal patch between a customer as loaded and as edited, as the API's PATCH takes it.

PATCH semantics: the spec offers `application/merge-patch+json` (RFC 7386: objects merge, null
removes a key, anything else replaces) and the sandbox implements exactly that; some servers merge
top-level fields only and replace nested objects. The body works with both: a changed nested
object is sent whole, as loaded with the agent's change applied (so `b2b.legalEntities` is never
lost, and a changed mixin sends all `mixins`), and a key the agent removed inside it is sent as
null (or "" for text the spec does not let be null). The body always carries `metadata.version` from the customer
as loaded, so a change made by someone else in between comes back as a 409, not an overwrite.
"""

from __future__ import annotations

from typing import Any

from tui.emporix.errors import FieldDetail, ValidationFailed
from tui.emporix.models import Customer

__all__ = ["READ_ONLY_FIELDS", "customer_changes", "patch_body"]

READ_ONLY_FIELDS = frozenset(
    {
        "customerNumber",
        "id",
        "metadata",
        "addresses",
        "accounts",
        "defaultAddress",
        "metadataCreatedAt",
        "businessModel",
        "email",
    }
)
"""Fields that a customer PATCH does not change (they have their own endpoints, or the server owns them)."""

_NULLABLE = frozenset({"restriction"})
_TEXT_FIELDS = frozenset(
    {
        "title",
        "firstName",
        "middleName",
        "lastName",
        "company",
        "contactPhone",
        "preferredLanguage",
        "preferredCurrency",
        "preferredSite",
        "type",
        "photoUrl",
    }
)


def customer_changes(before: Customer, after: Customer) -> dict[str, Any]:
    """The fields the agent changed, as a PATCH body without `metadata` (empty when nothing changed).

    A cleared text field is sent as "" (the spec does not allow null there); a cleared
    `restriction` as null. Clearing `contactEmail` is refused: the API cannot unset it.
    """
    old, new = before.to_wire(), after.to_wire()
    changes: dict[str, Any] = {}
    problems: list[FieldDetail] = []
    for name in dict.fromkeys([*old, *new]):
        if name in READ_ONLY_FIELDS:
            continue
        was, now = old.get(name), new.get(name)
        if was == now or (was is None and now is None):
            continue
        if now is None or now == "":
            if name == "contactEmail":
                if was:
                    problems.append(
                        FieldDetail(
                            "contactEmail",
                            "cannot_unset",
                            "Contact e-mail cannot be removed once set: enter a new address instead",
                        )
                    )
                continue
            if name in _NULLABLE:
                changes[name] = None
            elif name in _TEXT_FIELDS or isinstance(was, str):
                changes[name] = ""
            elif isinstance(was, dict):
                changes[name] = {}
            else:
                problems.append(
                    FieldDetail(
                        name, "cannot_unset", f"{name} cannot be removed: set a value instead"
                    )
                )
            continue
        changes[name] = _with_removals(was, now) if name != "b2b" else _with_removals(was, now, "")
    if problems:
        raise ValidationFailed(problems)
    if "mixins" in changes and after.metadata and after.metadata.mixins is not None:
        # Mixin values are described by the schema links in metadata.mixins; they travel together.
        changes["metadata"] = {"mixins": after.metadata.mixins}
    return changes


def _with_removals(was: Any, now: Any, removed: Any = None) -> Any:
    """`now`, plus `removed` for every key of `was` that `now` no longer has (nested objects)."""
    if not isinstance(was, dict) or not isinstance(now, dict):
        return now
    merged = {k: _with_removals(was.get(k), v, removed) for k, v in now.items()}
    for key, old in was.items():
        if key not in now and old is not None:
            merged[key] = removed if isinstance(old, str) or removed is None else None
    return merged


def patch_body(changes: dict[str, Any], version: int | None) -> dict[str, Any]:
    """`changes` with `metadata.version` added for optimistic locking."""
    body = dict(changes)
    if version is not None:
        metadata = dict(body.get("metadata") or {})
        metadata["version"] = version
        body["metadata"] = metadata
    return body
