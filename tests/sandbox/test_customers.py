"""Customer endpoints: reading, creating, changing and deleting, with the spec's status codes."""

from __future__ import annotations

import httpx

from .conftest import BASE, Login


async def test_fixed_demo_customers_are_present_as_documented(agent: httpx.AsyncClient) -> None:
    r = await agent.get(f"{BASE}/10000002", params={"expand": "addresses,accounts"})
    assert r.status_code == 200
    anna = r.json()
    assert (anna["firstName"], anna["lastName"]) == ("Anna", "Schmidt")
    assert anna["businessModel"] == "B2B"
    assert anna["b2b"]["companyRegistrationId"] == "DE-HRB-123456"
    assert len(anna["b2b"]["legalEntities"]) == 3
    assert anna["restriction"] == "de"
    assert (anna["preferredLanguage"], anna["preferredCurrency"]) == ("de_DE", "EUR")
    john = (await agent.get(f"{BASE}/10000001", params={"expand": "addresses,accounts"})).json()
    assert john["contactEmail"] == "john.smith@example.com"
    assert john["businessModel"] == "B2C"
    assert len(john["addresses"]) == 2
    default = [a for a in john["addresses"] if a["isDefault"]]
    assert default[0]["tags"] == ["BILLING", "SHIPPING"]
    assert len(john["accounts"]) == 1
    marie = (await agent.get(f"{BASE}/10000003")).json()
    assert marie["onHold"] is True and marie["restriction"] == "fr"
    carlos = (await agent.get(f"{BASE}/10000004")).json()
    assert carlos["active"] is False and carlos["preferredCurrency"] == "USD"
    yuki = (await agent.get(f"{BASE}/10000005", params={"expand": "accounts,mixin:*"})).json()
    assert yuki["mixins"]["loyalty"]["tier"] == "gold"
    assert yuki["legacyCrmId"] == "CRM-00042"
    assert yuki["accounts"][0]["providerId"].startswith("google-oauth2|")
    priya = (await agent.get(f"{BASE}/10000006", params={"expand": "addresses"})).json()
    assert "restriction" not in priya and priya["addresses"] == []


async def test_generated_customers_are_deterministic_for_a_seed() -> None:
    from tui.sandbox.demo import generated_customer

    assert generated_customer(7, 10000042) == generated_customer(7, 10000042)
    assert generated_customer(7, 10000042) != generated_customer(8, 10000042)


async def test_expand_adds_parts_that_are_absent_by_default(agent: httpx.AsyncClient) -> None:
    plain = (await agent.get(f"{BASE}/10000005")).json()
    assert "addresses" not in plain and "accounts" not in plain and "mixins" not in plain
    full = (
        await agent.get(f"{BASE}/10000005", params={"expand": "addresses,accounts,mixin:*"})
    ).json()
    assert full["addresses"] and full["accounts"] and full["mixins"]
    one = (await agent.get(f"{BASE}/10000005", params={"expand": "mixin:loyalty"})).json()
    assert set(one["mixins"]) == {"loyalty"}


async def test_unknown_customer_is_404_with_error_message(agent: httpx.AsyncClient) -> None:
    r = await agent.get(f"{BASE}/99999999")
    assert r.status_code == 404
    body = r.json()
    assert body["status"] == 404 and body["type"] == "not_found"
    assert "99999999" in body["details"][0]["message"]


async def test_create_returns_201_with_id_and_sets_defaults(agent: httpx.AsyncClient) -> None:
    r = await agent.post(BASE, json={"contactEmail": "neo@example.com", "firstName": "Thomas"})
    assert r.status_code == 201
    number = r.json()["id"]
    got = (await agent.get(f"{BASE}/{number}", params={"expand": "accounts"})).json()
    assert got["firstName"] == "Thomas" and got["businessModel"] == "B2C"
    assert got["metadata"]["version"] == 1 and got["active"] is True
    assert got["accounts"] == [{"id": "neo@example.com"}]


async def test_create_with_taken_account_email_is_409(agent: httpx.AsyncClient) -> None:
    r = await agent.post(BASE, json={"contactEmail": "John.Smith@example.com"})
    assert r.status_code == 409
    assert r.json()["type"] == "conflict_resource"


async def test_create_with_custom_id_uses_it_as_number(agent: httpx.AsyncClient) -> None:
    r = await agent.post(BASE, json={"id": "VIP-0001", "contactEmail": "vip@example.com"})
    assert r.status_code == 201 and r.json() == {"id": "VIP-0001"}
    again = await agent.post(BASE, json={"id": "VIP-0001", "contactEmail": "vip2@example.com"})
    assert again.status_code == 409


async def test_patch_increments_version_and_stale_version_is_409(agent: httpx.AsyncClient) -> None:
    before = (await agent.get(f"{BASE}/10000001")).json()
    version = before["metadata"]["version"]
    ok = await agent.patch(
        f"{BASE}/10000001", json={"lastName": "Smyth", "metadata": {"version": version}}
    )
    assert ok.status_code == 200
    after = (await agent.get(f"{BASE}/10000001")).json()
    assert after["lastName"] == "Smyth" and after["metadata"]["version"] == version + 1
    stale = await agent.patch(
        f"{BASE}/10000001", json={"lastName": "Smith", "metadata": {"version": version}}
    )
    assert stale.status_code == 409
    assert (await agent.get(f"{BASE}/10000001")).json()["lastName"] == "Smyth"


async def test_patch_without_version_is_last_writer_wins(agent: httpx.AsyncClient) -> None:
    r = await agent.patch(f"{BASE}/10000001", json={"firstName": "Johnny"})
    assert r.status_code == 200
    assert (await agent.get(f"{BASE}/10000001")).json()["firstName"] == "Johnny"


async def test_patch_cannot_unset_contact_email(agent: httpx.AsyncClient) -> None:
    r = await agent.patch(f"{BASE}/10000001", json={"contactEmail": None})
    assert r.status_code == 400
    assert r.json()["details"][0]["field"] == "contactEmail"


async def test_patch_null_removes_a_field_and_keeps_the_rest(agent: httpx.AsyncClient) -> None:
    r = await agent.patch(f"{BASE}/10000001", json={"contactPhone": None})
    assert r.status_code == 200
    got = (await agent.get(f"{BASE}/10000001")).json()
    assert "contactPhone" not in got and got["firstName"] == "John"


async def test_null_outside_a_patch_is_a_400_naming_the_field(agent: httpx.AsyncClient) -> None:
    r = await agent.put(
        f"{BASE}/10000001", json={"contactEmail": "j@example.com", "firstName": None}
    )
    assert r.status_code == 400
    assert [d["field"] for d in r.json()["details"]] == ["firstName"]
    assert (await agent.get(f"{BASE}/10000001")).json()["firstName"] == "John"


async def test_put_upserts_201_then_204(agent: httpx.AsyncClient) -> None:
    created = await agent.put(
        f"{BASE}/NEW-1", json={"contactEmail": "put@example.com", "lastName": "Put"}
    )
    assert created.status_code == 201 and created.json() == {"id": "NEW-1"}
    updated = await agent.put(
        f"{BASE}/NEW-1", json={"contactEmail": "put@example.com", "lastName": "Again"}
    )
    assert updated.status_code == 204
    got = (await agent.get(f"{BASE}/NEW-1")).json()
    assert got["lastName"] == "Again" and got["metadata"]["version"] == 2


async def test_delete_is_202_and_number_is_never_reused(agent: httpx.AsyncClient) -> None:
    r = await agent.delete(f"{BASE}/10000006")
    assert r.status_code == 202
    assert (await agent.get(f"{BASE}/10000006")).status_code == 404
    reuse = await agent.put(f"{BASE}/10000006", json={"contactEmail": "x@example.com"})
    assert reuse.status_code == 409
    # The deleted customer's account e-mail is free again.
    again = await agent.post(BASE, json={"contactEmail": "priya.patel@example.in"})
    assert again.status_code == 201 and again.json()["id"] != "10000006"


async def test_business_model_follows_legal_entities(agent: httpx.AsyncClient) -> None:
    entity = {"id": "E1", "name": "Acme", "contactAssignmentId": "CA1"}
    await agent.patch(
        f"{BASE}/10000001", json={"b2b": {"legalEntities": [entity]}, "businessModel": "B2C"}
    )
    assert (await agent.get(f"{BASE}/10000001")).json()["businessModel"] == "B2B"
    await agent.patch(f"{BASE}/10000001", json={"b2b": {"legalEntities": []}})
    assert (await agent.get(f"{BASE}/10000001")).json()["businessModel"] == "B2C"


async def test_unknown_properties_and_mixins_survive_round_trips(agent: httpx.AsyncClient) -> None:
    r = await agent.post(
        BASE,
        json={
            "contactEmail": "mix@example.com",
            "favouriteColour": "teal",
            "mixins": {"loyalty": {"tier": "silver"}},
            "nested": {"a": [1, 2]},
        },
    )
    number = r.json()["id"]
    await agent.patch(f"{BASE}/{number}", json={"mixins": {"loyalty": {"points": 5}}})
    got = (await agent.get(f"{BASE}/{number}", params={"expand": "mixin:*"})).json()
    assert got["favouriteColour"] == "teal" and got["nested"] == {"a": [1, 2]}
    assert got["mixins"] == {"loyalty": {"tier": "silver", "points": 5}}


async def test_assign_account_adds_login_and_taken_email_is_409(agent: httpx.AsyncClient) -> None:
    r = await agent.post(f"{BASE}/10000006/accounts/internal", json={"email": "priya@work.example"})
    assert r.status_code == 201
    got = (await agent.get(f"{BASE}/10000006", params={"expand": "accounts"})).json()
    assert {"id": "priya@work.example"} in got["accounts"]
    taken = await agent.post(
        f"{BASE}/10000001/accounts/internal", json={"email": "priya@work.example"}
    )
    assert taken.status_code == 409


async def test_store_change_behind_the_clients_back_bumps_version(
    app, agent: httpx.AsyncClient
) -> None:  # type: ignore[no-untyped-def]
    before = (await agent.get(f"{BASE}/10000001")).json()["metadata"]["version"]
    app.state.sandbox.store.patch("10000001", {"lastName": "Changed"})
    after = (await agent.get(f"{BASE}/10000001")).json()
    assert after["lastName"] == "Changed" and after["metadata"]["version"] == before + 1


async def test_viewer_cannot_change_and_403_names_the_scope(login: Login) -> None:
    viewer = await login("demo-viewer")
    r = await viewer.patch(f"{BASE}/10000001", json={"firstName": "X"})
    assert r.status_code == 403
    body = r.json()
    assert "customer.customer_manage" in body["message"]
    assert body["details"][0]["message"] == "customer.customer_manage"


async def test_put_of_a_plain_get_keeps_mixins_and_server_fields(agent: httpx.AsyncClient) -> None:
    plain = (await agent.get(f"{BASE}/10000005")).json()
    plain["firstName"] = "Yukiko"
    assert (await agent.put(f"{BASE}/10000005", json=plain)).status_code == 204
    after = (
        await agent.get(f"{BASE}/10000005", params={"expand": "mixin:*,accounts,addresses"})
    ).json()
    assert after["firstName"] == "Yukiko"
    assert after["mixins"]["loyalty"]["tier"] == "gold"
    assert after["legacyCrmId"] == "CRM-00042"
    assert after["accounts"] and after["addresses"]
    assert after["metadata"]["version"] == plain["metadata"]["version"] + 1


async def test_put_removes_writable_fields_the_body_leaves_out(agent: httpx.AsyncClient) -> None:
    body = {"contactEmail": "john.smith@example.com", "firstName": "John"}
    assert (await agent.put(f"{BASE}/10000001", json=body)).status_code == 204
    after = (await agent.get(f"{BASE}/10000001")).json()
    assert "lastName" not in after and "contactPhone" not in after
    assert after["restriction"] == "main" and after["active"] is True
