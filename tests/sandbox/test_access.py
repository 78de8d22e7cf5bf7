"""Tokens, scopes and restriction visibility."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tui.sandbox import DEMO_SECRET, SandboxConfig, create_app

from .conftest import BASE, Login, get_token


def _client(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox")


async def test_token_answer_has_the_documented_fields(app: Starlette) -> None:
    async with _client(app) as client:
        r = await client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-viewer",
                "client_secret": DEMO_SECRET,
            },
        )
    body = r.json()
    assert r.status_code == 200
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"].split() == ["tenant=demo", "customer.customer_read"]
    assert body["access_token"]


async def test_wrong_secret_is_401_with_gateway_fault(app: Starlette) -> None:
    async with _client(app) as client:
        r = await client.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-agent",
                "client_secret": "nope",
            },
        )
    assert r.status_code == 401
    assert r.json()["fault"]["faultstring"]
    assert r.json()["fault"]["detail"]["errorcode"]


async def test_missing_or_unknown_token_is_401_fault(app: Starlette) -> None:
    async with _client(app) as client:
        missing = await client.get(BASE)
        unknown = await client.get(BASE, headers={"Authorization": "Bearer made-up"})
    for r in (missing, unknown):
        assert r.status_code == 401
        assert r.json()["fault"]["detail"]["errorcode"] == "oauth.v2.InvalidAccessToken"


async def test_token_expires_after_its_lifetime() -> None:
    app = create_app(SandboxConfig(customers=10, token_ttl=60))
    async with _client(app) as client:
        token = await get_token(client)
        headers = {"Authorization": f"Bearer {token}"}
        assert (await client.get(BASE, headers=headers)).status_code == 200
        app.state.sandbox.clock.advance(61)
        r = await client.get(BASE, headers=headers)
    assert r.status_code == 401
    assert r.json()["fault"]["detail"]["errorcode"] == "keymanagement.service.access_token_expired"


async def test_token_for_another_tenant_path_is_403(agent: httpx.AsyncClient) -> None:
    r = await agent.get("/customer/other/customers")
    assert r.status_code == 403
    assert r.json()["details"][0]["field"] == "tenant"


async def test_scope_parameter_narrows_the_token(login: Login) -> None:
    narrow = await login("demo-agent", scope="tenant=demo customer.customer_read")
    assert (await narrow.get(BASE)).status_code == 200
    r = await narrow.post(BASE, json={"contactEmail": "x@example.com"})
    assert r.status_code == 403
    assert "customer.customer_manage" in r.json()["message"]


async def test_viewer_can_read_but_not_create_delete_or_touch_addresses(login: Login) -> None:
    viewer = await login("demo-viewer")
    assert (await viewer.get(f"{BASE}/10000002")).status_code == 200
    assert (await viewer.post(BASE, json={"contactEmail": "v@example.com"})).status_code == 403
    assert (await viewer.delete(f"{BASE}/10000001")).status_code == 403
    r = await viewer.post(f"{BASE}/10000001/addresses", json={"contactName": "X"})
    assert r.status_code == 403


async def test_restricted_caller_sees_only_its_restriction_and_unrestricted(login: Login) -> None:
    de = await login("demo-de")
    r = await de.get(BASE, params={"pageSize": "1000"})
    seen = r.json()
    assert seen and all(c.get("restriction") in (None, "de") for c in seen)
    assert int(r.headers["Count"]) == len(seen)
    numbers = {c["customerNumber"] for c in seen}
    assert {"10000002", "10000006"} <= numbers
    assert "10000001" not in numbers


async def test_hidden_customer_is_404_for_get_patch_delete(login: Login) -> None:
    de = await login("demo-de")
    assert (await de.get(f"{BASE}/10000001")).status_code == 404
    assert (await de.patch(f"{BASE}/10000001", json={"firstName": "X"})).status_code == 404
    assert (await de.delete(f"{BASE}/10000001")).status_code == 404
    assert (await de.get(f"{BASE}/10000001/addresses")).status_code == 404
    hidden_by_query = await de.get(BASE, params={"q": "customerNumber:10000001"})
    assert hidden_by_query.json() == [] and hidden_by_query.headers["Count"] == "0"


async def test_changing_restriction_needs_restriction_manage(login: Login) -> None:
    de = await login("demo-de")
    r = await de.patch(f"{BASE}/10000002", json={"restriction": "main"})
    assert r.status_code == 403
    assert "restriction.restriction_manage" in r.json()["message"]
    # The same value is no change, so it needs no extra scope.
    assert (await de.patch(f"{BASE}/10000002", json={"restriction": "de"})).status_code == 200


async def test_agent_can_change_restriction_and_invalid_value_is_400(
    agent: httpx.AsyncClient,
) -> None:
    assert (await agent.patch(f"{BASE}/10000006", json={"restriction": "us"})).status_code == 200
    assert (await agent.get(f"{BASE}/10000006")).json()["restriction"] == "us"
    bad = await agent.patch(f"{BASE}/10000006", json={"restriction": "xx"})
    assert bad.status_code == 400
    assert bad.json()["details"][0]["field"] == "restriction"
    assert (await agent.patch(f"{BASE}/10000006", json={"restriction": None})).status_code == 200
    assert "restriction" not in (await agent.get(f"{BASE}/10000006")).json()


async def test_token_accepts_http_basic_client_credentials(app: Starlette) -> None:
    async with _client(app) as client:
        r = await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=("demo-viewer", DEMO_SECRET),
        )
        wrong = await client.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=("demo-viewer", "nope")
        )
    assert r.status_code == 200 and "customer.customer_read" in r.json()["scope"]
    assert wrong.status_code == 401
