"""The live parts of one sandbox: config, store, token issuer, faults; plus request helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from .auth import Caller, Clock, TokenIssuer, caller_for
from .config import VALID_RESTRICTIONS, SandboxConfig
from .errors import ApiError, Detail, bad_request, customer_not_found
from .faults import Faults
from .store import Doc, Store
from .validation import ID_PATTERN


@dataclass
class SandboxState:
    """Reachable as `app.state.sandbox`; tests may adjust `faults` and use `store` directly."""

    config: SandboxConfig
    store: Store
    tokens: TokenIssuer
    faults: Faults
    clock: Clock


def sandbox(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def caller(request: Request) -> Caller:
    return caller_for(request, request.path_params["tenant"])


def number_param(request: Request) -> str:
    """The customerNumber path parameter, 400 unless it could be a customer number."""
    number = str(request.path_params["customerNumber"])
    if not ID_PATTERN.fullmatch(number):
        raise bad_request("customerNumber", "must be 1 to 66 letters, digits, '_' or '-'")
    return number


def visible_restrictions(who: Caller) -> frozenset[str] | None:
    """None when the caller may see every restriction, so the store can skip the filter."""
    if who.restrictions >= set(VALID_RESTRICTIONS):
        return None
    return who.restrictions


def can_see(who: Caller, doc: Doc) -> bool:
    restriction = doc.get("restriction")
    return restriction is None or restriction in who.restrictions


async def load_visible(request: Request, who: Caller, number: str) -> Doc:
    """The customer, or 404 when it does not exist or is hidden from this caller."""
    doc = await run_in_threadpool(sandbox(request).store.get, number)
    if doc is None or not can_see(who, doc):
        raise customer_not_found(number)
    return doc


async def optional_object_body(request: Request) -> None:
    """Bodies the spec allows but the operation ignores (DELETE) must still be JSON objects."""
    body = await json_body(request, {})
    if not isinstance(body, dict):
        raise ApiError(
            400,
            "validation_failure",
            "The request body must be a JSON object.",
            [Detail("body", "invalid_type", "must be an object")],
        )


async def json_body(request: Request, default: Any = None) -> Any:
    """The parsed JSON body; `default` when empty; 400 when it is not JSON."""
    raw = await request.body()
    if not raw:
        # Only a truly empty body counts as none; whitespace alone is not JSON.
        return default
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(
            400,
            "malformed_json",
            f"The request body is not valid JSON: {exc}",
            [Detail("body", "malformed_json", str(exc))],
        ) from None
