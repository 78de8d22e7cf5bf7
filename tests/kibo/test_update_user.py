"""The seed's PUT: the whole user as loaded plus the changes, and a re-read that catches a colleague's edit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kibo.contract import Recorder
from tui.core.errors import VersionConflict
from tui.kibo.client import KiboClient
from tui.kibo.errors import KiboDuplicate, KiboInvalid, KiboVersionConflict
from tui.kibo.models import B2BUser

Kibo = tuple[KiboClient, Recorder]


async def _load(client: KiboClient, email: str, account: int = 1001) -> B2BUser:
    page = await client.list_users(account, filter=f"emailAddress eq '{email}'")
    assert page.items
    return page.items[0]


async def test_put_sends_the_whole_user_with_only_the_change_different(kibo: Kibo) -> None:
    client, rec = kibo
    paul = await _load(client, "paul.purchaser@northwind.example")
    saved = await client.update_user(1001, paul, paul.edited(last_name="Purchase-Smith"))
    [body] = rec.bodies("PUT")
    expected = {**paul.to_wire(), "lastName": "Purchase-Smith"}
    assert body == expected
    assert saved.last_name == "Purchase-Smith"
    assert saved.last2fa_date == paul.last2fa_date and saved.accepts_marketing is True
    assert saved.roles == paul.roles


async def test_lock_is_is_locked_in_the_put(kibo: Kibo) -> None:
    client, _ = kibo
    alice = await _load(client, "alice.admin@northwind.example")
    locked = await client.update_user(1001, alice, alice.edited(is_locked=True))
    assert locked.is_locked is True
    assert (await client.find_user(1001, alice.user_id or "")).is_locked is True


async def test_unknown_fields_survive_the_round_trip(kibo: Kibo) -> None:
    client, rec = kibo
    yuki = await _load(client, "yuki.future@northwind.example")
    assert yuki.unknown_fields == {"federatedIdentity": {"provider": "okta", "subject": "00u1k2"}}
    saved = await client.update_user(1001, yuki, yuki.edited(locale_code="en-US"))
    assert rec.bodies("PUT")[0]["federatedIdentity"] == {"provider": "okta", "subject": "00u1k2"}
    assert saved.unknown_fields == yuki.unknown_fields
    assert saved.roles and saved.roles[0].unknown_fields == yuki.roles[0].unknown_fields  # type: ignore[index]


async def test_a_colleagues_edit_is_a_version_conflict_and_nothing_is_sent(
    kibo: Kibo, kibo_state: Any
) -> None:
    client, rec = kibo
    nina = await _load(client, "nina.nonpurchaser@northwind.example")
    kibo_state.store.patch_user(1001, nina.user_id, {"firstName": "Katharina"})
    with pytest.raises(KiboVersionConflict) as caught:
        await client.update_user(1001, nina, nina.edited(email_address="nina@northwind.example"))
    err = caught.value
    assert isinstance(err, VersionConflict)
    assert isinstance(err.current, B2BUser) and err.current.first_name == "Katharina"
    assert "nothing was saved" in str(err)
    assert rec.count("PUT") == 0
    stored = kibo_state.store.user(1001, nina.user_id)
    assert stored["emailAddress"] == "nina.nonpurchaser@northwind.example"


async def test_the_conflicts_current_user_can_be_edited_and_saved(
    kibo: Kibo, kibo_state: Any
) -> None:
    client, _ = kibo
    nina = await _load(client, "nina.nonpurchaser@northwind.example")
    kibo_state.store.patch_user(1001, nina.user_id, {"firstName": "Katharina"})
    with pytest.raises(KiboVersionConflict) as caught:
        await client.update_user(1001, nina, nina.edited(last_name="N."))
    fresh = caught.value.current
    saved = await client.update_user(1001, fresh, fresh.edited(last_name="N."))
    assert (saved.first_name, saved.last_name) == ("Katharina", "N.")


async def test_no_change_sends_nothing(kibo: Kibo) -> None:
    client, rec = kibo
    alice = await _load(client, "alice.admin@northwind.example")
    assert await client.update_user(1001, alice, alice.edited()) == alice
    assert rec.count("PUT") == 0 and rec.count("GET", "/users") == 1


async def test_a_bad_email_is_invalid_with_the_field_named(kibo: Kibo) -> None:
    client, _ = kibo
    alice = await _load(client, "alice.admin@northwind.example")
    with pytest.raises(KiboInvalid) as caught:
        await client.update_user(1001, alice, alice.edited(email_address="not-an-email"))
    assert caught.value.for_field("emailAddress")


async def test_an_email_in_use_on_the_account_is_a_duplicate(kibo: Kibo) -> None:
    client, _ = kibo
    alice = await _load(client, "alice.admin@northwind.example")
    taken = "paul.purchaser@northwind.example"
    with pytest.raises(KiboDuplicate) as caught:
        await client.update_user(1001, alice, alice.edited(email_address=taken))
    assert caught.value.status == 409 and caught.value.error_code == "ITEM_ALREADY_EXISTS"


async def test_roles_and_removal_are_not_changed_through_the_put(kibo: Kibo) -> None:
    client, rec = kibo
    alice = await _load(client, "alice.admin@northwind.example")
    with pytest.raises(ValueError, match="add_role"):
        await client.update_user(1001, alice, alice.edited(roles=[]))
    with pytest.raises(ValueError, match="remove_user"):
        await client.update_user(1001, alice, alice.edited(is_removed=True))
    assert rec.count("PUT") == 0
