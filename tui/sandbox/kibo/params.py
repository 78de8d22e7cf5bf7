"""Request parameters of the Kibo side: ids, paging, and `responseFields` shaping of answers."""

from __future__ import annotations

import json
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .config import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .errors import KiboError, invalid

Doc = dict[str, Any]
Shape = dict[str, "Shape | None"]
_INT32 = 2**31 - 1


LIST = (
    "startIndex",
    "pageSize",
    "sortBy",
    "filter",
    "q",
    "qLimit",
    "responseGroups",
    "responseFields",
)
ONE = ("responseGroups", "responseFields")


def allow(request: Request, *names: str) -> None:
    """400 for a query parameter the operation does not have (the spec lists them all)."""
    unknown = sorted({k for k in request.query_params if k not in names})
    if unknown:
        known = ", ".join(names) or "none"
        raise invalid(unknown[0], f"is not a parameter of this operation (known: {known})")


def _int(request: Request, name: str, raw: str | None, default: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, "must be a whole number") from None
    if not -_INT32 - 1 <= value <= _INT32:
        raise invalid(name, "is out of range")
    return value


def account_id(request: Request) -> int:
    value = _int(request, "accountId", request.path_params["accountId"], 0)
    if value <= 0:
        raise KiboError(
            404,
            "ITEM_NOT_FOUND",
            f"Item not found: B2BAccount {value} not found",
            [("ItemType", "B2BAccount"), ("Id", str(value))],
        )
    return value


def paging(request: Request) -> tuple[int, int]:
    """(startIndex, pageSize): a zero-based item offset, and 1..200 items (0 or none: 20)."""
    q = request.query_params
    _int(request, "qLimit", q.get("qLimit"), 0)  # accepted and checked; the sandbox needs no limit
    start = _int(request, "startIndex", q.get("startIndex"), 0)
    size = _int(request, "pageSize", q.get("pageSize"), 0)
    if start < 0:
        raise invalid("startIndex", "must be 0 or more")
    if size < 0:
        raise invalid("pageSize", "must be 0 or more")
    return start, min(size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def collection(items: list[Doc], total: int, start: int, size: int) -> Doc:
    return {
        "startIndex": start,
        "pageSize": size,
        "pageCount": math.ceil(total / size) if size else 0,
        "totalCount": total,
        "items": items,
    }


def parse_fields(text: str) -> Shape:
    """`id,name,items(id,users(userId))` → {"id": None, "name": None, "items": {...}}."""
    if len(text) > 1000:
        raise invalid("responseFields", "is longer than 1000 characters")
    stack: list[Shape] = [{}]
    name = ""
    last: str | None = None
    for c in text + ",":
        if c == "(":
            if not name.strip() or len(stack) > 6:
                raise invalid("responseFields", "has a '(' without a field name before it")
            child: Shape = {}
            stack[-1][name.strip()] = child
            stack.append(child)
            name, last = "", None
        elif c in ",)":
            if name.strip():
                stack[-1][name.strip()] = None
            elif c == ")" and last is None and not stack[-1]:
                raise invalid("responseFields", "has empty parentheses")
            name = ""
            if c == ")":
                if len(stack) == 1:
                    raise invalid("responseFields", "has a ')' too many")
                stack.pop()
                last = ")"
            else:
                last = None
        elif c.isalnum() or c in "_. ":
            name += c
        else:
            raise invalid("responseFields", f"may not contain {c!r}")
    if len(stack) != 1:
        raise invalid("responseFields", "has a '(' that is not closed")
    return stack[0]


def shape(value: Any, fields: Shape | None) -> Any:
    if fields is None:
        return value
    if isinstance(value, list):
        return [shape(v, fields) for v in value]
    if not isinstance(value, dict):
        return value
    low = {k.lower(): k for k in value}
    out: Doc = {}
    for name, sub in fields.items():
        key = low.get(name.lower())
        if key is not None:
            out[key] = shape(value[key], sub)
    return out


def answer(request: Request, body: Any) -> Response:
    """A 200 JSON answer, cut to `responseFields` when the request asks."""
    wanted = request.query_params.get("responseFields")
    if wanted and wanted.strip():
        body = shape(body, parse_fields(wanted))
    return JSONResponse(body)


async def json_object(request: Request, what: str) -> Doc:
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        raise invalid(what, "must be valid JSON") from None
    if not isinstance(body, dict):
        raise invalid(what, "must be a JSON object")
    return body
