"""Query parameters shared by the list endpoints (paging, sort, expand) and response shaping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from .errors import Detail, bad_request, invalid_fields
from .qlang import BOOLEAN, EXACT, LOWERED

Doc = dict[str, Any]
MAX_PAGE_SIZE = 1000

# Sortable fields: indexed ones sort on their column (names case-insensitively), the rest on
# the JSON value. The customer number breaks ties so that pages never overlap.
_SORT_JSON = (
    "title",
    "middleName",
    "contactPhone",
    "preferredLanguage",
    "preferredCurrency",
    "preferredSite",
    "type",
    "b2b.companyRegistrationId",
    "metadata.version",
)
SORT_FIELDS: dict[str, str] = {
    **{f: c for f, c in LOWERED.items()},
    **{f: c for f, c in EXACT.items()},
    **{f: c for f, c in BOOLEAN.items()},
    "metadata.createdAt": EXACT["metadataCreatedAt"],
    **{
        f: "json_extract(doc, '$." + f.replace(".", '"."').join(['"', '"']) + "')"
        for f in _SORT_JSON
    },
}


@dataclass(frozen=True)
class Expand:
    addresses: bool = False
    accounts: bool = False
    mixins: frozenset[str] | None = None  # None: no mixins; {"*"}: all of them


def parse_expand(raw: str | None) -> Expand:
    if not raw:
        return Expand()
    addresses = accounts = False
    mixins: set[str] = set()
    wanted = False
    for part in (p.strip() for p in raw.split(",")):
        if part == "addresses":
            addresses = True
        elif part == "accounts":
            accounts = True
        elif part in ("mixin", "mixins", "mixin:*"):
            wanted = True
            mixins.add("*")
        elif part.startswith("mixin:") and len(part) > 6:
            wanted = True
            mixins.add(part[6:])
        elif part:
            raise bad_request(
                "expand", f"'{part}' cannot be expanded; use addresses, accounts or mixin:*"
            )
    return Expand(addresses, accounts, frozenset(mixins) if wanted else None)


def _int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(name, f"'{raw}' is not a whole number", "invalid_type") from None
    if not low <= value <= high:
        raise bad_request(name, f"must be between {low} and {high}, got {value}", "out_of_range")
    return value


def only_params(request: Request, *allowed: str) -> None:
    """400 for query parameters the operation does not define: a typo such as `pagesize`
    would otherwise be silently ignored."""
    unknown = sorted({k for k in request.query_params if k not in allowed})
    if unknown:
        hint = ", ".join(allowed) if allowed else "none"
        raise invalid_fields(
            [
                Detail(name, "unknown_parameter", f"is not a parameter here; known: {hint}")
                for name in unknown
            ]
        )


def flag_param(request: Request, name: str, default: bool = True) -> bool:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if raw.lower() not in ("true", "false"):
        raise bad_request(name, f"'{raw}' is not true or false", "invalid_type")
    return raw.lower() == "true"


def paging(request: Request) -> tuple[int, int]:
    """(pageNumber, pageSize); pageNumber starts at 1 and pageSize defaults to 60."""
    size = _int_param(request, "pageSize", 60, 1, MAX_PAGE_SIZE)
    number = _int_param(request, "pageNumber", 1, 1, 10_000_000)
    return number, size


def parse_sort(raw: str | None) -> list[tuple[str, bool]]:
    """ORDER BY terms for `sort=field:asc,other:desc`; 400 naming an unknown field."""
    order: list[tuple[str, bool]] = []
    problems: list[Detail] = []
    for part in (p.strip() for p in (raw or "").split(",")):
        if not part:
            continue
        field, _, direction = part.partition(":")
        direction = direction.strip().lower() or "asc"
        if field not in SORT_FIELDS:
            known = ", ".join(sorted(SORT_FIELDS))
            problems.append(
                Detail(
                    "sort", "invalid_value", f"'{field}' cannot be sorted on; use one of {known}"
                )
            )
            continue
        if direction not in ("asc", "desc"):
            problems.append(
                Detail(
                    "sort", "invalid_value", f"'{direction}' is not a direction; use asc or desc"
                )
            )
            continue
        order.append((SORT_FIELDS[field], direction == "desc"))
    if problems:
        raise invalid_fields(problems)
    order.append(("number", False))
    return order


def present_address(address: Doc) -> Doc:
    return address


def present_customer(doc: Doc, expand: Expand) -> Doc:
    """The wire form of a stored customer: expandable parts only when asked for.

    Documents come freshly decoded from the store, so they are shaped in place, not copied.
    """
    addresses = doc.pop("addresses", None) or []
    accounts = doc.pop("accounts", None) or []
    mixins = doc.pop("mixins", None)
    default = next((a for a in addresses if a.get("isDefault")), None)
    if default is not None:
        doc["defaultAddress"] = default
    if expand.addresses:
        doc["addresses"] = addresses
    if expand.accounts:
        doc["accounts"] = accounts
    if expand.mixins is not None and isinstance(mixins, dict):
        if "*" in expand.mixins:
            doc["mixins"] = mixins
        else:
            doc["mixins"] = {k: v for k, v in mixins.items() if k in expand.mixins}
    return doc
