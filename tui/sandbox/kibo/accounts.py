"""Kibo B2B account routes: list, get, update (PUT), hierarchy, sales reps, status actions."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .auth import guard
from .config import APPROVED, DENIED, INACTIVE, PENDING, UPDATE_BEHAVIOR
from .errors import KiboError, invalid
from .filters import fields, parse_filter, parse_sort, quick_search
from .params import LIST, ONE, account_id, allow, answer, collection, json_object, paging
from .state import kibo
from .store import ACCOUNT_COLUMNS, ACCOUNT_LOWERED
from .validation import ACCOUNT, check, check_attributes

Doc = dict[str, Any]
ACCOUNT_FIELDS = fields(
    "id",
    "companyOrOrganization",
    "parentAccountId",
    "rootAccountId",
    "approvalStatus",
    "isActive",
    "priceList",
    "taxExempt",
    "taxId",
    "externalId",
    "customerSet",
    "accountType",
    "customerSinceDate",
    "priority",
    "migrationRequired",
    "auditInfo.createDate",
    "auditInfo.updateDate",
    arrays={"salesReps.adminUserId": ("$.salesReps", "$.adminUserId")},
    quick=("companyOrOrganization", "externalId", "taxId", "id"),
    columns=ACCOUNT_COLUMNS,
    lowered=ACCOUNT_LOWERED,
)
# What an account PUT does not replace: each has its own endpoint (status, sales reps, the
# parent), the server keeps it (the audit, the summary), or it is not stored with the account
# (its users). Everything else the body replaces, fields this sandbox does not know included; a
# field the body leaves out is gone, as with Kibo's PUT.
_SERVER_KEPT = (
    "id",
    "approvalStatus",
    "isActive",
    "salesReps",
    "parentAccountId",
    "rootAccountId",
    "commerceSummary",
    "auditInfo",
    "customerSinceDate",
)
# action → (states it may start from, the state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({PENDING, DENIED, INACTIVE, APPROVED}), APPROVED),
    "deny": (frozenset({PENDING, DENIED}), DENIED),
    "enable": (frozenset({INACTIVE, DENIED, APPROVED}), APPROVED),
    "disable": (frozenset({APPROVED, INACTIVE}), INACTIVE),
}


async def list_accounts(request: Request) -> Response:
    guard(request)
    allow(request, *LIST, "fields")
    q = request.query_params
    start, size = paging(request)
    where = [
        parse_filter(q.get("filter"), ACCOUNT_FIELDS),
        quick_search(q.get("q"), ACCOUNT_FIELDS),
    ]
    order = parse_sort(q.get("sortBy"), ACCOUNT_FIELDS)
    total, items = await run_in_threadpool(
        kibo(request).store.page, "kibo_accounts", where, order, start, size
    )
    return answer(request, collection(items, total, start, size))


async def get_account(request: Request) -> Response:
    guard(request)
    allow(request, *ONE)
    ident = account_id(request)
    store = kibo(request).store
    account = await run_in_threadpool(store.require_account, ident)
    # One account comes with its users (a list of accounts does not: too much for a page).
    account["users"] = await run_in_threadpool(store.users_of, ident)
    return answer(request, account)


def _stamped(attributes: list[Doc], stored: list[Doc], who: str, now: str) -> list[Doc]:
    """The attributes as sent, each one whose values changed with a fresh update audit."""
    was = {a.get("fullyQualifiedName"): a for a in stored if isinstance(a, dict)}
    result = []
    for attribute in attributes:
        old = was.get(attribute.get("fullyQualifiedName"))
        if old is None or old.get("values") != attribute.get("values"):
            audit = dict((old or {}).get("auditInfo") or {})
            audit.setdefault("createDate", now)
            audit.setdefault("createBy", who)
            attribute = {**attribute, "auditInfo": {**audit, "updateDate": now, "updateBy": who}}
        result.append(attribute)
    return result


async def update_account(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request, "responseFields")
    ident = account_id(request)
    body = await json_object(request, "body")
    check(body, ACCOUNT, "")
    check_attributes(body.get("attributes"))
    if body.get("id") not in (None, ident):
        raise invalid("id", f"in the body ({body['id']}) differs from the path ({ident})")
    now = kibo(request).now()

    def replace(doc: Doc) -> Doc:
        new = {k: v for k, v in body.items() if k not in (*_SERVER_KEPT, "users")}
        if isinstance(new.get("attributes"), list):
            new["attributes"] = _stamped(
                new["attributes"], doc.get("attributes") or [], "kibo-agent", now
            )
        kept = {k: doc[k] for k in _SERVER_KEPT if k in doc}
        kept["auditInfo"] = {
            **(doc.get("auditInfo") or {}),
            "updateDate": now,
            "updateBy": "kibo-agent",
        }
        return {**new, **kept}

    store = kibo(request).store
    account = await run_in_threadpool(store.change_account, ident, replace)
    account["users"] = await run_in_threadpool(store.users_of, ident)
    return answer(request, account)


def _tree(root: int, accounts: list[Doc]) -> Doc:
    children: dict[int, list[int]] = {}
    for acc in accounts:
        parent = acc.get("parentAccountId")
        if isinstance(parent, int):
            children.setdefault(parent, []).append(acc["id"])

    def node(ident: int, depth: int) -> Doc:
        kids = children.get(ident, []) if depth < 20 else []
        return {"id": ident, "children": [node(k, depth + 1) for k in kids]}

    return node(root, 0)


async def hierarchy(request: Request) -> Response:
    guard(request)
    allow(request, *ONE)
    ident = account_id(request)
    store = kibo(request).store
    acc = await run_in_threadpool(store.require_account, ident)
    root = acc.get("rootAccountId") or ident
    family = await run_in_threadpool(store.accounts_where, "c_root = ? OR id = ?", [root, root])
    return answer(request, {"accounts": family, "hierarchy": _tree(root, family)})


async def accounts_of_sales_rep(request: Request) -> Response:
    guard(request)
    allow(request, "responseFields")
    rep = str(request.path_params["userId"])
    found = await run_in_threadpool(
        kibo(request).store.accounts_where,
        "EXISTS (SELECT 1 FROM json_each(doc, '$.salesReps') AS r "
        "WHERE json_extract(r.value, '$.adminUserId') = ?)",
        [rep],
    )
    return JSONResponse([a["id"] for a in found])


async def change_status(request: Request) -> Response:
    guard(request, UPDATE_BEHAVIOR)
    allow(request, "responseFields")
    ident = account_id(request)
    action = str(request.path_params["actionName"]).lower()
    if action not in TRANSITIONS:
        raise invalid("actionName", "must be approve, deny, enable or disable")
    allowed, target = TRANSITIONS[action]

    def apply(doc: Doc) -> Doc:
        status = doc.get("approvalStatus")
        if status not in allowed:
            raise KiboError(
                400,
                "VALIDATION_CONFLICT",
                f"Cannot {action} account {ident}: its status is {status}.",
                [("approvalStatus", f"is {status}; {action} needs another status")],
            )
        if action == "approve" and status != APPROVED and not doc.get("salesReps"):
            raise KiboError(
                400,
                "VALIDATION_CONFLICT",
                f"Cannot approve account {ident}: assign a sales rep to it first.",
                [("salesReps", "none assigned; assign a sales rep first")],
            )
        doc["approvalStatus"] = target
        doc["isActive"] = target == APPROVED
        audit = doc.setdefault("auditInfo", {})
        audit["updateDate"] = kibo(request).now()
        audit["updateBy"] = "kibo-agent"
        return doc

    return answer(
        request, await run_in_threadpool(kibo(request).store.change_account, ident, apply)
    )
