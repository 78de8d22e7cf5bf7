"""Checks request bodies against the spec's types (B2BUser, B2BAccount, …) and the values they may hold."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from .errors import KiboError

# A type is "str", "str?", "bool", "int", "int?", "date?", "object?", "any", a dict (an object's fields) or
# ("list?", item type). Fields the spec does not know pass unchecked (Kibo keeps them).
Type = Any
_AUDIT = {"updateDate": "date?", "createDate": "date?", "updateBy": "str?", "createBy": "str?"}
ROLE: dict[str, Type] = {
    "userId": "str?",
    "assignedInScope": {"type": "str?", "id": "int?", "name": "str?"},
    "roleId": "int",
    "roleName": "str?",
    "roleResources": ("list?", {"type": "str?", "id": "str?"}),
    "roleTags": ("list?", "str"),
    "auditInfo": _AUDIT,
}
USER: dict[str, Type] = {
    "emailAddress": "str?",
    "userName": "str?",
    "firstName": "str?",
    "lastName": "str?",
    "localeCode": "str?",
    "userId": "str?",
    "roles": ("list?", ROLE),
    "isLocked": "bool",
    "isActive": "bool",
    "isRemoved": "bool",
    "acceptsMarketing": "bool",
    "hasExternalPassword": "bool",
    "last2FaDate": "date?",
}
USER_AND_AUTH: dict[str, Type] = {"b2BUser": USER, "externalPassword": "str?", "isImport": "bool"}
ATTRIBUTE: dict[str, Type] = {
    "auditInfo": _AUDIT,
    "fullyQualifiedName": "str?",
    "attributeDefinitionId": "int?",
    "values": ("list?", "any"),
}
CONTACT: dict[str, Type] = {
    "accountId": "int",
    "types": ("list?", {"name": "str?", "isPrimary": "bool"}),
    "auditInfo": _AUDIT,
    "faxNumber": "str?",
    "label": "str?",
    "id": "int?",
    "email": "str?",
    "firstName": "str?",
    "middleNameOrInitial": "str?",
    "lastNameOrSurname": "str?",
    "companyOrOrganization": "str?",
    "phoneNumbers": {"home": "str?", "mobile": "str?", "work": "str?"},
    "address": {
        **{f"address{n}": "str?" for n in range(1, 5)},
        "cityOrTown": "str?",
        "stateOrProvince": "str?",
        "postalOrZipCode": "str?",
        "countryCode": "str?",
        "addressType": "str?",
        "isValidated": "bool?",
    },
}
NOTE: dict[str, Type] = {"id": "int", "content": "str?", "auditInfo": _AUDIT}
SEGMENT: dict[str, Type] = {
    "id": "int",
    "code": "str?",
    "name": "str?",
    "description": "str?",
    "auditInfo": _AUDIT,
}
SUMMARY: dict[str, Type] = {
    "totalOrderAmount": {"currencyCode": "str?", "amount": "number"},
    "orderCount": "int",
    "lastOrderDate": "date?",
    "wishlistCount": "int",
    "visitsCount": "int",
}
# B2BAccount (with AccountBase) as the update-account PUT takes it, nested objects included: what
# the PUT stores, the account's next GET returns, and that answer must match the spec too.
ACCOUNT: dict[str, Type] = {
    "id": "int",
    "customerSet": "str?",
    "commerceSummary": SUMMARY,
    "contacts": ("list?", CONTACT),
    "companyOrOrganization": "str?",
    "notes": ("list?", NOTE),
    "attributes": ("list?", ATTRIBUTE),
    "segments": ("list?", SEGMENT),
    "taxExempt": "bool",
    "taxId": "str?",
    "externalId": "str?",
    "auditInfo": _AUDIT,
    "customerSinceDate": "date?",
    "accountType": "str?",
    "migrationRequired": "bool",
    "users": ("list?", USER),
    "isActive": "bool?",
    "priceList": "str?",
    "salesReps": ("list?", {"accountId": "int?", "adminUserId": "str?"}),
    "rootAccountId": "int?",
    "parentAccountId": "int?",
    "approvalStatus": "str?",
    "priority": "int?",
}
_INT32 = 2**31 - 1
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]+")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
TEXT_LIMITS = {"emailAddress": 254, "userName": 254, "firstName": 100, "lastName": 100}


def _bad(path: str, why: str) -> KiboError:
    return KiboError(
        400,
        "VALIDATION_CONFLICT",
        f"Validation error: {path} {why}",
        [(path or "body", why)],
    )


def _is_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return "T" in value.upper()


def check(value: Any, kind: Type, path: str) -> None:
    """400 VALIDATION_CONFLICT naming the first field whose JSON type is not the spec's."""
    if isinstance(kind, dict):
        if not isinstance(value, dict):
            raise _bad(path, "must be an object")
        for name, sub in kind.items():
            if name in value:
                check(value[name], sub, f"{path}.{name}" if path else name)
        return
    if isinstance(kind, tuple):
        if value is None:
            return
        if not isinstance(value, list):
            raise _bad(path, "must be a list")
        for i, item in enumerate(value):
            check(item, kind[1], f"{path}[{i}]")
        return
    if kind.endswith("?"):
        if value is None:
            return
        kind = kind[:-1]
    if kind == "any":
        return
    ok = {
        "object": isinstance(value, dict),
        "str": isinstance(value, str),
        "bool": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _INT32,
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "date": isinstance(value, str) and _is_date(value),
    }[kind]
    if not ok:
        what = {
            "object": "an object",
            "str": "text",
            "bool": "true or false",
            "int": "a whole number",
            "number": "a number",
            "date": "a date-time",
        }
        raise _bad(path, f"must be {what[kind]}")


def check_attributes(attributes: Any) -> None:
    """What Kibo refuses in an account's attributes beyond types: one without a name or
    definition id, a name given twice, a value that is not a single value."""
    seen: set[str] = set()
    for i, attribute in enumerate(attributes or []):
        path = f"attributes[{i}]"
        name = attribute.get("fullyQualifiedName")
        if not name and attribute.get("attributeDefinitionId") is None:
            raise _bad(path, "needs a fullyQualifiedName or an attributeDefinitionId")
        if name in seen:
            raise _bad(f"{path}.fullyQualifiedName", f"{name} is given twice")
        if name:
            seen.add(name)
        for j, value in enumerate(attribute.get("values") or []):
            if value is None or isinstance(value, dict | list):
                raise _bad(f"{path}.values[{j}]", "must be text, a number or true/false")


def check_user_values(user: dict[str, Any]) -> None:
    """What Kibo refuses in a user beyond types: a malformed e-mail or locale, overlong names."""
    email = user.get("emailAddress")
    if email is not None and not _EMAIL.fullmatch(email):
        raise _bad("emailAddress", "is not an e-mail address (name@example.com)")
    locale = user.get("localeCode")
    if locale not in (None, "") and not _LOCALE.fullmatch(locale):
        raise _bad("localeCode", "is not a locale code such as en-US")
    for name, limit in TEXT_LIMITS.items():
        text = user.get(name)
        if isinstance(text, str) and len(text) > limit:
            raise _bad(name, f"is longer than {limit} characters")
