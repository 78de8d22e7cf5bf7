"""Kibo collections as tests/contracts/README.md says: envelopes, startIndex paging, filters, sortBy, q."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.sandbox.kibo.conftest import ACCOUNTS
from tui.sandbox.kibo.filters import MAX_DEPTH, MAX_TERMS

USERS = ACCOUNTS + "/1001/users"


async def _ids(client: httpx.AsyncClient, path: str = ACCOUNTS, **params: str) -> list[int | str]:
    answer = await client.get(path, params={"pageSize": 200, **params})
    assert answer.status_code == 200, answer.text
    key = "id" if path == ACCOUNTS else "firstName"
    return [item[key] for item in answer.json()["items"]]


async def test_the_envelope_and_zero_based_item_offsets(kibo: httpx.AsyncClient) -> None:
    default = (await kibo.get(ACCOUNTS)).json()
    assert set(default) == {"startIndex", "pageSize", "pageCount", "totalCount", "items"}
    assert (default["startIndex"], default["pageSize"], len(default["items"])) == (0, 20, 20)
    total = default["totalCount"]
    assert 300 <= total <= 400 and default["pageCount"] == -(-total // 20)
    page = (
        await kibo.get(ACCOUNTS, params={"startIndex": 3, "pageSize": 4, "sortBy": "id asc"})
    ).json()
    assert [a["id"] for a in page["items"]] == [1004, 1005, 1006, 1007]
    assert (page["startIndex"], page["pageSize"], page["pageCount"]) == (3, 4, -(-total // 4))
    past = (await kibo.get(ACCOUNTS, params={"startIndex": total})).json()
    assert past["items"] == [] and past["totalCount"] == total
    capped = (await kibo.get(ACCOUNTS, params={"pageSize": 500})).json()
    assert capped["pageSize"] == 200 and len(capped["items"]) == 200


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ("id eq 1004", [1004]),
        ("id eq '1004'", [1004]),
        ("id lt 1004", [1001, 1002, 1003]),
        ("id le 1003 and id ge 1002", [1002, 1003]),
        ("id gt 1006 and id lt 1009", [1007, 1008]),
        ("companyOrOrganization eq 'NORTHWIND TRADERS'", [1001]),
        ("companyOrOrganization sw 'Northwind' and id ne 1002", [1001, 1003]),
        ("companyOrOrganization cont 'labs' and id lt 1100", [1005]),
        ("parentAccountId eq 1004", [1005]),
        ("parentAccountId eq null and id lt 1009", [1001, 1004, 1006, 1007, 1008]),
        ("approvalStatus eq 'Denied' and id lt 1100", [1006]),
        ("(id eq 1001 or id eq 1007) and isActive eq true", [1001, 1007]),
        ("id eq 1001 or id eq 1006 and approvalStatus eq 'Approved'", [1001]),
        ("((id eq 1002)) OR (id EQ 1003)", [1002, 1003]),
        ("isActive ne true and id lt 1009", [1003, 1004, 1006, 1008]),
    ],
)
async def test_account_filters(kibo: httpx.AsyncClient, filter_: str, expected: list[int]) -> None:
    assert await _ids(kibo, filter=filter_, sortBy="id asc") == expected


async def test_user_filters_and_quoting(kibo: httpx.AsyncClient, app: Starlette) -> None:
    assert await _ids(kibo, USERS, filter="isLocked eq true") == ["Lars"]
    assert await _ids(kibo, USERS, filter="isRemoved eq true") == ["Rita"]
    assert await _ids(kibo, USERS, filter="roles.roleId eq 3") == ["Nina", "Yuki"]
    assert await _ids(kibo, USERS, filter="last2FaDate ne null") == ["Paul"]
    assert await _ids(kibo, USERS, filter="localeCode sw 'de'") == ["Lars"]
    assert await _ids(kibo, USERS, filter="userName cont 'INACTIVE'") == ["Ingrid"]
    nina = (await kibo.get(USERS, params={"filter": "firstName eq 'Nina'"})).json()["items"][0]
    app.state.kibo.store.patch_user(1001, nina["userId"], {"lastName": "O'Brien"})
    assert await _ids(kibo, USERS, filter="lastName eq 'o''brien'") == ["Nina"]


async def test_sort_by_one_or_more_fields(kibo: httpx.AsyncClient) -> None:
    names = await _ids(kibo, USERS, sortBy="firstName desc")
    assert names == sorted(names, reverse=True)
    answer = await kibo.get(
        ACCOUNTS,
        params={"sortBy": "approvalStatus asc, id desc", "pageSize": 200, "filter": "id lt 1100"},
    )
    rows = [(a["approvalStatus"], -a["id"]) for a in answer.json()["items"]]
    assert rows == sorted(rows)


async def test_quick_search_q(kibo: httpx.AsyncClient) -> None:
    assert await _ids(kibo, q="contoso") == [1004, 1005]
    assert await _ids(kibo, USERS, q="northwind.example locked") == ["Lars"]


@pytest.mark.parametrize(
    "filter_",
    [
        "id eq",
        "id equals 5",
        "id eq 'open",
        "(id eq 5",
        "id eq 5)",
        "id eq 5 and",
        "nosuchfield eq 1",
        "isActive gt true",
        "id eq 5 id eq 6",
        "(" * (MAX_DEPTH + 1) + "id eq 1" + ")" * (MAX_DEPTH + 1),
        " or ".join(["id eq 1"] * (MAX_TERMS + 1)),
        "companyOrOrganization eq '" + "a" * 3000 + "'",
    ],
)
async def test_a_bad_filter_is_400_in_kibos_shape(kibo: httpx.AsyncClient, filter_: str) -> None:
    answer = await kibo.get(ACCOUNTS, params={"filter": filter_})
    assert answer.status_code == 400
    error = answer.json()
    assert (
        error["errorCode"] == "MISSING_OR_INVALID_PARAMETER"
        and error["applicationName"] == "Customer"
    )
    assert error["additionalErrorData"][0]["name"] == "filter"


@pytest.mark.parametrize("sort", ["id sideways", "nosuch asc", "roles.roleId asc", "id asc desc"])
async def test_a_bad_sort_is_400(kibo: httpx.AsyncClient, sort: str) -> None:
    answer = await kibo.get(USERS, params={"sortBy": sort})
    assert answer.status_code == 400 and answer.json()["additionalErrorData"][0]["name"] == "sortBy"


async def test_response_fields_shape_collections_and_records(kibo: httpx.AsyncClient) -> None:
    page = (
        await kibo.get(
            ACCOUNTS,
            params={"responseFields": "totalCount,items(id,salesReps(adminUserId))", "pageSize": 1},
        )
    ).json()
    assert set(page) == {"totalCount", "items"} and set(page["items"][0]) == {"id", "salesReps"}
    assert set(page["items"][0]["salesReps"][0]) == {"adminUserId"}
    assert (await kibo.get(ACCOUNTS, params={"responseFields": "items(id"})).status_code == 400
