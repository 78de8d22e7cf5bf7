"""The minimal patch between a customer as loaded and as edited, as the API's PATCH takes it.

PATCH semantics we rely on (the spec's `application/merge-patch+json` body and the sandbox agree):
top-level fields in the body replace the stored ones, fields not in the body stay as they are.
Nested objects are therefore sent whole: when `b2b.companyRegistrationId` changes we send the
complete `b2b` object as loaded with that change applied, so `legalEntities` is never lost, and
a changed mixin sends all `mixins`. The body always carries `metadata.version` from the customer
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
        changes[name] = now
    if problems:
        raise ValidationFailed(problems)
    if "mixins" in changes and after.metadata and after.metadata.mixins is not None:
        # Mixin values are described by the schema links in metadata.mixins; they travel together.
        changes["metadata"] = {"mixins": after.metadata.mixins}
    return changes


def patch_body(changes: dict[str, Any], version: int | None) -> dict[str, Any]:
    """`changes` with `metadata.version` added for optimistic locking."""
    body = dict(changes)
    if version is not None:
        metadata = dict(body.get("metadata") or {})
        metadata["version"] = version
        body["metadata"] = metadata
    return body
