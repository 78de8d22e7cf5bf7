"""Address sub-resources: list, add, get, upsert, patch, delete and tags."""

from __future__ import annotations

import httpx

from .conftest import BASE

ADDR = f"{BASE}/10000001/addresses"


async def test_list_and_get_addresses(agent: httpx.AsyncClient) -> None:
    listed = (await agent.get(ADDR)).json()
    assert [a["id"] for a in listed] == ["a0000001aa", "a0000001bb"]
    one = await agent.get(f"{ADDR}/a0000001bb")
    assert one.status_code == 200 and one.json()["street"] == "Park Avenue"


async def test_unknown_address_is_404(agent: httpx.AsyncClient) -> None:
    r = await agent.get(f"{ADDR}/nope")
    assert r.status_code == 404 and r.json()["type"] == "resource_not_found"


async def test_add_address_returns_id_and_can_become_default(agent: httpx.AsyncClient) -> None:
    r = await agent.post(
        ADDR, json={"contactName": "J S", "city": "Boston", "country": "US", "isDefault": True}
    )
    assert r.status_code == 201
    new_id = r.json()["id"]
    addresses = (await agent.get(ADDR)).json()
    defaults = [a["id"] for a in addresses if a["isDefault"]]
    assert defaults == [new_id]
    customer = (await agent.get(f"{BASE}/10000001")).json()
    assert customer["defaultAddress"]["id"] == new_id


async def test_first_address_becomes_default(agent: httpx.AsyncClient) -> None:
    r = await agent.post(f"{BASE}/10000006/addresses", json={"contactName": "Priya Patel"})
    got = (await agent.get(f"{BASE}/10000006/addresses/{r.json()['id']}")).json()
    assert got["isDefault"] is True


async def test_add_address_requires_contact_name(agent: httpx.AsyncClient) -> None:
    r = await agent.post(ADDR, json={"city": "Boston"})
    assert r.status_code == 400 and r.json()["details"][0]["field"] == "contactName"


async def test_put_address_upserts_201_then_204(agent: httpx.AsyncClient) -> None:
    created = await agent.put(f"{ADDR}/office", json={"contactName": "John", "city": "Denver"})
    assert created.status_code == 201 and created.json() == {"id": "office"}
    updated = await agent.put(f"{ADDR}/office", json={"contactName": "John", "city": "Austin"})
    assert updated.status_code == 204
    got = (await agent.get(f"{ADDR}/office")).json()
    assert got["city"] == "Austin" and got["metadata"]["version"] == 2


async def test_put_address_with_a_null_string_is_a_400(agent: httpx.AsyncClient) -> None:
    r = await agent.put(f"{BASE}/10000001/addresses/a0000001aa", json={"extraLine1": None})
    assert r.status_code == 400
    assert r.json()["details"][0]["field"] == "extraLine1"


async def test_patch_address_changes_only_given_fields_and_checks_version(
    agent: httpx.AsyncClient,
) -> None:
    r = await agent.patch(
        f"{ADDR}/a0000001aa", json={"city": "Brooklyn", "metadata": {"version": 1}}
    )
    assert r.status_code == 200
    got = (await agent.get(f"{ADDR}/a0000001aa")).json()
    assert got["city"] == "Brooklyn" and got["street"] == "Main Street"
    stale = await agent.patch(
        f"{ADDR}/a0000001aa", json={"city": "Queens", "metadata": {"version": 1}}
    )
    assert stale.status_code == 409


async def test_delete_address_is_204(agent: httpx.AsyncClient) -> None:
    assert (await agent.delete(f"{ADDR}/a0000001bb")).status_code == 204
    assert (await agent.get(f"{ADDR}/a0000001bb")).status_code == 404
    assert (await agent.delete(f"{ADDR}/a0000001bb")).status_code == 404


async def test_add_and_remove_tags(agent: httpx.AsyncClient) -> None:
    r = await agent.post(f"{ADDR}/a0000001bb/tags", params={"tags": "BILLING,HQ"})
    assert r.status_code == 204
    assert (await agent.get(f"{ADDR}/a0000001bb")).json()["tags"] == ["SHIPPING", "BILLING", "HQ"]
    r = await agent.delete(f"{ADDR}/a0000001bb/tags", params={"tags": "SHIPPING,HQ"})
    assert r.status_code == 204
    assert (await agent.get(f"{ADDR}/a0000001bb")).json()["tags"] == ["BILLING"]
    assert (await agent.post(f"{ADDR}/a0000001bb/tags")).status_code == 400


async def test_address_changes_keep_customer_version(agent: httpx.AsyncClient) -> None:
    before = (await agent.get(f"{BASE}/10000001")).json()["metadata"]["version"]
    await agent.post(ADDR, json={"contactName": "X"})
    assert (await agent.get(f"{BASE}/10000001")).json()["metadata"]["version"] == before


async def test_put_existing_address_without_contact_name_keeps_it(agent: httpx.AsyncClient) -> None:
    r = await agent.put(f"{ADDR}/a0000001aa", json={"city": "Albany", "country": "US"})
    assert r.status_code == 204
    got = (await agent.get(f"{ADDR}/a0000001aa")).json()
    assert got["contactName"] == "John Smith" and got["city"] == "Albany"
    assert "street" not in got


async def test_add_address_accepts_only_mixin_links_in_metadata(agent: httpx.AsyncClient) -> None:
    r = await agent.post(ADDR, json={"contactName": "X", "metadata": {"version": 3}})
    assert r.status_code == 400 and r.json()["details"][0]["field"] == "metadata"
    ok = await agent.post(
        ADDR, json={"contactName": "X", "id": "custom-1", "metadata": {"mixins": {}}}
    )
    assert ok.status_code == 201 and ok.json() == {"id": "custom-1"}
    assert (await agent.post(ADDR, json={"contactName": "Y", "id": "custom-1"})).status_code == 409
