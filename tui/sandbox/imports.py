"""Import and migration: bulk import (207 per item) and the password-migration retention config."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .auth import Caller
from .config import IMPORT_MANAGE, IMPORT_READ, TENANT
from .customers import check_restriction_change, new_customer
from .errors import ApiError, Detail, bad_request, invalid_fields
from .limits import expired
from .params import only_params
from .state import SandboxState, caller, json_body, sandbox
from .store import Store
from .validation import EMAIL, customer_body, require_object

Doc = dict[str, Any]
MAX_BATCH = 200
_RETENTION = "password-migration-retention"
_ALGORITHMS = ("hybris-sha512-uid-salt",)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_REASONS = {
    201: "Created",
    400: "Bad Request",
    403: "Forbidden",
    409: "Conflict",
    503: "Service Unavailable",
}


# -- password-migration retention ---------------------------------------------------------------


def _retention(state: SandboxState) -> Doc | None:
    """The stored configuration; once its window has ended, legacy hashes are cleared, as the
    spec says remaining unmigrated accounts then need a password reset."""
    raw = state.store.setting(_RETENTION)
    config: Doc | None = json.loads(raw) if raw else None
    if config and date.fromisoformat(config["retentionEndDate"]) < state.today():
        state.store.clear_legacy_auth()
    return config


def _date(body: Doc, key: str, problems: list[Detail]) -> date | None:
    if key not in body:
        return None
    value = body[key]
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        problems.append(Detail(key, "invalid_value", "must be a date such as 2027-01-31"))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(Detail(key, "invalid_value", f"'{value}' is not a calendar date"))
        return None


def _retention_body(body: object, today: date) -> Doc:
    data = require_object(body)
    problems: list[Detail] = []
    end = _date(data, "retentionEndDate", problems)
    reminder = _date(data, "emailReminderDate", problems)
    notify = data.get("emailNotificationsEnabled", True)
    if "retentionEndDate" not in data:
        problems.append(Detail("retentionEndDate", "missing_value", "is required"))
    elif end is not None and end <= today:
        problems.append(Detail("retentionEndDate", "invalid_value", "must be a future date"))
    if not isinstance(notify, bool):
        problems.append(
            Detail("emailNotificationsEnabled", "invalid_type", "must be true or false")
        )
    if end is not None and reminder is not None and not today <= reminder < end:
        problems.append(
            Detail(
                "emailReminderDate",
                "invalid_value",
                "must be on or after today and before retentionEndDate",
            )
        )
    if problems or end is None:
        raise invalid_fields(problems)
    if reminder is None:
        # The spec's default: a week before the end, or tomorrow when that is not in the future.
        reminder = end - timedelta(days=7)
        if reminder <= today:
            reminder = today + timedelta(days=1)
    return {
        "retentionEndDate": end.isoformat(),
        "emailReminderDate": reminder.isoformat(),
        "emailNotificationsEnabled": notify,
    }


def _no_retention() -> ApiError:
    message = f"Password migration retention configuration is not set for tenant '{TENANT}'."
    return ApiError(404, "not_found", message, [Detail("tenant", "not_found", message)])


async def get_retention(request: Request) -> Response:
    who = caller(request)
    who.require(IMPORT_READ)
    only_params(request)
    config = await run_in_threadpool(_retention, sandbox(request))
    if config is None:
        raise _no_retention()
    return JSONResponse(config)


async def set_retention(request: Request) -> Response:
    who = caller(request)
    who.require(IMPORT_MANAGE)
    only_params(request)
    state = sandbox(request)
    config = _retention_body(await json_body(request, None), state.today())
    await run_in_threadpool(state.store.set_setting, _RETENTION, json.dumps(config))
    return JSONResponse(config)


async def delete_retention(request: Request) -> Response:
    who = caller(request)
    who.require(IMPORT_MANAGE)
    only_params(request)
    state = sandbox(request)
    await run_in_threadpool(_retention, state)
    pending = await run_in_threadpool(state.store.legacy_auth_count)
    if pending:
        raise ApiError(
            400,
            "migration_in_progress",
            "Configuration removal is not possible until password migration is concluded: "
            f"{pending} customer account(s) still hold a legacyAuth record. Move "
            "retentionEndDate earlier to conclude it sooner.",
            [Detail("legacyAuth", "migration_in_progress", f"{pending} account(s) pending")],
        )
    await run_in_threadpool(state.store.set_setting, _RETENTION, None)
    return Response(status_code=204)


# -- bulk import --------------------------------------------------------------------------------


def _account(item: Doc, migrating: bool) -> tuple[str, bool]:
    """(account e-mail, whether it carries legacyAuth); 400 for a bad account object."""
    account = item.get("account")
    if not isinstance(account, dict):
        raise bad_request("account", "is required: an object with email and passwordHash")
    email = account.get("email")
    if not isinstance(email, str) or not EMAIL.fullmatch(email) or len(email) > 254:
        raise bad_request("account.email", "must be an e-mail address such as name@example.com")
    has_hash = account.get("passwordHash") is not None
    legacy = account.get("legacyAuth")
    if has_hash == (legacy is not None):
        raise bad_request(
            "account",
            "Exactly one of 'passwordHash' or 'legacyAuth' must be provided in the account",
        )
    if has_hash and not isinstance(account["passwordHash"], str):
        raise bad_request("account.passwordHash", "must be a string", "invalid_type")
    if legacy is not None:
        if not isinstance(legacy, dict):
            raise bad_request("account.legacyAuth", "must be an object", "invalid_type")
        if legacy.get("algorithm") not in _ALGORITHMS:
            raise bad_request("account.legacyAuth.algorithm", f"must be one of {_ALGORITHMS}")
        if not isinstance(legacy.get("hash"), str):
            raise bad_request("account.legacyAuth.hash", "is required: the legacy hash")
        context = legacy.get("context", {})
        if not isinstance(context, dict) or not all(isinstance(v, str) for v in context.values()):
            raise bad_request("account.legacyAuth.context", "must be an object of strings")
        if not migrating:
            raise bad_request(
                "account.legacyAuth",
                "needs an active password migration retention configuration for the tenant "
                "(POST …/config/password-migration-retention first)",
            )
    return email, legacy is not None


def _import_one(store: Store, who: Caller, item: object, migrating: bool) -> str:
    data = require_object(item, "item")
    email, legacy = _account(data, migrating)
    clean = customer_body({k: v for k, v in data.items() if k != "account"}, "create")
    contact = clean.get("contactEmail")
    if contact is not None and contact.lower() != email.lower():
        raise bad_request("contactEmail", "must match account.email (case-insensitive)")
    clean["contactEmail"] = contact or email
    clean.pop("password", None)  # the sandbox keeps no passwords or hashes at all
    check_restriction_change(who, None, clean.get("restriction"))
    doc = new_customer(clean, who)
    doc["accounts"] = [{"id": email}]
    with store.transaction():
        number = store.create(doc, clean.get("id"))
        if legacy:
            store.mark_legacy_auth(number)
    return number


def _result(index: int, err: ApiError) -> Doc:
    return {
        "index": index,
        "code": err.status,
        "status": _REASONS.get(err.status, "Error"),
        "message": err.message,
        "details": [d.to_wire() for d in err.details],
    }


def _import_all(state: SandboxState, who: Caller, items: list[Any]) -> list[Doc]:
    config = _retention(state)
    migrating = config is not None
    results: list[Doc] = []
    for index, item in enumerate(items):
        if expired():
            # Items already imported stay imported: say per item what was not done, rather
            # than a 400 for the batch that would hide what was.
            results.append(_result(index, _not_done()))
            continue
        try:
            number = _import_one(state.store, who, item, migrating)
        except ApiError as err:
            if err.status >= 500:
                raise
            results.append(_result(index, _not_done() if expired() else err))
        else:
            results.append({"index": index, "id": number, "code": 201, "status": "Created"})
    return results


def _not_done() -> ApiError:
    return ApiError(
        503,
        "service_unavailable",
        "Not imported: the request ran out of its time budget; send this customer again.",
    )


async def import_customers(request: Request) -> Response:
    """POST …/customers/import: each item is answered at its index, 207 for the whole."""
    who = caller(request)
    who.require(IMPORT_MANAGE)
    only_params(request)
    body = await json_body(request, None)
    if not isinstance(body, list):
        raise bad_request("body", "must be an array of customers to import", "invalid_type")
    if len(body) > MAX_BATCH:
        raise bad_request(
            "body", f"at most {MAX_BATCH} customers per request, got {len(body)}", "too_many"
        )
    results = await run_in_threadpool(_import_all, sandbox(request), who, body)
    return JSONResponse(results, status_code=207)
