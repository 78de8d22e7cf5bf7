"""The account PUT: the fresh account plus only the agent's attribute changes, and a re-read that
catches a colleague's edit; every exchange checked against kibo-b2b-accounts.json."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kibo.contract import Recorder
from tui.core.errors import VersionConflict
from tui.kibo.attributes import named, with_values
from tui.kibo.client import KiboClient
from tui.kibo.errors import KiboInvalid, KiboVersionConflict
from tui.kibo.models import B2BAccount

Kibo = tuple[KiboClient, Recorder]


def _with(account: B2BAccount, **changes: Any) -> B2BAccount:
    return account.edited(attributes=with_values(account.attributes, changes))


async def test_put_sends_the_fresh_account_with_only_the_changed_attribute(
    kibo: Kibo, kibo_state: Any
) -> None:
    client, rec = kibo
    northwind = await client.get_account(1001)
    saved = await client.update_account(
        northwind, _with(northwind, **{"tenant~customer-tier": ["platinum"]})
    )
    [body] = rec.bodies("PUT")
    [path] = [r.url.path for r in rec.requests if r.method == "PUT"]
    assert path.endswith("/commerce/customer/b2baccounts/1001")
    wire = northwind.to_wire()
    assert "users" not in body, "users have their own endpoints"
    assert {k: v for k, v in body.items() if k != "attributes"} == {
        k: v for k, v in wire.items() if k not in ("users", "attributes")
    }
    sent = {a["fullyQualifiedName"]: a for a in body["attributes"]}
    was = {a["fullyQualifiedName"]: a for a in wire["attributes"]}
    assert sent["tenant~customer-tier"] == {**was["tenant~customer-tier"], "values": ["platinum"]}
    assert sent["tenant~payment-terms"] == was["tenant~payment-terms"]
    assert sent["tenant~regions"]["crmRef"] == "CRM-77", "a field the spec lacks goes back"
    assert named(saved.attributes)["tenant~customer-tier"] == ["platinum"]
    stored = kibo_state.store.account(1001)
    assert named(stored["attributes"]) == {
        "tenant~customer-tier": ["platinum"],
        "tenant~payment-terms": ["NET30"],
        "tenant~regions": ["US-East", "US-West"],
    }
    assert stored["attributes"][2]["crmRef"] == "CRM-77"
    assert stored["approvalStatus"] == wire["approvalStatus"] and stored["salesReps"]


async def test_an_attribute_is_added_and_another_removed(kibo: Kibo, kibo_state: Any) -> None:
    client, _ = kibo
    labs = await client.get_account(1005)
    after = _with(labs, **{"tenant~customer-tier": None, "tenant~po-required": [True]})
    await client.update_account(labs, after)
    assert named(kibo_state.store.account(1005)["attributes"]) == {"tenant~po-required": [True]}


async def test_a_colleagues_change_is_a_version_conflict_and_nothing_is_sent(
    kibo: Kibo, kibo_state: Any
) -> None:
    client, rec = kibo
    northwind = await client.get_account(1001)

    def rename(doc: dict[str, Any]) -> dict[str, Any]:
        doc["taxId"] = "TX-CHANGED"
        return doc

    kibo_state.store.change_account(1001, rename)
    with pytest.raises(KiboVersionConflict) as caught:
        await client.update_account(
            northwind, _with(northwind, **{"tenant~payment-terms": ["NET60"]})
        )
    err = caught.value
    assert isinstance(err, VersionConflict) and "nothing was saved" in str(err)
    assert isinstance(err.current, B2BAccount) and err.current.tax_id == "TX-CHANGED"
    assert rec.count("PUT") == 0
    assert named(kibo_state.store.account(1001)["attributes"])["tenant~payment-terms"] == ["NET30"]


async def test_a_buyers_change_on_the_account_is_no_conflict(kibo: Kibo, kibo_state: Any) -> None:
    client, _ = kibo
    northwind = await client.get_account(1001)
    alice = next(u for u in northwind.users or [] if u.first_name == "Alice")
    kibo_state.store.patch_user(1001, alice.user_id, {"firstName": "Alicia"})
    saved = await client.update_account(northwind, _with(northwind, **{"tenant~regions": ["EU"]}))
    assert named(saved.attributes)["tenant~regions"] == ["EU"]


async def test_no_change_sends_nothing(kibo: Kibo) -> None:
    client, rec = kibo
    northwind = await client.get_account(1001)
    assert await client.update_account(northwind, northwind.edited()) is northwind
    assert rec.count("PUT") == 0 and rec.count("GET") == 1


async def test_the_sandbox_refuses_a_value_that_is_not_single_naming_it(kibo: Kibo) -> None:
    client, _ = kibo
    northwind = await client.get_account(1001)
    with pytest.raises(KiboInvalid) as caught:
        await client.update_account(
            northwind, _with(northwind, **{"tenant~regions": [{"name": "EU"}]})
        )
    assert caught.value.for_field("attributes[2].values[0]")


async def test_status_and_sales_reps_are_not_changed_through_the_put(kibo: Kibo) -> None:
    client, rec = kibo
    northwind = await client.get_account(1001)
    with pytest.raises(ValueError, match="approvalStatus"):
        await client.update_account(northwind, northwind.edited(approval_status="Denied"))
    assert rec.count("PUT") == 0
