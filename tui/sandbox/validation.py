"""Checks request bodies field by field, collecting every problem into one 400."""

from __future__ import annotations

import copy
import re
from typing import Any

from .config import VALID_RESTRICTIONS
from .errors import ApiError, Detail, invalid_fields
from .limits import MAX_FIELD

Doc = dict[str, Any]

# The spec's custom-id pattern `^[a-zA-Z0-9_-]$` allows a single character next to
# maxLength 66, an evident typo; the import DTO has `^[\w-]{1,66}$`, so we accept 1..66 of those.
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,66}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CURRENCY = re.compile(r"[A-Za-z]{3}")
COUNTRY = re.compile(r"[A-Za-z]{2}")

_CUSTOMER_STRINGS = (
    "title",
    "firstName",
    "middleName",
    "lastName",
    "contactPhone",
    "company",
    "preferredLanguage",
    "preferredSite",
    "photoUrl",
)
# Server-managed fields a client may echo back from a GET; they are ignored, not stored.
_CUSTOMER_READ_ONLY = (
    "customerNumber",
    "businessModel",
    "metadataCreatedAt",
    "defaultAddress",
    "addresses",
    "accounts",
    "email",
)
_ADDRESS_STRINGS = (
    "contactName",
    "companyName",
    "street",
    "streetNumber",
    "streetAppendix",
    "extraLine1",
    "extraLine2",
    "extraLine3",
    "extraLine4",
    "zipCode",
    "city",
    "state",
    "contactPhone",
)
# Fields the spec types (string, boolean, object, array) without `nullable`: outside a merge patch,
# where null means "remove", a null for one of them is schema-violating data and answers 400.
_CUSTOMER_TYPED = frozenset(
    (
        *_CUSTOMER_STRINGS,
        *("password", "type", "contactEmail", "preferredCurrency"),
        *("active", "onHold", "b2b", "metadata", "mixins", "id"),
    )
)
_ADDRESS_TYPED = frozenset(
    (*_ADDRESS_STRINGS, "country", "isDefault", "tags", "metadata", "mixins", "id")
)
_NULL_ONLY_IN_PATCH = "is not nullable here (null removes a field only in a PATCH)"
# Longer limits for the few fields that are not a name or a code.
_LONG_FIELDS = {"photoUrl": 2048, "password": 1024}


def _too_long(key: str, value: str) -> Detail | None:
    limit = _LONG_FIELDS.get(key, MAX_FIELD)
    if len(value) <= limit:
        return None
    return Detail(key, "too_long", f"must be at most {limit} characters, got {len(value):,}")


def _type_name(value: object) -> str:
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), "null")


def _wrong(field: str, expected: str, value: object) -> Detail:
    return Detail(field, "invalid_type", f"must be {expected}, got {_type_name(value)}")


def require_object(body: object, what: str = "body") -> Doc:
    if not isinstance(body, dict):
        raise ApiError(
            400,
            "validation_failure",
            f"The request {what} must be a JSON object.",
            [Detail(what, "invalid_type", f"must be an object, got {_type_name(body)}")],
        )
    return body


def _metadata(value: object, problems: list[Detail], prefix: str) -> None:
    if not isinstance(value, dict):
        problems.append(_wrong(f"{prefix}metadata", "an object", value))
        return
    version = value.get("version")
    if "version" in value and (not isinstance(version, int) or isinstance(version, bool)):
        problems.append(_wrong(f"{prefix}metadata.version", "an integer", version))
    mixins = value.get("mixins")
    if "mixins" in value and not isinstance(mixins, dict):
        problems.append(_wrong(f"{prefix}metadata.mixins", "an object", mixins))


def _b2b(value: object, problems: list[Detail], mode: str) -> None:
    if not isinstance(value, dict):
        problems.append(_wrong("b2b", "an object", value))
        return
    if mode != "patch":
        # Only a merge patch may use null (to remove); elsewhere these are typed, not nullable.
        problems.extend(
            Detail(f"b2b.{key}", "invalid_type", _NULL_ONLY_IN_PATCH)
            for key in ("companyRegistrationId", "legalEntities")
            if key in value and value[key] is None
        )
    crid = value.get("companyRegistrationId")
    if crid is not None and not isinstance(crid, str):
        problems.append(_wrong("b2b.companyRegistrationId", "a string", crid))
    entities = value.get("legalEntities")
    if entities is None:
        return
    if not isinstance(entities, list):
        problems.append(_wrong("b2b.legalEntities", "an array", entities))
        return
    for i, entity in enumerate(entities):
        if not isinstance(entity, dict):
            problems.append(_wrong(f"b2b.legalEntities[{i}]", "an object", entity))
            continue
        for key in ("id", "name", "contactAssignmentId"):
            if entity.get(key) is not None and not isinstance(entity[key], str):
                problems.append(_wrong(f"b2b.legalEntities[{i}].{key}", "a string", entity[key]))


def customer_body(body: object, mode: str) -> Doc:
    """The cleaned body for mode "create", "put" or "patch"; 400 listing every bad field.

    In a patch, null means "remove this field" (JSON merge patch); elsewhere null is a 400 for a
    field the spec types, and ignored for an unknown one.
    """
    data = require_object(body)
    problems: list[Detail] = []
    clean: Doc = {}
    for key, value in data.items():
        if key in _CUSTOMER_READ_ONLY or (key == "id" and mode != "create"):
            continue
        if value is None:
            if key == "contactEmail" and mode == "patch":
                problems.append(Detail(key, "not_removable", "cannot be unset once it has a value"))
            elif key in ("active", "onHold", "metadata") and mode == "patch":
                problems.append(
                    _wrong(key, "true or false" if key != "metadata" else "an object", value)
                )
            elif mode == "patch" or key == "restriction":
                clean[key] = None
            elif key in _CUSTOMER_TYPED:
                problems.append(Detail(key, "invalid_type", _NULL_ONLY_IN_PATCH))
            continue
        if key in _CUSTOMER_STRINGS or key in ("password", "type"):
            if not isinstance(value, str):
                problems.append(_wrong(key, "a string", value))
            elif (long := _too_long(key, value)) is not None:
                problems.append(long)
            elif key == "type" and value not in ("CUSTOMER", "CONTACT"):
                problems.append(Detail(key, "invalid_value", "must be CUSTOMER or CONTACT"))
        elif key == "contactEmail":
            if not isinstance(value, str):
                problems.append(_wrong(key, "a string", value))
            elif not EMAIL.fullmatch(value) or len(value) > 254:
                problems.append(
                    Detail(
                        key, "invalid_value", "must be an e-mail address such as name@example.com"
                    )
                )
        elif key == "preferredCurrency":
            if not isinstance(value, str):
                problems.append(_wrong(key, "a string", value))
            elif not CURRENCY.fullmatch(value):
                problems.append(
                    Detail(key, "invalid_value", "must be a 3-letter ISO 4217 code such as EUR")
                )
        elif key in ("active", "onHold"):
            if not isinstance(value, bool):
                problems.append(_wrong(key, "true or false", value))
        elif key == "restriction":
            if not isinstance(value, str) or value not in VALID_RESTRICTIONS:
                allowed = ", ".join(VALID_RESTRICTIONS)
                problems.append(
                    Detail(key, "invalid_value", f"must be one of {allowed} (or null for none)")
                )
        elif key == "b2b":
            _b2b(value, problems, mode)
        elif key == "metadata":
            _metadata(value, problems, "")
        elif key == "mixins":
            if not isinstance(value, dict):
                problems.append(_wrong(key, "an object", value))
        elif key == "id" and (not isinstance(value, str) or not ID_PATTERN.fullmatch(value)):
            problems.append(
                Detail(key, "invalid_value", "must be 1 to 66 letters, digits, '_' or '-'")
            )
        clean[key] = value
    # No contactEmail is required: CustomerSignupBySellerDto and CustomerUpdateBySellerDto in
    # the spec require nothing (the app's forms may still ask for one).
    if problems:
        raise invalid_fields(problems)
    return clean


def address_body(body: object, mode: str) -> Doc:
    """The cleaned address body for mode "add" (POST), "create" (PUT of a new one), "put" or
    "patch"."""
    data = require_object(body)
    problems: list[Detail] = []
    clean: Doc = {}
    for key, value in data.items():
        if value is None:
            if key == "contactName" and mode == "patch":
                problems.append(Detail(key, "not_removable", "an address needs a contact name"))
            elif mode == "patch" and key not in ("isDefault", "id"):
                clean[key] = None
            elif mode != "patch" and key in _ADDRESS_TYPED:
                problems.append(Detail(key, "invalid_type", _NULL_ONLY_IN_PATCH))
            continue
        if key in _ADDRESS_STRINGS:
            if not isinstance(value, str):
                problems.append(_wrong(key, "a string", value))
            elif (long := _too_long(key, value)) is not None:
                problems.append(long)
        elif key == "country":
            if not isinstance(value, str):
                problems.append(_wrong(key, "a string", value))
            elif not COUNTRY.fullmatch(value):
                problems.append(
                    Detail(key, "invalid_value", "must be a 2-letter ISO 3166-1 code such as DE")
                )
        elif key == "isDefault":
            if not isinstance(value, bool):
                problems.append(_wrong(key, "true or false", value))
        elif key == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                problems.append(_wrong(key, "an array of strings", value))
            elif any(len(t) > MAX_FIELD for t in value):
                problems.append(Detail(key, "too_long", f"each tag at most {MAX_FIELD} characters"))
        elif key == "metadata":
            _metadata(value, problems, "")
            extra = sorted(set(value) - {"mixins"}) if isinstance(value, dict) else []
            if mode == "add" and extra:
                # The spec's Address_2 (used to add an address) allows only metadata.mixins.
                problems.append(
                    Detail("metadata", "unknown_property", f"only mixins is allowed, not {extra}")
                )
        elif key == "mixins":
            if not isinstance(value, dict):
                problems.append(_wrong(key, "an object", value))
        elif key == "id":
            if mode != "add":
                continue
            if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
                problems.append(
                    Detail(key, "invalid_value", "must be 1 to 66 letters, digits, '_' or '-'")
                )
        clean[key] = value
    missing = not isinstance(clean.get("contactName"), str)
    creating = mode in ("add", "create")
    if creating and missing and not any(d.field == "contactName" for d in problems):
        problems.append(Detail("contactName", "missing_value", "is required"))
    if problems:
        raise invalid_fields(problems)
    return clean


def merge_patch(target: Doc, patch: Doc) -> Doc:
    """RFC 7386 JSON merge patch: objects merge, null removes, everything else replaces."""
    for key, value in patch.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            base = target.get(key)
            target[key] = merge_patch(base if isinstance(base, dict) else {}, value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def sent_version(body: Doc) -> int | None:
    meta = body.get("metadata")
    version = meta.get("version") if isinstance(meta, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None
