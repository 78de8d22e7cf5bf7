"""Input limits and the per-request time budget: no request can stall, crash or poison the sandbox."""

from __future__ import annotations

import json
import math
import time
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import ApiError, Detail, error_response

# Documented in the README's sandbox section; change both together.
MAX_BODY_BYTES = 1024 * 1024
MAX_DEPTH = 32
MAX_STRING = 10_000
MAX_KEY = 256
MAX_FIELD = 255
MAX_Q = 2_000
# A customer's stored document: merge patches add up, so each body being small is not enough.
MAX_DOC_BYTES = 2 * 1024 * 1024
# Unanchored regexes over 100,000 customers take about a second; five leave room for a busy
# machine and still stop a query long before anyone gives up on it.
DEFAULT_BUDGET_S = 5.0
# Integers SQLite can hold: a larger one would overflow when bound or compared.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

_deadline: ContextVar[float | None] = ContextVar("sandbox_deadline", default=None)
_budget: ContextVar[float] = ContextVar("sandbox_budget", default=DEFAULT_BUDGET_S)


def expired() -> bool:
    """Whether this request has used up its time budget (False outside a request)."""
    deadline = _deadline.get()
    return deadline is not None and time.monotonic() > deadline


def in_request() -> bool:
    """Whether the code runs for an HTTP request (tests planting data behind the API do not)."""
    return _deadline.get() is not None


def document_too_large(size: int) -> ApiError:
    return ApiError(
        400,
        "validation_failure",
        f"The customer would be {size:,} bytes stored, over the sandbox's limit of "
        f"{MAX_DOC_BYTES:,}; remove mixins, addresses or long values first.",
        [
            Detail(
                "body", "too_large", f"the stored customer may be at most {MAX_DOC_BYTES:,} bytes"
            )
        ],
    )


def budget_exceeded() -> ApiError:
    seconds = _budget.get()
    return ApiError(
        400,
        "time_budget_exceeded",
        f"The request did not finish within the sandbox's time budget of {seconds:g} s and was "
        "stopped. Narrow the query: an anchored prefix such as lastName:~^Smi, or an exact value.",
        [Detail("q", "time_budget_exceeded", f"stopped after {seconds:g} s")],
    )


def check_budget() -> None:
    """Called in Python-side loops, so the budget also covers work outside SQLite."""
    if expired():
        raise budget_exceeded()


def progress_handler() -> int:
    """SQLite progress handler: a non-zero answer aborts the running statement ("interrupted")."""
    return 1 if expired() else 0


def _not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message, [Detail("path", "not_found", message)])


def _too_large(size: int | None) -> ApiError:
    got = f" ({size:,} bytes)" if size is not None else ""
    return ApiError(
        413,
        "payload_too_large",
        f"The request body is over the sandbox's limit of {MAX_BODY_BYTES:,} bytes{got}.",
        [Detail("body", "too_large", f"at most {MAX_BODY_BYTES:,} bytes")],
    )


class LimitsMiddleware:
    """Refuses what no handler should see (oversized bodies, encoded slashes in a path) and
    starts the request's time budget."""

    def __init__(self, app: ASGIApp, budget_s: float = DEFAULT_BUDGET_S) -> None:
        self.app = app
        self.budget_s = budget_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = bytes(scope.get("raw_path") or b"").split(b"?", 1)[0].lower()
        if b"%2f" in raw:
            # Routing decodes %2F to "/" first: 10000001%2Faddresses would reach the address list.
            err = _not_found("No such resource: a path segment may not contain an encoded '/'.")
            await error_response(err)(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                declared: int | None = int(length)
            except ValueError:
                declared = None
            if declared is not None and declared > MAX_BODY_BYTES:
                await error_response(_too_large(declared))(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY_BYTES:
                    # A chunked body declares no length: stop reading once it is too big.
                    raise _too_large(None)
            return message

        budget = self.budget_s
        deadline_token = _deadline.set(time.monotonic() + budget)
        budget_token = _budget.set(budget)
        try:
            await self.app(scope, counted, send)
        finally:
            _deadline.reset(deadline_token)
            _budget.reset(budget_token)


# -- JSON bodies --------------------------------------------------------------------------------


class _Refused(ValueError):
    """A JSON value the sandbox refuses even though Python's parser would accept it."""

    def __init__(self, type_: str, message: str) -> None:
        super().__init__(message)
        self.type = type_


def _constant(name: str) -> Any:
    raise _Refused("invalid_number", f"{name} is not a JSON number; send a finite number or null")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("out_of_range", f"the number {text[:40]} is too large")
    return value


def _int(text: str) -> int:
    digits = text.lstrip("-")
    if len(digits) > 19 or not INT_MIN <= int(text) <= INT_MAX:
        raise _Refused("out_of_range", f"the integer {text[:40]}… does not fit in 64 bits")
    return int(text)


def _malformed(message: str, type_: str = "malformed_json", field: str = "body") -> ApiError:
    return ApiError(
        400,
        "malformed_json" if type_ == "malformed_json" else "validation_failure",
        f"The request body is not accepted: {message}",
        [Detail(field, type_, message)],
    )


def _segment(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _bad_text(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_tree(value: Any) -> None:
    """400 naming the path of the first value too deep, too long or not valid Unicode."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if len(item) > MAX_STRING:
                raise _malformed(
                    f"{path or 'body'} is longer than {MAX_STRING:,} characters",
                    "too_long",
                    path or "body",
                )
            if _bad_text(item):
                raise _malformed(
                    f"{path or 'body'} is not valid Unicode (a lone surrogate such as \\ud800)",
                    "invalid_unicode",
                    path or "body",
                )
            continue
        if not isinstance(item, dict | list):
            continue
        if depth >= MAX_DEPTH:
            raise _malformed(
                f"{path} is nested deeper than {MAX_DEPTH} levels", "too_deep", path or "body"
            )
        if isinstance(item, dict):
            for key, child in item.items():
                if len(key) > MAX_KEY or _bad_text(key):
                    where = _segment(path, key[:40])
                    raise _malformed(
                        f"the name {where} is over {MAX_KEY} characters or not valid Unicode",
                        "invalid_name",
                        where,
                    )
                stack.append((child, _segment(path, key), depth + 1))
        else:
            stack.extend((child, _segment(path, i), depth + 1) for i, child in enumerate(item))


def _deep_path(text: str) -> str:
    """The path to the first container nested deeper than MAX_DEPTH, found without a recursive
    parser (for a body too deep for Python's)."""
    decoder = json.JSONDecoder()
    frames: list[str] = []
    i, n = 0, len(text)
    while i < n and len(frames) <= MAX_DEPTH:
        c = text[i]
        if c == '"':
            try:
                key, end = decoder.raw_decode(text, i)
            except ValueError:
                break
            j = end
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] == ":" and frames:
                frames[-1] = str(key)[:40]
            i = end
            continue
        if c in "{[":
            frames.append("[0]" if c == "[" else "")
        elif c in "}]" and frames:
            frames.pop()
        i += 1
    path = ""
    for part in frames[:-1]:
        path = path + part if part.startswith("[") else _segment(path, part)
    return path + "…"


def parse_json(raw: bytes) -> Any:
    """The body as JSON within the limits; 400 naming what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _malformed(
            f"the body is not valid UTF-8 ({exc.reason} at byte {exc.start})"
        ) from None
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except _Refused as exc:
        raise _malformed(str(exc), exc.type) from None
    except RecursionError:
        path = _deep_path(text)
        raise _malformed(
            f"{path} is nested deeper than {MAX_DEPTH} levels", "too_deep", path
        ) from None
    except ValueError as exc:
        raise _malformed(f"the body is not valid JSON: {exc}") from None
    check_tree(value)
    return value
