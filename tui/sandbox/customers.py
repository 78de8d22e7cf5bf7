"""Customer endpoints: list, search, get, create, upsert, patch, delete, assign account."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .auth import Caller
from .config import MANAGE, MANAGE_OWN, READ, READ_OWN, RESTRICTION_MANAGE
from .errors import ApiError, Detail, bad_request, customer_not_found, forbidden
from .limits import MAX_Q, check_budget
from .params import flag_param, only_params, paging, parse_expand, parse_sort, present_customer
from .qlang import QueryError, compile_conditions, parse
from .state import (
    caller,
    can_see,
    check_company,
    json_body,
    load_visible,
    manage_company,
    number_param,
    optional_object_body,
    read_company,
    sandbox,
    visible_restrictions,
)
from .validation import EMAIL, customer_body, merge_patch, sent_version

Doc = dict[str, Any]
_MANAGE = (MANAGE, MANAGE_OWN)
_READ = (READ, READ_OWN)
# Fields a PUT replaces as a whole; the rest is server-managed or kept (see put_customer).
_PUT_KEEPS = (
    "customerNumber",
    "id",
    "metadata",
    "metadataCreatedAt",
    "addresses",
    "accounts",
    "businessModel",
    "contactEmail",
    "restriction",
    "active",
    "onHold",
    "mixins",
)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def check_restriction_change(who: Caller, old: object, new: object) -> None:
    if old == new:
        return
    if RESTRICTION_MANAGE not in who.scopes:
        raise forbidden(
            RESTRICTION_MANAGE,
            f"Changing restriction needs the scope '{RESTRICTION_MANAGE}'.",
        )
    if new is not None and new not in who.restrictions:
        raise ApiError(
            403,
            "forbidden",
            f"You may not assign restriction '{new}'.",
            [Detail("restriction", "not_authorized", f"'{new}' is not yours")],
        )


async def _find(request: Request, q: str | None) -> Response:
    who = caller(request)
    who.require(*_READ)
    number, size = paging(request)
    order = parse_sort(request.query_params.get("sort"))
    expand = parse_expand(request.query_params.get("expand"))
    try:
        if q and len(q) > MAX_Q:
            raise QueryError(f"it is {len(q):,} characters long; at most {MAX_Q:,} are allowed")
        where = compile_conditions(parse(q)) if q and q.strip() else compile_conditions([])
    except QueryError as exc:
        raise ApiError(
            400,
            "invalid_query",
            f"The query q is not understood: {exc}",
            [Detail("q", "invalid_query", str(exc))],
        ) from None
    company = read_company(who)
    if company is not None:
        # customer_read_own: only customers assigned to the caller's legal entity.
        where.where.append(
            "EXISTS (SELECT 1 FROM json_each(doc, '$.b2b.legalEntities') "
            "WHERE json_extract(value, '$.id') = ?)"
        )
        where.params.append(company)
    store = sandbox(request).store
    args = (where, visible_restrictions(who), order, size, (number - 1) * size)
    if expand.mixins is None or "*" in expand.mixins:
        hidden = [
            key
            for key, shown in (
                ("addresses", expand.addresses),
                ("accounts", expand.accounts),
                ("mixins", expand.mixins is not None),
            )
            if not shown
        ]
        # Off the event loop: an in-process sandbox shares it with the UI, and concurrent
        # searches (the client's smart search) then run side by side.
        total, texts = await run_in_threadpool(store.search_json, *args, hide=hidden)
        return Response(
            "[" + ",".join(texts) + "]",
            media_type="application/json",
            headers={"Count": str(total)},
        )

    def page() -> tuple[int, list[Doc]]:
        total, docs = store.search(*args)
        shown = []
        for doc in docs:
            check_budget()
            shown.append(present_customer(doc, expand))
        return total, shown

    total, body = await run_in_threadpool(page)
    return JSONResponse(body, headers={"Count": str(total)})


async def list_customers(request: Request) -> Response:
    only_params(request, "q", "sort", "pageNumber", "pageSize", "expand")
    return await _find(request, request.query_params.get("q"))


async def search_customers(request: Request) -> Response:
    only_params(request, "sort", "pageNumber", "pageSize", "expand")
    body = await json_body(request, {})
    if not isinstance(body, dict):
        raise bad_request(
            "body", 'must be an object such as {"q": "lastName:Smith"}', "invalid_type"
        )
    q = body.get("q")
    if "q" in body and not isinstance(q, str):
        raise bad_request("q", "must be a string", "invalid_type")
    return await _find(request, q)


async def get_customer(request: Request) -> Response:
    who = caller(request)
    who.require(*_READ)
    only_params(request, "expand")
    expand = parse_expand(request.query_params.get("expand"))
    doc = await load_visible(request, who, number_param(request))
    return JSONResponse(present_customer(doc, expand))


def new_customer(clean: Doc, who: Caller | None = None) -> Doc:
    doc: Doc = {
        "preferredLanguage": "en_US",
        "preferredCurrency": "USD",
        "preferredSite": "main",
        "active": True,
        "onHold": False,
    }
    doc.update({k: v for k, v in clean.items() if k not in ("password", "id") and v is not None})
    meta = doc.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    doc["metadata"] = {**{k: v for k, v in meta.items() if k != "version"}, "version": 1}
    doc["metadataCreatedAt"] = _now()
    doc["addresses"] = []
    # The spec requires no contactEmail; without one the customer has no login account yet.
    email = clean.get("contactEmail")
    doc["accounts"] = [{"id": email}] if isinstance(email, str) else []
    if who is not None and manage_company(who) is not None and who.company:
        # A customer created with customer_manage_own joins the caller's company, or the
        # caller could not see what it just created.
        entity_id, name = who.company
        b2b = doc.get("b2b")
        doc["b2b"] = {
            **(b2b if isinstance(b2b, dict) else {}),
            "legalEntities": [{"id": entity_id, "name": name}],
        }
    return doc


async def create_customer(request: Request) -> Response:
    who = caller(request)
    who.require(*_MANAGE)
    # No e-mails leave the sandbox; the flag is only validated.
    only_params(request, "sendPasswordResetNotifications")
    flag_param(request, "sendPasswordResetNotifications")
    clean = customer_body(await json_body(request, {}), "create")
    check_restriction_change(who, None, clean.get("restriction"))
    store = sandbox(request).store
    number = await run_in_threadpool(store.create, new_customer(clean, who), clean.get("id"))
    return JSONResponse({"id": number}, status_code=201)


async def put_customer(request: Request) -> Response:
    """Upsert. An update replaces the profile's writable fields; fields the body leaves out are
    removed, except server-managed ones, contactEmail (cannot be unset), restriction, active,
    onHold and mixins, which keep their value unless the body names them. Mixins are kept because
    a GET without expand=mixin:* does not show them, and PUTting such a GET back must not lose
    them."""
    who = caller(request)
    who.require(*_MANAGE)
    number = number_param(request)
    only_params(request, "sendPasswordResetNotifications")
    flag_param(request, "sendPasswordResetNotifications")
    raw = await json_body(request, {})
    store = sandbox(request).store
    existing = await run_in_threadpool(store.get, number)
    if existing is None:
        clean = customer_body(raw, "create")
        check_restriction_change(who, None, clean.get("restriction"))
        clean.pop("id", None)
        await run_in_threadpool(store.create, new_customer(clean, who), number)
        return JSONResponse({"id": number}, status_code=201)
    if not can_see(who, existing):
        # The same answer as for a customer that does not exist: a 403 would confirm it does.
        raise customer_not_found(number)
    check_company(who, number, existing)
    clean = customer_body(raw, "put")

    def replace(doc: Doc) -> Doc:
        if "restriction" in clean:
            check_restriction_change(who, doc.get("restriction"), clean["restriction"])
        new = {k: v for k, v in doc.items() if k in _PUT_KEEPS}
        for key, value in clean.items():
            if key == "metadata":
                mixins = value.get("mixins")
                if isinstance(mixins, dict):
                    new["metadata"] = {**new.get("metadata", {}), "mixins": mixins}
            elif key != "password":
                new[key] = value
        if new.get("restriction") is None:
            new.pop("restriction", None)
        check_company(who, number, new)
        return new

    await run_in_threadpool(store.update, number, replace, sent_version(clean))
    return Response(status_code=204)


async def patch_customer(request: Request) -> Response:
    who = caller(request)
    who.require(*_MANAGE)
    number = number_param(request)
    only_params(request)
    await load_visible(request, who, number, change=True)
    clean = customer_body(await json_body(request, {}), "patch")
    version = sent_version(clean)

    def apply(doc: Doc) -> Doc:
        if "restriction" in clean:
            check_restriction_change(who, doc.get("restriction"), clean["restriction"])
        changes = {k: v for k, v in clean.items() if k != "password"}
        meta = changes.pop("metadata", None)
        merge_patch(doc, changes)
        if isinstance(meta, dict) and "mixins" in meta:
            merge_patch(doc.setdefault("metadata", {}), {"mixins": meta["mixins"]})
        check_company(who, number, doc)
        return doc

    await run_in_threadpool(sandbox(request).store.update, number, apply, version)
    return Response(status_code=200)


async def delete_customer(request: Request) -> Response:
    who = caller(request)
    who.require(*_MANAGE)
    number = number_param(request)
    only_params(request)
    await load_visible(request, who, number, change=True)
    await optional_object_body(request)
    await run_in_threadpool(sandbox(request).store.delete, number)
    return Response(status_code=202)


async def assign_account(request: Request) -> Response:
    who = caller(request)
    who.require(MANAGE)
    number = number_param(request)
    only_params(request, "sendPasswordResetNotifications")
    flag_param(request, "sendPasswordResetNotifications")
    await load_visible(request, who, number)
    body = await json_body(request, {})
    if not isinstance(body, dict):
        raise bad_request(
            "body", 'must be an object such as {"email": "a@example.com"}', "invalid_type"
        )
    email = body.get("email")
    if not isinstance(email, str):
        raise bad_request(
            "email", "is required: the e-mail of the new login account", "missing_value"
        )
    if not EMAIL.fullmatch(email):
        raise bad_request("email", "must be an e-mail address such as name@example.com")
    await run_in_threadpool(sandbox(request).store.assign_account, number, email)
    return JSONResponse({"id": number}, status_code=201)
