"""Kibo B2B account routes: list, get, hierarchy, sales reps, status actions."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .auth import guard
from .config import APPROVED, DENIED, INACTIVE, PENDING, UPDATE_BEHAVIOR
from .errors import KiboError, invalid
from .filters import fields, parse_filter, parse_sort, quick_search
from .params import LIST, ONE, account_id, allow, answer, collection, paging
from .state import kibo
from .store import ACCOUNT_COLUMNS, ACCOUNT_LOWERED

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
