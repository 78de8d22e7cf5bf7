"""What the Kibo side does to users and accounts: the PUT replaces, remove marks, roles, status actions."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox.kibo.conftest import ACCOUNTS

USERS = ACCOUNTS + "/1001/users"


async def _user(kibo: httpx.AsyncClient, first: str, account: int = 1001) -> dict[str, Any]:
    answer = await kibo.get(
        f"{ACCOUNTS}/{account}/users", params={"filter": f"firstName eq '{first}'"}
    )
    [user] = answer.json()["items"]
    return dict(user)


async def test_put_replaces_the_user_and_resets_what_the_body_leaves_out(
    kibo: httpx.AsyncClient,
) -> None:
    paul = await _user(kibo, "Paul")
    url = f"{ACCOUNTS}/1001/user/{paul['userId']}"
    answer = await kibo.put(url, json={"firstName": "Paul", "emailAddress": paul["emailAddress"]})
    assert answer.status_code == 200
    after = answer.json()
    # Kibo's PUT is a replacement: this is why a client must send the whole user.
    assert after["lastName"] is None and after["acceptsMarketing"] is False
    assert after["last2FaDate"] is None
    # Roles and removal have their own endpoints; the PUT keeps them.
    assert after["roles"] == paul["roles"] and after["isRemoved"] is False
    assert after["userId"] == paul["userId"]


async def test_put_keeps_fields_kibo_does_not_know(kibo: httpx.AsyncClient) -> None:
    yuki = await _user(kibo, "Yuki")
    answer = await kibo.put(
        f"{ACCOUNTS}/1001/user/{yuki['userId']}", json={**yuki, "isLocked": True}
    )
    assert answer.json()["federatedIdentity"] == yuki["federatedIdentity"]
    assert (await _user(kibo, "Yuki"))["isLocked"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"isLocked": "yes"}, "isLocked"),
        ({"emailAddress": "no-at-sign"}, "emailAddress"),
        ({"localeCode": "english please"}, "localeCode"),
        ({"roles": [{"roleId": "one"}]}, "roles[0].roleId"),
        ({"last2FaDate": "yesterday"}, "last2FaDate"),
        ({"userId": "someone-else"}, "userId"),
    ],
)
async def test_put_refuses_bad_values_naming_the_field(
    kibo: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    alice = await _user(kibo, "Alice")
    answer = await kibo.put(f"{ACCOUNTS}/1001/user/{alice['userId']}", json={**alice, **change})
    assert answer.status_code == 400
    assert answer.json()["additionalErrorData"][0]["name"] == field


async def test_remove_marks_the_user_removed_and_is_empty_200(kibo: httpx.AsyncClient) -> None:
    walt = await _user(kibo, "Walt", 1002)
    answer = await kibo.put(f"{ACCOUNTS}/1002/user/{walt['userId']}/remove")
    assert (answer.status_code, answer.content) == (200, b"")
    assert (await _user(kibo, "Walt", 1002))["isRemoved"] is True


async def test_add_user_answers_200_with_its_new_id_and_refuses_a_second_with_that_email(
    kibo: httpx.AsyncClient,
) -> None:
    body = {"b2BUser": {"emailAddress": "Buyer@Tailspin.example", "roles": [{"roleId": 3}]}}
    added = await kibo.post(ACCOUNTS + "/1007/user", json=body)
    assert added.status_code == 200
    user = added.json()
    assert len(user["userId"]) == 32 and user["userName"] == "Buyer@Tailspin.example"
    assert [r["roleName"] for r in user["roles"]] == ["Nonpurchaser"]
    assert user["roles"][0]["assignedInScope"] == {
        "type": "Account",
        "id": 1007,
        "name": "Tailspin Toys",
    }
    again = await kibo.post(
        ACCOUNTS + "/1007/user", json={"b2BUser": {"emailAddress": "buyer@tailspin.example"}}
    )
    assert again.status_code == 409 and again.json()["errorCode"] == "ITEM_ALREADY_EXISTS"
    nobody = await kibo.post(ACCOUNTS + "/1007/user", json={"b2BUser": {"firstName": "X"}})
    assert nobody.status_code == 400


async def test_roles_are_added_once_and_removed(kibo: httpx.AsyncClient) -> None:
    tina = await _user(kibo, "Tina", 1007)
    base = f"{ACCOUNTS}/1007/user/{tina['userId']}/roles"
    for _ in range(2):
        assert (await kibo.post(base + "/2")).status_code == 200
    roles = (await kibo.get(base)).json()
    assert roles["totalCount"] == 2 and [r["roleId"] for r in roles["items"]] == [1, 2]
    assert (await kibo.delete(base + "/1")).status_code == 200
    assert [r["roleName"] for r in (await kibo.get(base)).json()["items"]] == ["Purchaser"]
    unknown = await kibo.post(base + "/9")
    assert unknown.status_code == 404 and unknown.json()["errorCode"] == "ITEM_NOT_FOUND"


@pytest.mark.parametrize(
    ("account", "action", "status"),
    [
        (1003, "approve", "Approved"),
        (1003, "deny", "Denied"),
        (1001, "disable", "Inactive"),
        (1004, "enable", "Approved"),
        (1006, "approve", "Approved"),
    ],
)
async def test_status_actions_move_the_account(
    kibo: httpx.AsyncClient, account: int, action: str, status: str
) -> None:
    answer = await kibo.put(f"{ACCOUNTS}/{account}/status/{action}")
    assert answer.status_code == 200
    assert (answer.json()["approvalStatus"], answer.json()["isActive"]) == (
        status,
        status == "Approved",
    )
    assert (await kibo.get(f"{ACCOUNTS}/{account}")).json()["approvalStatus"] == status


@pytest.mark.parametrize(
    ("account", "action", "why"),
    [
        (1001, "deny", "Approved"),
        (1006, "disable", "Denied"),
        (1008, "approve", "sales rep"),
        (1001, "archive", "actionName"),
    ],
)
async def test_impossible_status_actions_are_400_with_the_reason(
    kibo: httpx.AsyncClient, account: int, action: str, why: str
) -> None:
    answer = await kibo.put(f"{ACCOUNTS}/{account}/status/{action}")
    assert answer.status_code == 400 and why in answer.text


async def test_hierarchy_of_a_grandchild_starts_at_the_root(kibo: httpx.AsyncClient) -> None:
    accounts = (await kibo.get(ACCOUNTS, params={"pageSize": 200, "startIndex": 0})).json()["items"]
    accounts += (await kibo.get(ACCOUNTS, params={"pageSize": 200, "startIndex": 200})).json()[
        "items"
    ]
    by_id = {a["id"]: a for a in accounts}
    grandchild = next(
        a
        for a in accounts
        if a["parentAccountId"] and by_id[a["parentAccountId"]]["parentAccountId"]
    )
    tree = (await kibo.get(f"{ACCOUNTS}/{grandchild['id']}/hierarchy")).json()
    root = tree["hierarchy"]
    assert root["id"] == grandchild["rootAccountId"]
    assert grandchild["id"] in {a["id"] for a in tree["accounts"]}
    parent = grandchild["parentAccountId"]
    assert any(
        grandchild["id"] in [k["id"] for k in c["children"]]
        for c in root["children"]
        if c["id"] == parent
    )


async def test_accounts_of_a_sales_rep(kibo: httpx.AsyncClient) -> None:
    rep = (await kibo.get(ACCOUNTS + "/1001")).json()["salesReps"][0]["adminUserId"]
    found = (await kibo.get(f"{ACCOUNTS}/salesrep/{rep}")).json()
    assert 1001 in found and 1002 in found and all(isinstance(i, int) for i in found)


async def test_one_account_comes_with_its_users_a_page_without(kibo: httpx.AsyncClient) -> None:
    one = (await kibo.get(ACCOUNTS + "/1001")).json()
    assert [u["firstName"] for u in one["users"]][:2] == ["Alice", "Paul"] and len(
        one["users"]
    ) == 7
    page = (await kibo.get(ACCOUNTS, params={"pageSize": 2})).json()
    assert all("users" not in a for a in page["items"])


async def test_account_put_replaces_it_keeping_unknown_fields_and_what_has_its_own_endpoint(
    kibo: httpx.AsyncClient,
) -> None:
    account = (await kibo.get(f"{ACCOUNTS}/1001")).json()
    attributes = [{**account["attributes"][0], "values": ["platinum"]}, account["attributes"][2]]
    body = {
        **{k: v for k, v in account.items() if k not in ("users", "taxId")},
        "attributes": attributes,
        "erpTerritory": "NE-3",
        "approvalStatus": "Denied",
    }
    answer = await kibo.put(f"{ACCOUNTS}/1001", json=body)
    assert answer.status_code == 200, answer.text
    again = (await kibo.get(f"{ACCOUNTS}/1001")).json()
    assert again["erpTerritory"] == "NE-3", "a field the sandbox does not know is kept"
    assert "taxId" not in again, "a PUT replaces: what the body leaves out is gone"
    assert again["approvalStatus"] == account["approvalStatus"], "status has its own endpoint"
    assert again["salesReps"] == account["salesReps"] and again["users"] == account["users"]
    assert [a["fullyQualifiedName"] for a in again["attributes"]] == [
        "tenant~customer-tier",
        "tenant~regions",
    ]
    tier, regions = again["attributes"]
    assert tier["values"] == ["platinum"] and tier["attributeDefinitionId"] == 11
    assert tier["auditInfo"]["updateDate"] != account["attributes"][0]["auditInfo"]["updateDate"]
    assert regions == account["attributes"][2], "an attribute left as it was keeps its audit"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"attributes": {"tenant~tier": ["gold"]}}, "attributes"),
        ({"attributes": [{"fullyQualifiedName": "t~a", "values": "gold"}]}, "attributes[0].values"),
        (
            {"attributes": [{"fullyQualifiedName": "t~a", "values": [["x"]]}]},
            "attributes[0].values[0]",
        ),
        ({"attributes": [{"values": ["x"]}]}, "attributes[0]"),
        (
            {"attributes": [{"fullyQualifiedName": "t~a"}, {"fullyQualifiedName": "t~a"}]},
            "attributes[1].fullyQualifiedName",
        ),
        ({"taxExempt": "no"}, "taxExempt"),
        ({"id": 1002}, "id"),
    ],
)
async def test_account_put_refuses_bad_values_naming_the_field_in_kibos_error_shape(
    kibo: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    account = (await kibo.get(f"{ACCOUNTS}/1001")).json()
    answer = await kibo.put(f"{ACCOUNTS}/1001", json={**account, **change})
    assert answer.status_code == 400
    body = answer.json()
    assert body["additionalErrorData"][0]["name"] == field
    assert {"message", "errorCode", "applicationName", "items"} <= set(body)
    assert (await kibo.get(f"{ACCOUNTS}/1001")).json() == account, "nothing changed"


async def test_account_put_on_an_unknown_account_is_item_not_found(
    kibo: httpx.AsyncClient,
) -> None:
    answer = await kibo.put(f"{ACCOUNTS}/999999", json={"id": 999999})
    assert (answer.status_code, answer.json()["errorCode"]) == (404, "ITEM_NOT_FOUND")
