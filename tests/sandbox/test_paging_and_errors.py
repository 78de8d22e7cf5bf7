"""Paging, Count, sorting, and the ErrorMessage shape for every kind of bad input."""

from __future__ import annotations

import httpx
import pytest

from .conftest import BASE


async def test_pages_do_not_overlap_and_count_is_the_total(agent: httpx.AsyncClient) -> None:
    first = await agent.get(BASE, params={"pageSize": "50", "pageNumber": "1"})
    second = await agent.get(BASE, params={"pageSize": "50", "pageNumber": "2"})
    assert first.headers["Count"] == second.headers["Count"] == "300"
    a = [c["customerNumber"] for c in first.json()]
    b = [c["customerNumber"] for c in second.json()]
    assert len(a) == len(b) == 50 and not set(a) & set(b)
    beyond = await agent.get(BASE, params={"pageSize": "50", "pageNumber": "7"})
    assert beyond.json() == [] and beyond.headers["Count"] == "300"


async def test_default_page_size_is_60(agent: httpx.AsyncClient) -> None:
    assert len((await agent.get(BASE)).json()) == 60


async def test_sort_by_name_descending_with_stable_tiebreak(agent: httpx.AsyncClient) -> None:
    r = await agent.get(BASE, params={"sort": "lastName:desc,firstName", "pageSize": "1000"})
    rows = r.json()
    keys = [c["lastName"].lower() for c in rows]
    assert keys == sorted(keys, reverse=True)
    pages = []
    for page in (1, 2, 3):
        p = await agent.get(
            BASE, params={"sort": "lastName", "pageSize": "100", "pageNumber": str(page)}
        )
        pages += [c["customerNumber"] for c in p.json()]
    assert len(pages) == len(set(pages)) == 300


async def test_unknown_sort_field_is_400_naming_sort(agent: httpx.AsyncClient) -> None:
    r = await agent.get(BASE, params={"sort": "shoeSize:asc"})
    assert r.status_code == 400
    assert r.json()["details"][0]["field"] == "sort"
    assert "shoeSize" in r.json()["details"][0]["message"]
    assert (await agent.get(BASE, params={"sort": "lastName:up"})).status_code == 400


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("pageSize", "0"),
        ("pageSize", "1001"),
        ("pageSize", "ten"),
        ("pageNumber", "0"),
        ("pageNumber", "-1"),
    ],
)
async def test_paging_out_of_range_is_400(agent: httpx.AsyncClient, name: str, value: str) -> None:
    r = await agent.get(BASE, params={name: value})
    assert r.status_code == 400
    assert r.json()["details"][0]["field"] == name


async def test_unknown_query_parameter_is_400(agent: httpx.AsyncClient) -> None:
    r = await agent.get(BASE, params={"pagesize": "5"})
    assert r.status_code == 400
    assert r.json()["details"][0]["field"] == "pagesize"


async def test_unknown_expand_is_400(agent: httpx.AsyncClient) -> None:
    r = await agent.get(f"{BASE}/10000001", params={"expand": "orders"})
    assert r.status_code == 400 and r.json()["details"][0]["field"] == "expand"


async def test_malformed_json_is_400_error_message(agent: httpx.AsyncClient) -> None:
    r = await agent.post(
        BASE, content=b'{"contactEmail": ', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    body = r.json()
    assert set(body) >= {"status", "type", "message", "details"}
    assert body["details"][0]["field"] == "body"


async def test_wrong_types_are_listed_field_by_field(agent: httpx.AsyncClient) -> None:
    r = await agent.patch(f"{BASE}/10000001", json={"firstName": 5, "onHold": "yes", "b2b": []})
    assert r.status_code == 400
    fields = {d["field"] for d in r.json()["details"]}
    assert fields == {"firstName", "onHold", "b2b"}
    assert all(d["type"] and d["message"] for d in r.json()["details"])


async def test_over_long_currency_and_country_are_400(agent: httpx.AsyncClient) -> None:
    r = await agent.patch(f"{BASE}/10000001", json={"preferredCurrency": "EURO"})
    assert r.status_code == 400 and r.json()["details"][0]["field"] == "preferredCurrency"
    a = await agent.post(f"{BASE}/10000001/addresses", json={"contactName": "X", "country": "DEU"})
    assert a.status_code == 400 and a.json()["details"][0]["field"] == "country"


async def test_body_that_is_not_an_object_is_400(agent: httpx.AsyncClient) -> None:
    r = await agent.post(BASE, json=["contactEmail"])
    assert r.status_code == 400 and r.json()["details"][0]["field"] == "body"


async def test_create_and_put_without_contact_email_are_valid_per_the_spec(
    agent: httpx.AsyncClient,
) -> None:
    # CustomerSignupBySellerDto and CustomerUpdateBySellerDto require nothing.
    r = await agent.post(BASE, json={"firstName": "Nobody"})
    assert r.status_code == 201, r.text
    number = r.json()["id"]
    got = await agent.get(f"{BASE}/{number}", params={"expand": "accounts"})
    assert got.json()["firstName"] == "Nobody" and "contactEmail" not in got.json()
    assert got.json()["accounts"] == []
    created = await agent.put(f"{BASE}/PUT-NO-MAIL", json={"lastName": "Put"})
    assert created.status_code == 201, created.text
    updated = await agent.put(f"{BASE}/10000006", json={"lastName": "Patel-Put"})
    assert updated.status_code == 204, updated.text
    kept = (await agent.get(f"{BASE}/10000006")).json()
    assert kept["lastName"] == "Patel-Put" and kept["contactEmail"] == "priya.patel@example.in"


async def test_custom_id_longer_than_66_or_with_spaces_is_400(agent: httpx.AsyncClient) -> None:
    assert (
        await agent.post(BASE, json={"id": "x" * 67, "contactEmail": "a@example.com"})
    ).status_code == 400
    assert (
        await agent.post(BASE, json={"id": "a b", "contactEmail": "a@example.com"})
    ).status_code == 400
    ok = await agent.post(BASE, json={"id": "x" * 66, "contactEmail": "a@example.com"})
    assert ok.status_code == 201


async def test_unknown_route_is_404_error_message(agent: httpx.AsyncClient) -> None:
    r = await agent.get("/customer/demo/orders")
    assert r.status_code == 404 and r.json()["status"] == 404


async def test_bulk_import_of_nothing_is_an_empty_multi_status(agent: httpx.AsyncClient) -> None:
    r = await agent.post(f"{BASE}/import", json=[])
    assert r.status_code == 207 and r.json() == []


@pytest.mark.parametrize(
    "expand", ["", "addresses", "accounts,mixin:*", "addresses,accounts,mixin:*", "mixin:loyalty"]
)
async def test_list_items_equal_what_get_returns(agent: httpx.AsyncClient, expand: str) -> None:
    params = {
        "pageSize": "1000",
        "q": "customerNumber:(10000001,10000002,10000005,10000006,10000007,10000042)",
    }
    if expand:
        params["expand"] = expand
    listed = (await agent.get(BASE, params=params)).json()
    assert len(listed) == 6
    for item in listed:
        single = await agent.get(
            f"{BASE}/{item['customerNumber']}", params={"expand": expand} if expand else {}
        )
        assert item == single.json()
