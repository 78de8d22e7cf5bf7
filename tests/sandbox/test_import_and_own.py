"""Bulk import (207), the password-migration retention config, and the `_own` scopes."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from starlette.applications import Starlette

from .conftest import BASE, Login

RETENTION = "/customer/demo/config/password-migration-retention"
IMPORT = f"{BASE}/import"


def _item(email: str, **extra: object) -> dict[str, object]:
    account = extra.pop("account", {"email": email, "passwordHash": "1:10000:abcdefgh:ijklmnop"})
    return {"firstName": "Imp", "lastName": "Orted", **extra, "account": account}


def _legacy(email: str) -> dict[str, object]:
    return {
        "email": email,
        "legacyAuth": {
            "algorithm": "hybris-sha512-uid-salt",
            "hash": "tBRzNZ+h9FRRm8K1qzDz3aWMgyTlgBihHviE==",
            "context": {"originalUid": "15TE2000007AE9TOUEILLE 61359"},
        },
    }


@pytest.fixture
def today(app: Starlette) -> date:
    app.state.sandbox.today = lambda: date(2026, 12, 1)
    return date(2026, 12, 1)


async def test_import_answers_each_item_at_its_index(agent: httpx.AsyncClient) -> None:
    items = [
        _item("imp.one@example.com", contactEmail="Imp.One@example.com", preferredCurrency="EUR"),
        _item("imp.two@example.com", account={"email": "imp.two@example.com"}),
        _item("john.smith@example.com"),
        _item("imp.three@example.com", id="IMP-3"),
        "not an object",
        _item("imp.four@example.com", contactEmail="other@example.com"),
        _item("imp.five@example.com", account=_legacy("imp.five@example.com")),
    ]
    r = await agent.post(IMPORT, json=items)
    assert r.status_code == 207, r.text
    results = r.json()
    assert [x["index"] for x in results] == list(range(len(items)))
    assert [x["code"] for x in results] == [201, 400, 409, 201, 400, 400, 400]
    assert results[0]["status"] == "Created" and results[2]["status"] == "Conflict"
    assert "Exactly one of 'passwordHash' or 'legacyAuth'" in results[1]["message"]
    assert results[3]["id"] == "IMP-3"
    assert "retention" in results[6]["message"]
    assert all("id" not in x for x in results if x["code"] != 201)
    one = (await agent.get(f"{BASE}/{results[0]['id']}", params={"expand": "accounts"})).json()
    assert one["contactEmail"] == "Imp.One@example.com" and one["preferredCurrency"] == "EUR"
    assert one["accounts"] == [{"id": "imp.one@example.com"}]
    assert "passwordHash" not in str(one)


async def test_import_refuses_a_body_that_is_not_a_batch(agent: httpx.AsyncClient) -> None:
    assert (await agent.post(IMPORT, json={"a": 1})).status_code == 400
    too_many = [_item(f"m{i}@example.com") for i in range(201)]
    r = await agent.post(IMPORT, json=too_many)
    assert r.status_code == 400 and "at most 200" in r.json()["message"]


async def test_import_and_retention_need_the_import_scopes(login: Login) -> None:
    viewer = await login("demo-viewer")
    r = await viewer.post(IMPORT, json=[])
    assert r.status_code == 403 and "customer.import_manage" in r.json()["message"]
    r = await viewer.get(RETENTION)
    assert r.status_code == 403 and "customer.import_read" in r.json()["message"]
    assert (await viewer.delete(RETENTION)).status_code == 403


async def test_retention_config_lifecycle_with_its_defaults(
    agent: httpx.AsyncClient, today: date
) -> None:
    missing = await agent.get(RETENTION)
    assert missing.status_code == 404 and missing.json()["status"] == 404
    r = await agent.post(RETENTION, json={"retentionEndDate": "2027-01-31"})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "retentionEndDate": "2027-01-31",
        "emailReminderDate": "2027-01-24",
        "emailNotificationsEnabled": True,
    }
    soon = await agent.post(
        RETENTION, json={"retentionEndDate": "2026-12-05", "emailNotificationsEnabled": False}
    )
    # Seven days before would be in the past: tomorrow.
    assert soon.json()["emailReminderDate"] == "2026-12-02"
    assert (await agent.get(RETENTION)).json() == soon.json()
    assert (await agent.delete(RETENTION)).status_code == 204
    assert (await agent.get(RETENTION)).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"retentionEndDate": "2026-12-01"},
        {"retentionEndDate": "31.01.2027"},
        {"retentionEndDate": "2027-02-30"},
        {"retentionEndDate": "2027-01-31", "emailReminderDate": "2027-02-01"},
        {"retentionEndDate": "2027-01-31", "emailReminderDate": "2026-11-30"},
        {"retentionEndDate": "2027-01-31", "emailNotificationsEnabled": "yes"},
        ["2027-01-31"],
    ],
)
async def test_a_bad_retention_config_is_400(
    agent: httpx.AsyncClient, today: date, body: object
) -> None:
    r = await agent.post(RETENTION, json=body)
    assert r.status_code == 400, r.text
    assert r.json()["details"]
    assert (await agent.get(RETENTION)).status_code == 404


async def test_legacy_import_needs_retention_and_blocks_its_removal_until_the_end(
    app: Starlette, agent: httpx.AsyncClient, today: date
) -> None:
    await agent.post(RETENTION, json={"retentionEndDate": "2027-01-31"})
    r = await agent.post(
        IMPORT, json=[_item("old@example.com", account=_legacy("old@example.com"))]
    )
    assert [x["code"] for x in r.json()] == [201]
    blocked = await agent.delete(RETENTION)
    assert blocked.status_code == 400 and "legacyAuth" in blocked.json()["message"]
    # When the window has ended, legacy credentials are cleared and removal is possible.
    app.state.sandbox.today = lambda: date(2027, 2, 1)
    assert (await agent.delete(RETENTION)).status_code == 204


async def test_deleting_the_imported_customer_ends_its_legacy_record(
    agent: httpx.AsyncClient, today: date
) -> None:
    await agent.post(RETENTION, json={"retentionEndDate": "2027-01-31"})
    r = await agent.post(
        IMPORT, json=[_item("gone@example.com", account=_legacy("gone@example.com"))]
    )
    number = r.json()[0]["id"]
    assert (await agent.delete(RETENTION)).status_code == 400
    assert (await agent.delete(f"{BASE}/{number}")).status_code == 202
    assert (await agent.delete(RETENTION)).status_code == 204


# -- _own scopes: demo-company ------------------------------------------------------------------


async def test_demo_company_sees_only_customers_of_its_legal_entity(login: Login) -> None:
    company = await login("demo-company")
    r = await company.get(BASE, params={"pageSize": "1000"})
    assert r.status_code == 200
    assert [c["customerNumber"] for c in r.json()] == ["10000002"]
    assert r.headers["Count"] == "1"
    q = await company.get(BASE, params={"q": "lastName:~(?i)^s"})
    assert [c["customerNumber"] for c in q.json()] == ["10000002"]
    assert (await company.get(f"{BASE}/10000002/addresses")).status_code == 200
    for number in ("10000001", "10000006"):
        assert (await company.get(f"{BASE}/{number}")).status_code == 404
        assert (await company.patch(f"{BASE}/{number}", json={"firstName": "X"})).status_code == 404
        assert (await company.delete(f"{BASE}/{number}")).status_code == 404
        assert (await company.get(f"{BASE}/{number}/addresses")).status_code == 404


async def test_demo_company_changes_its_own_customers_and_creates_into_its_company(
    login: Login,
) -> None:
    company = await login("demo-company")
    assert (await company.patch(f"{BASE}/10000002", json={"firstName": "Anne"})).status_code == 200
    created = await company.post(BASE, json={"contactEmail": "new.contact@schmidt.de"})
    assert created.status_code == 201, created.text
    number = created.json()["id"]
    got = (await company.get(f"{BASE}/{number}")).json()
    assert got["businessModel"] == "B2B"
    assert got["b2b"]["legalEntities"][0]["id"] == "E100201"
    listed = await company.get(BASE)
    assert [c["customerNumber"] for c in listed.json()] == ["10000002", number]
    # It may not move a customer out of its company.
    away = await company.patch(f"{BASE}/{number}", json={"b2b": {"legalEntities": []}})
    assert away.status_code == 403 and "own company" in away.json()["message"]
    assert (await company.get(f"{BASE}/{number}")).status_code == 200
    assert (await company.delete(f"{BASE}/{number}")).status_code == 202


async def test_demo_company_cannot_import_or_change_restrictions(login: Login) -> None:
    company = await login("demo-company")
    assert (await company.post(IMPORT, json=[])).status_code == 403
    r = await company.patch(f"{BASE}/10000002", json={"restriction": "main"})
    assert r.status_code == 403 and "restriction.restriction_manage" in r.json()["message"]


async def test_an_import_out_of_time_says_per_item_what_was_not_imported() -> None:
    from tui.sandbox import SandboxConfig, create_app

    from .conftest import get_token

    app = create_app(SandboxConfig(customers=20, time_budget=0.0))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        client.headers["Authorization"] = f"Bearer {await get_token(client)}"
        r = await client.post(IMPORT, json=[_item(f"late{i}@example.com") for i in range(3)])
    assert r.status_code == 207, r.text
    assert [x["code"] for x in r.json()] == [503, 503, 503]
    assert "send this customer again" in r.json()[0]["message"]
    assert app.state.sandbox.store.count() == 20


async def test_a_token_with_manage_but_no_read_scope_is_not_limited_to_a_company(
    login: Login,
) -> None:
    manage_only = await login("demo-agent", scope="tenant=demo customer.customer_manage")
    r = await manage_only.patch(f"{BASE}/10000001", json={"middleName": "Q"})
    assert r.status_code == 200, r.text
    # Reading still needs a read scope.
    assert (await manage_only.get(BASE)).status_code == 403
