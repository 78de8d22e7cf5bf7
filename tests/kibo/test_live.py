"""The Kibo client over a real loopback socket (uvicorn), every exchange checked against the spec."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kibo.conftest import KiboFactory
from tui.kibo.errors import KiboInvalid, KiboUnauthorized, KiboVersionConflict

pytestmark = pytest.mark.e2e


async def test_browse_edit_and_conflict_over_a_socket(
    make_kibo: KiboFactory, live_sandbox_url: str, sandbox_app: Any
) -> None:
    client, rec = await make_kibo(url=live_sandbox_url)
    accounts = await client.list_accounts(filter="companyOrOrganization sw 'northwind'")
    assert [a.id for a in accounts.items or []] == [1001, 1002, 1003]
    tree = await client.account_hierarchy(1002)
    assert tree.hierarchy and tree.hierarchy.id == 1001
    users = await client.list_users(1001, sort_by="lastName asc")
    assert [u.last_name for u in users.items or []] == sorted(
        u.last_name or "" for u in users.items or []
    )
    lars = next(u for u in users.items or [] if u.is_locked)
    unlocked = await client.update_user(1001, lars, lars.edited(is_locked=False))
    assert unlocked.is_locked is False
    sandbox_app.state.kibo.store.patch_user(1001, lars.user_id, {"lastName": "Lock"})
    with pytest.raises(KiboVersionConflict):
        await client.update_user(1001, unlocked, unlocked.edited(is_active=False))
    with pytest.raises(KiboInvalid):
        await client.list_users(1001, filter="lastName cont")
    assert rec.token_requests == 1
    assert not rec.problems, rec.problems


async def test_a_wrong_secret_over_a_socket(make_kibo: KiboFactory, live_sandbox_url: str) -> None:
    client, _ = await make_kibo(url=live_sandbox_url, secret="wrong")
    with pytest.raises(KiboUnauthorized) as caught:
        await client.authenticate()
    assert caught.value.error_code == "INVALID_CREDENTIALS"
