"""The Kibo client against the sandbox's Kibo side, in-process; every exchange checked against the spec."""

from __future__ import annotations

import pytest

from tests.kibo.contract import Recorder
from tui.kibo.client import KiboClient
from tui.kibo.errors import KiboInvalid, KiboNotFound
from tui.kibo.models import B2BUser

Kibo = tuple[KiboClient, Recorder]
LOCKED = "lars.locked@northwind.example"


async def _user(client: KiboClient, account: int, email: str) -> B2BUser:
    page = await client.list_users(
        account, filter=f"emailAddress eq '{email}'", include_removed=True
    )
    assert page.items and len(page.items) == 1
    return page.items[0]


async def test_accounts_page_is_a_collection_with_offsets(kibo: Kibo) -> None:
    client, rec = kibo
    first = await client.list_accounts(page_size=5, sort_by="id asc")
    second = await client.list_accounts(start_index=5, page_size=5, sort_by="id asc")
    assert first.total_count == second.total_count >= 300
    assert (first.start_index, first.page_size) == (0, 5)
    assert first.page_count == -(-first.total_count // 5)
    assert [a.id for a in first.items or []] == [1001, 1002, 1003, 1004, 1005]
    assert second.items and second.items[0].id == 1006
    assert rec.count("GET", "/b2baccounts") == 2


async def test_filter_sort_and_quick_search_reach_the_server(kibo: Kibo) -> None:
    client, _ = kibo
    pending = await client.list_accounts(
        filter="approvalStatus eq 'PendingApproval' and id lt 1100", sort_by="id desc"
    )
    assert [a.id for a in pending.items or []] == [1008, 1003]
    found = await client.list_accounts(q="northwind west")
    assert [a.company_or_organization for a in found.items or []] == ["Northwind Traders West"]
    either = await client.list_accounts(filter="(id eq 1004 or id eq 1006) and isActive eq false")
    assert {a.id for a in either.items or []} == {1004, 1006}


async def test_response_fields_limit_the_answer(kibo: Kibo) -> None:
    client, rec = kibo
    page = await client.list_accounts(page_size=2, response_fields="totalCount,items(id)")
    assert page.items and page.items[0].company_or_organization is None
    raw = rec.responses[-1].json()
    assert set(raw) == {"totalCount", "items"} and set(raw["items"][0]) == {"id"}


async def test_a_bad_filter_is_refused_in_words(kibo: Kibo) -> None:
    client, _ = kibo
    with pytest.raises(KiboInvalid) as caught:
        await client.list_accounts(filter="companyOrOrganization eq 'open")
    err = caught.value
    assert err.status == 400 and err.error_code == "MISSING_OR_INVALID_PARAMETER"
    assert "not closed" in (err.server_message or "")
    assert [d.field for d in err.details] == ["filter"]


async def test_account_hierarchy_and_sales_reps(kibo: Kibo) -> None:
    client, _ = kibo
    tree = await client.account_hierarchy(1003)
    assert tree.hierarchy and tree.hierarchy.id == 1001
    assert sorted(n.id for n in tree.hierarchy.children or []) == [1002, 1003]
    assert sorted(a.id for a in tree.accounts or []) == [1001, 1002, 1003]
    child = await client.get_account(1005)
    assert child.parent_account_id == 1004 and child.root_account_id == 1004
    assert [r.account_id for r in await client.sales_reps(1001)] == [1001]
    assert await client.sales_reps(1007) == []


async def test_unknown_account_and_user_are_not_found(kibo: Kibo) -> None:
    client, _ = kibo
    with pytest.raises(KiboNotFound) as caught:
        await client.get_account(999999)
    assert caught.value.error_code == "ITEM_NOT_FOUND"
    with pytest.raises(KiboNotFound):
        await client.find_user(1001, "0" * 32)
    with pytest.raises(KiboNotFound):
        await client.list_users(999999)


async def test_users_leave_out_removed_ones_unless_asked(kibo: Kibo) -> None:
    client, rec = kibo
    active = await client.list_users(1001)
    every = await client.list_users(1001, include_removed=True)
    assert "Rita" not in [u.first_name for u in active.items or []]
    assert "Rita" in [u.first_name for u in every.items or []]
    assert every.total_count == active.total_count + 1
    assert "isRemoved eq false" in str(rec.requests[-2].url.params["filter"])


async def test_find_user_reads_every_field_of_the_seed(kibo: Kibo) -> None:
    client, _ = kibo
    paul = await _user(client, 1001, "paul.purchaser@northwind.example")
    found = await client.find_user(1001, paul.user_id or "")
    assert found == paul
    assert found.last2fa_date is not None and found.accepts_marketing is True
    assert found.role_ids == [2] and found.roles and found.roles[0].role_name == "Purchaser"
    assert set(found.to_wire()) >= {
        "emailAddress", "userName", "firstName", "lastName", "localeCode", "userId", "roles",
        "isLocked", "isActive", "isRemoved", "acceptsMarketing", "hasExternalPassword",
        "last2FaDate",
    }  # fmt: skip


async def test_roles_are_listed_added_and_removed(kibo: Kibo) -> None:
    client, _ = kibo
    nina = await _user(client, 1001, "nina.nonpurchaser@northwind.example")
    uid = nina.user_id or ""
    assert [r.role_id for r in await client.user_roles(1001, uid)] == [3]
    await client.add_role(1001, uid, 2)
    assert [r.role_id for r in await client.user_roles(1001, uid)] == [3, 2]
    await client.remove_role(1001, uid, 3)
    assert [r.role_name for r in await client.user_roles(1001, uid)] == ["Purchaser"]
    with pytest.raises(KiboNotFound):
        await client.add_role(1001, uid, 99)


async def test_add_and_remove_a_user(kibo: Kibo) -> None:
    client, _ = kibo
    draft = B2BUser(email_address="new.buyer@tailspin.example", first_name="New", last_name="Buyer")
    added = await client.add_user(1007, draft.edited(roles=[{"roleId": 2}]))
    assert added.user_id and added.is_active is True and added.role_ids == [2]
    assert await client.find_user(1007, added.user_id) == added
    await client.remove_user(1007, added.user_id)
    assert (await client.find_user(1007, added.user_id)).is_removed is True
    assert added.user_id not in [u.user_id for u in (await client.list_users(1007)).items or []]


async def test_account_status_actions_follow_the_states(kibo: Kibo) -> None:
    client, _ = kibo
    approved = await client.change_account_status(1003, "approve")
    assert (approved.approval_status, approved.is_active) == ("Approved", True)
    disabled = await client.change_account_status(1003, "disable")
    assert (disabled.approval_status, disabled.is_active) == ("Inactive", False)
    enabled = await client.change_account_status(1003, "enable")
    assert enabled.approval_status == "Approved"
    with pytest.raises(KiboInvalid) as caught:
        await client.change_account_status(1003, "deny")
    assert "Approved" in (caught.value.server_message or "")
    with pytest.raises(KiboInvalid) as no_rep:
        await client.change_account_status(1008, "approve")
    assert "sales rep" in (no_rep.value.server_message or "")
    assert (await client.change_account_status(1006, "approve")).approval_status == "Approved"


async def test_the_pager_reads_pages_lazily_by_start_index(kibo: Kibo) -> None:
    client, rec = kibo
    pager = client.accounts(filter="approvalStatus eq 'Denied'", sort_by="id asc", page_size=10)
    assert rec.requests == []
    third = await pager.item(12)
    assert pager.total and pager.total > 12 and third is not None
    assert pager.requests == 1 and rec.requests[-1].url.params["startIndex"] == "10"
    every = [a.id async for a in pager]
    assert len(every) == pager.total and every == sorted(every)
    assert await pager.item(pager.total) is None


def test_the_api_root_gets_its_api_suffix_once() -> None:
    from tui.kibo.session import api_base

    assert api_base("https://t12345.sandbox.mozu.com") == "https://t12345.sandbox.mozu.com/api"
    assert api_base("https://t1.sandbox.mozu.com/api/") == "https://t1.sandbox.mozu.com/api"
    assert api_base("http://127.0.0.1:8780/kibo") == "http://127.0.0.1:8780/kibo/api"
