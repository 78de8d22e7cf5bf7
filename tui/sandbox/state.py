"""The live parts of one sandbox: config, store, token issuer, faults; plus request helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from .auth import Caller, Clock, TokenIssuer, caller_for
from .config import MANAGE, MANAGE_OWN, READ, READ_OWN, VALID_RESTRICTIONS, SandboxConfig
from .errors import ApiError, Detail, bad_request, customer_not_found
from .faults import Faults
from .limits import parse_json
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
    # Today's date for date rules (password-migration retention); tests may replace it.
    today: Callable[[], date] = lambda: datetime.now(UTC).date()


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


def read_company(who: Caller) -> str | None:
    """The legal entity a caller with `customer_read_own` but not `customer_read` is limited
    to; None for no such limit. Such a caller without a company sees nobody ("" matches no
    legal entity)."""
    if READ in who.scopes or READ_OWN not in who.scopes:
        return None
    return who.company[0] if who.company else ""


def manage_company(who: Caller) -> str | None:
    """Like read_company, for changes: `customer_manage_own` without `customer_manage`."""
    if MANAGE in who.scopes or MANAGE_OWN not in who.scopes:
        return None
    return who.company[0] if who.company else ""


def in_company(doc: Doc, company: str) -> bool:
    """Whether the customer is assigned to that legal entity (b2b.legalEntities[].id)."""
    b2b = doc.get("b2b")
    entities = b2b.get("legalEntities") if isinstance(b2b, dict) else None
    if not isinstance(entities, list):
        return False
    return any(isinstance(e, dict) and e.get("id") == company for e in entities)


def can_see(who: Caller, doc: Doc) -> bool:
    restriction = doc.get("restriction")
    if restriction is not None and restriction not in who.restrictions:
        return False
    company = read_company(who)
    return company is None or in_company(doc, company)


def outside_company(number: str) -> ApiError:
    return ApiError(
        403,
        "forbidden",
        f"Customer '{number}' would no longer belong to your company; the scope "
        "customer.customer_manage_own changes only customers of your own company.",
        [Detail("b2b.legalEntities", "not_authorized", "must keep your company")],
    )


def check_company(who: Caller, number: str, doc: Doc) -> None:
    """403 unless an `_own` caller may change this customer (before and after a change)."""
    company = manage_company(who)
    if company is not None and not in_company(doc, company):
        raise outside_company(number)


async def load_visible(request: Request, who: Caller, number: str, change: bool = False) -> Doc:
    """The customer, or 404 when it does not exist or is hidden from this caller; with
    `change`, 403 when the caller may see it but its `_own` scope does not let it change it."""
    doc = await run_in_threadpool(sandbox(request).store.get, number)
    if doc is None or not can_see(who, doc):
        raise customer_not_found(number)
    if change:
        check_company(who, number, doc)
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
    return parse_json(raw)
