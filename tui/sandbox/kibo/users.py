"""Kibo B2B user routes: list (filter, sort, paging), add, update (PUT), remove, roles."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .auth import guard
from .config import ROLES, UPDATE_BEHAVIOR
from .demo import role, user_id
from .errors import KiboError, invalid, not_found
from .filters import fields, parse_filter, parse_sort, quick_search
from .params import LIST, account_id, allow, answer, collection, json_object, paging
from .state import kibo
from .validation import USER, USER_AND_AUTH, check, check_user_values

Doc = dict[str, Any]
USER_FIELDS = fields(
    "userId",
    "emailAddress",
    "userName",
    "firstName",
    "lastName",
    "localeCode",
    "isLocked",
    "isActive",
    "isRemoved",
    "acceptsMarketing",
    "hasExternalPassword",
    "last2FaDate",
    arrays={"roles.roleId": ("$.roles", "$.roleId"), "roles.roleName": ("$.roles", "$.roleName")},
    quick=("firstName", "lastName", "emailAddress", "userName"),
)
# What a PUT replaces; a field the body leaves out is reset, as Kibo's PUT does. Roles and
# isRemoved have their own endpoints and keep their stored values.
_TEXT = ("emailAddress", "userName", "firstName", "lastName", "localeCode", "last2FaDate")
_FLAGS = ("isLocked", "isActive", "acceptsMarketing", "hasExternalPassword")
_SERVER_KEPT = ("userId", "roles", "isRemoved")


def _user_id(request: Request) -> str:
    ident = str(request.path_params["userId"])
    if not ident or len(ident) > 55:
        raise invalid("userId", "must be 1 to 55 characters")
    return ident


def _email_taken(db: sqlite3.Connection, account: int, email: str | None, other_than: str) -> None:
    if not email:
        return
    row = db.execute(
        "SELECT 1 FROM kibo_users WHERE account_id = ? AND user_id != ? "
        "AND lower(json_extract(doc, '$.emailAddress')) = lower(?) "
        "AND json_extract(doc, '$.isRemoved') IS NOT 1",
        (account, other_than, email),
    ).fetchone()
    if row is not None:
        raise KiboError(
            409,
            "ITEM_ALREADY_EXISTS",
            f"A user with the e-mail address {email} already exists on account {account}.",
            [("emailAddress", email)],
        )


async def list_users(request: Request) -> Response:
    guard(request)
    allow(request, *LIST)
    ident = account_id(request)
    q = request.query_params
    start, size = paging(request)
    where = [parse_filter(q.get("filter"), USER_FIELDS), quick_search(q.get("q"), USER_FIELDS)]
    order = parse_sort(q.get("sortBy"), USER_FIELDS)
    store = kibo(request).store
    await run_in_threadpool(store.require_account, ident)
    total, items = await run_in_threadpool(
        store.page, "kibo_users", where, order, start, size, ("account_id = ?", [ident])
    )
    return answer(request, collection(items, total, start, size))


async def update_user(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request, "responseFields")
    ident, uid = account_id(request), _user_id(request)
    body = await json_object(request, "body")
    check(body, USER, "")
    check_user_values(body)
    if body.get("userId") not in (None, uid):
        raise invalid("userId", f"in the body ({body['userId']}) differs from the path ({uid})")

    def replace(doc: Doc, db: sqlite3.Connection) -> Doc:
        _email_taken(db, ident, body.get("emailAddress"), uid)
        new = {k: v for k, v in body.items() if k not in _SERVER_KEPT}
        for name in _TEXT:
            new.setdefault(name, None)
        for name in _FLAGS:
            new.setdefault(name, False)
        return {**new, **{k: doc.get(k) for k in _SERVER_KEPT}}

    return answer(
        request, await run_in_threadpool(kibo(request).store.change_user, ident, uid, replace)
    )


async def add_user(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request, "responseFields")
    ident = account_id(request)
    body = await json_object(request, "body")
    check(body, USER_AND_AUTH, "")
    given = body.get("b2BUser")
    if not isinstance(given, dict) or not given.get("emailAddress"):
        raise invalid("b2BUser.emailAddress", "is required to add a user")
    check_user_values(given)
    role_ids = [r["roleId"] for r in given.get("roles") or [] if isinstance(r, dict)]
    for rid in role_ids:
        if rid not in ROLES:
            raise not_found("Role", rid)
    store = kibo(request).store
    acc = await run_in_threadpool(store.require_account, ident)
    now = kibo(request).wall_clock()

    def make(db: sqlite3.Connection) -> Doc:
        _email_taken(db, ident, given["emailAddress"], "")
        uid = user_id(ident, given["emailAddress"])
        if db.execute(
            "SELECT 1 FROM kibo_users WHERE account_id = ? AND user_id = ?", (ident, uid)
        ).fetchone():
            uid = secrets.token_hex(16)
        doc = {
            **{k: v for k, v in given.items() if k not in ("roles", "userId")},
            "userId": uid,
            "userName": given.get("userName") or given["emailAddress"],
            "isRemoved": False,
        }
        for name in _TEXT:
            doc.setdefault(name, None)
        for name in _FLAGS:
            doc.setdefault(name, name == "isActive")
        doc["roles"] = [role(r, uid, acc, now) for r in dict.fromkeys(role_ids)]
        return doc

    return answer(request, await run_in_threadpool(store.insert_user, ident, make))


async def remove_user(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request, "responseFields")
    ident, uid = account_id(request), _user_id(request)

    def remove(doc: Doc, db: sqlite3.Connection) -> Doc:
        doc["isRemoved"] = True
        return doc

    await run_in_threadpool(kibo(request).store.change_user, ident, uid, remove)
    return Response(status_code=200)


async def list_roles(request: Request) -> Response:
    guard(request)
    allow(request, "responseFields")
    ident, uid = account_id(request), _user_id(request)
    doc = await run_in_threadpool(kibo(request).store.require_user, ident, uid)
    roles = doc.get("roles") or []
    return answer(request, {"totalCount": len(roles), "items": roles})


def _role_id(request: Request) -> int:
    raw = str(request.path_params["roleId"])
    try:
        rid = int(raw)
    except ValueError:
        raise invalid("roleId", "must be a whole number") from None
    if rid not in ROLES:
        raise not_found("Role", rid)
    return rid


async def add_role(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request, "responseFields")
    ident, uid, rid = account_id(request), _user_id(request), _role_id(request)
    store = kibo(request).store
    acc = await run_in_threadpool(store.require_account, ident)
    now = kibo(request).wall_clock()

    def add(doc: Doc, db: sqlite3.Connection) -> Doc:
        roles = doc.setdefault("roles", []) or []
        if not any(r.get("roleId") == rid for r in roles):
            roles.append(role(rid, uid, acc, now))
        doc["roles"] = roles
        return doc

    await run_in_threadpool(store.change_user, ident, uid, add)
    return Response(status_code=200)


async def remove_role(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request)
    ident, uid, rid = account_id(request), _user_id(request), _role_id(request)

    def drop(doc: Doc, db: sqlite3.Connection) -> Doc:
        doc["roles"] = [r for r in doc.get("roles") or [] if r.get("roleId") != rid]
        return doc

    await run_in_threadpool(kibo(request).store.change_user, ident, uid, drop)
    return Response(status_code=200)
