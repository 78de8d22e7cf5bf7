"""KiboClient: one async method per B2B account and user endpoint, and the safe account and user updates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.kibo.attributes import changed, named, with_values
from tui.kibo.errors import KiboNotFound, KiboVersionConflict
from tui.kibo.models import (
    ACCOUNT_ACTIONS,
    AccountHierarchy,
    AccountSalesRep,
    B2BAccount,
    B2BUser,
    Collection,
    RoleCollection,
    UserAndAuthInfo,
    UserRole,
)
from tui.kibo.names import MANAGE_PERMISSION, READ_PERMISSION
from tui.kibo.paging import Pager
from tui.kibo.search import plan_account_search, quote, rank_account
from tui.kibo.session import KiboSession, Operation, read_model

__all__ = ["MANAGE_PERMISSION", "NOT_REMOVED", "READ_PERMISSION", "KiboClient", "quote"]

_B = "/commerce/customer/b2baccounts"
NOT_REMOVED = "isRemoved eq false"


def _read(action: str) -> Operation:
    return Operation(action, True, READ_PERMISSION)


def _change(action: str) -> Operation:
    return Operation(action, False, MANAGE_PERMISSION)


def changed_fields(before: B2BUser, after: B2BUser) -> dict[str, Any]:
    """The wire fields whose value differs between two versions of a user."""
    old, new = before.to_wire(), after.to_wire()
    return {k: v for k, v in new.items() if old.get(k, None) != v or k not in old}


# What an account PUT does not take (users have their own endpoints, the spec says) or the
# server keeps: left out of the lock's comparison, so a buyer's change is no conflict here.
_NOT_COMPARED = ("users", "auditInfo", "commerceSummary")


def _account_body(account: B2BAccount) -> dict[str, Any]:
    wire = account.to_wire()
    wire.pop("users", None)
    return wire


def _compared(account: B2BAccount) -> dict[str, Any]:
    wire = account.to_wire()
    for name in _NOT_COMPARED:
        wire.pop(name, None)
    return wire


class KiboClient(KiboSession):
    """The Kibo B2B accounts API. Reads are retried on transient failures; changes never."""

    # -- accounts ------------------------------------------------------------------------

    async def list_accounts(
        self,
        *,
        start_index: int = 0,
        page_size: int = 20,
        sort_by: str | None = None,
        filter: str | None = None,
        q: str | None = None,
        response_fields: str | None = None,
    ) -> Collection[B2BAccount]:
        params = {
            "startIndex": start_index,
            "pageSize": page_size,
            "sortBy": sort_by,
            "filter": filter,
            "q": q,
            "responseFields": response_fields,
        }
        response = await self.call(_read("list B2B accounts"), "GET", _B, params=params)
        return read_model(Collection[B2BAccount], response)

    def accounts(
        self,
        *,
        filter: str | None = None,
        q: str | None = None,
        sort_by: str | None = None,
        page_size: int = 50,
    ) -> Pager[B2BAccount]:
        """A lazy pager over the accounts that match."""

        async def fetch(start: int, size: int) -> Collection[B2BAccount]:
            return await self.list_accounts(
                start_index=start, page_size=size, filter=filter, q=q, sort_by=sort_by
            )

        return Pager(fetch, page_size)

    def find_accounts(
        self,
        text: str,
        *,
        filters: Sequence[str] = (),
        sort_by: str | None = None,
        page_size: int = 50,
    ) -> Pager[B2BAccount]:
        """A pager over the accounts matching what the agent typed (see `tui.kibo.search`);
        KiboInvalid at once for a field accounts cannot be filtered on. Without `sort_by`,
        each page is ranked so the exact match comes first."""
        plan = plan_account_search(text, filters)

        async def fetch(start: int, size: int) -> Collection[B2BAccount]:
            return await self.list_accounts(
                start_index=start, page_size=size, filter=plan.filter, sort_by=sort_by
            )

        rank = None if sort_by else rank_account(plan.text, plan.kind)
        return Pager(fetch, page_size, rank=rank, kind=plan.kind)

    async def get_account(
        self, account_id: int, *, response_fields: str | None = None
    ) -> B2BAccount:
        response = await self.call(
            _read(f"read account {account_id}"),
            "GET",
            f"{_B}/{account_id}",
            params={"responseFields": response_fields},
        )
        return read_model(B2BAccount, response)

    async def account_hierarchy(self, account_id: int) -> AccountHierarchy:
        """Every account of the hierarchy `account_id` belongs to, and the tree of ids."""
        response = await self.call(
            _read(f"read the hierarchy of account {account_id}"),
            "GET",
            f"{_B}/{account_id}/hierarchy",
        )
        return read_model(AccountHierarchy, response)

    async def sales_reps(self, account_id: int) -> list[AccountSalesRep]:
        """The account's sales reps (there is no list endpoint: they come with the account)."""
        account = await self.get_account(account_id)
        return list(account.sales_reps or [])

    async def change_account_status(self, account_id: int, action: str) -> B2BAccount:
        """approve, deny, enable or disable the account; answers the account as it is now."""
        if action not in ACCOUNT_ACTIONS:
            raise ValueError(f"action must be one of {', '.join(ACCOUNT_ACTIONS)}")
        response = await self.call(
            _change(f"{action} account {account_id}"),
            "PUT",
            f"{_B}/{account_id}/status/{action}",
        )
        return read_model(B2BAccount, response)

    async def update_account(self, before: B2BAccount, after: B2BAccount) -> B2BAccount:
        """Save the agent's changes to an account (`before` as loaded, `after` as edited).

        Kibo's PUT replaces the whole account and has no version to lock on, so the account is
        read again first: when anything but its users and audit differs from `before`, nothing
        is sent and `KiboVersionConflict` carries the fresh account. Otherwise the body is that
        fresh account (its users left out: they have their own endpoints) with only the fields
        the agent changed put in, and attributes changed one by one, so unknown fields and the
        attributes the agent did not touch go back as the server has them. (Someone changing
        it between that read and the PUT is not caught.)
        """
        old, new = _account_body(before), _account_body(after)
        changes = {k: v for k, v in new.items() if old.get(k) != v and k != "attributes"}
        attributes = changed(named(before.attributes), named(after.attributes))
        if not changes and not attributes:
            return before
        own = sorted(set(changes) & {"id", "approvalStatus", "salesReps", "parentAccountId"})
        if own:
            # Kibo's PUT keeps these (they have endpoints of their own): they would be lost.
            raise ValueError(f"update_account cannot change {', '.join(own)}")
        label = before.company_or_organization or f"#{before.id}"
        fresh = await self.get_account(before.id)
        if _compared(fresh) != _compared(before):
            raise KiboVersionConflict(
                f"Account {label} was changed by someone else since it was loaded; nothing "
                "was saved.",
                current=fresh,
            )
        body = {**_account_body(fresh), **changes}
        if attributes:
            body["attributes"] = with_values(fresh.to_wire().get("attributes"), attributes)
        response = await self.call(
            _change(f"update account {label}"),
            "PUT",
            f"{_B}/{before.id}",
            json_body=body,
        )
        return read_model(B2BAccount, response)

    # -- users ---------------------------------------------------------------------------

    async def list_users(
        self,
        account_id: int,
        *,
        start_index: int = 0,
        page_size: int = 20,
        sort_by: str | None = None,
        filter: str | None = None,
        q: str | None = None,
        include_removed: bool = False,
        response_fields: str | None = None,
    ) -> Collection[B2BUser]:
        """The account's users; removed ones only with `include_removed`."""
        if not include_removed:
            filter = f"({filter}) and {NOT_REMOVED}" if filter else NOT_REMOVED
        params = {
            "startIndex": start_index,
            "pageSize": page_size,
            "sortBy": sort_by,
            "filter": filter,
            "q": q,
            "responseFields": response_fields,
        }
        response = await self.call(
            _read(f"list the users of account {account_id}"),
            "GET",
            f"{_B}/{account_id}/users",
            params=params,
        )
        return read_model(Collection[B2BUser], response)

    def users(
        self,
        account_id: int,
        *,
        filter: str | None = None,
        q: str | None = None,
        sort_by: str | None = None,
        include_removed: bool = False,
        page_size: int = 50,
    ) -> Pager[B2BUser]:
        """A lazy pager over the account's users that match."""

        async def fetch(start: int, size: int) -> Collection[B2BUser]:
            return await self.list_users(
                account_id,
                start_index=start,
                page_size=size,
                filter=filter,
                q=q,
                sort_by=sort_by,
                include_removed=include_removed,
            )

        return Pager(fetch, page_size)

    async def find_user(self, account_id: int, user_id: str) -> B2BUser:
        """One user, removed or not (Kibo has no GET for a single user: a filtered list)."""
        page = await self.list_users(
            account_id, filter=f"userId eq {quote(user_id)}", include_removed=True, page_size=2
        )
        for user in page.items or []:
            if user.user_id == user_id:
                return user
        raise KiboNotFound(
            f"Account {account_id} has no user {user_id}.", status=404, error_code="ITEM_NOT_FOUND"
        )

    async def update_user(self, account_id: int, before: B2BUser, after: B2BUser) -> B2BUser:
        """Save the agent's changes (`before` as loaded, `after` as edited) with Kibo's PUT.

        The PUT replaces the whole user, so the body is always the whole user as loaded plus
        the changed fields: nothing the agent did not touch is dropped, unknown fields
        included. Kibo has no version to lock on, so the user is read again just before the
        PUT; when it differs from `before`, nothing is sent and `KiboVersionConflict` carries
        the fresh user. (Someone changing it between that read and the PUT is not caught.)
        """
        user_id = before.user_id
        if not user_id:
            raise ValueError("the user to update has no userId")
        changes = changed_fields(before, after)
        if not changes:
            return before
        own = sorted(set(changes) & {"roles", "isRemoved", "userId"})
        if own:
            # Kibo's PUT keeps these; changing them here would be silently lost.
            raise ValueError(
                f"update_user cannot change {', '.join(own)}: use add_role/remove_role or "
                "remove_user"
            )
        fresh = await self.find_user(account_id, user_id)
        if fresh.to_wire() != before.to_wire():
            raise KiboVersionConflict(
                f"User {before.display_name} was changed by someone else since it was loaded; "
                "nothing was saved.",
                current=fresh,
            )
        body = {**before.to_wire(), **changes}
        response = await self.call(
            _change(f"update user {before.display_name}"),
            "PUT",
            f"{_B}/{account_id}/user/{user_id}",
            json_body=body,
        )
        return read_model(B2BUser, response)

    async def add_user(
        self, account_id: int, user: B2BUser, *, external_password: str | None = None
    ) -> B2BUser:
        """Add a user to the account; answers it with the id Kibo gave it."""
        data: dict[str, Any] = {"b2BUser": user.to_wire()}
        if external_password is not None:
            data["externalPassword"] = external_password
        body = UserAndAuthInfo.model_validate(data).to_wire()
        response = await self.call(
            _change(f"add user {user.display_name} to account {account_id}"),
            "POST",
            f"{_B}/{account_id}/user",
            json_body=body,
        )
        return read_model(B2BUser, response)

    async def remove_user(self, account_id: int, user_id: str) -> None:
        """Remove the user from the account (Kibo keeps it, marked `isRemoved`)."""
        await self.call(
            _change(f"remove user {user_id} from account {account_id}"),
            "PUT",
            f"{_B}/{account_id}/user/{user_id}/remove",
        )

    # -- roles ---------------------------------------------------------------------------

    async def user_roles(self, account_id: int, user_id: str) -> list[UserRole]:
        response = await self.call(
            _read(f"read the roles of user {user_id}"),
            "GET",
            f"{_B}/{account_id}/user/{user_id}/roles",
        )
        return list(read_model(RoleCollection, response).items or [])

    async def add_role(self, account_id: int, user_id: str, role_id: int) -> None:
        await self.call(
            _change(f"give user {user_id} role {role_id}"),
            "POST",
            f"{_B}/{account_id}/user/{user_id}/roles/{role_id}",
        )

    async def remove_role(self, account_id: int, user_id: str, role_id: int) -> None:
        await self.call(
            _change(f"take role {role_id} from user {user_id}"),
            "DELETE",
            f"{_B}/{account_id}/user/{user_id}/roles/{role_id}",
        )
