"""KiboBackend: Kibo B2B accounts and their users behind the neutral `Backend` protocol."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.core.backend import Access, Backend
from tui.core.diagnosis import Diagnosis
from tui.core.kinds import RecordKind
from tui.kibo.client import KiboClient
from tui.kibo.diagnosis import diagnose_user
from tui.kibo.errors import KiboVersionConflict
from tui.kibo.kinds import KINDS, AccountUser
from tui.kibo.models import B2BAccount, B2BUser, Collection
from tui.kibo.paging import Pager

if TYPE_CHECKING:
    from tui.kibo.auth import AppToken

__all__ = ["KiboBackend"]


def _user(user: B2BUser, account_id: int) -> AccountUser:
    return AccountUser.model_validate({**user.to_wire(), "account_id": account_id})


class KiboBackend:
    """One Kibo tenant and site, through a `KiboClient` this backend owns.

    Keys: an account's is its id ("1001"); a user's is "ACCOUNT/USERID" (users live under an
    account: `find("user", parent="1001")`). Actions: accounts "approve", "deny", "enable",
    "disable"; users "lock", "unlock" (through the safe PUT), "remove" (returns None),
    "add_role" and "remove_role" with `role_id=`. `save` changes a user's profile or an
    account's fields (its attributes), each through the client's re-reading PUT.

    `diagnose` is for users: it reads the user's account and, when the account has a parent,
    its hierarchy (a child account inherits its parents' status). Whether the tenant requires
    two-factor sign-in is not in the API: `two_factor_required` says it where a profile knows.
    """

    platform = "kibo"
    kinds: dict[str, RecordKind] = KINDS

    def __init__(self, client: KiboClient, *, two_factor_required: bool | None = None) -> None:
        self.client = client
        self.two_factor_required = two_factor_required
        self._access: Access | None = None
        self._first_accounts: Collection[B2BAccount] | None = None

    def adopt(self, token: AppToken, first_accounts: Collection[B2BAccount] | None) -> None:
        """Signed in, and the first page of all accounts read, by the connection check (on
        another event loop, moments ago): the first sign-in and the list's first search are
        not asked for again."""
        self.client.auth.adopt(token)
        self._access = Access(frozenset(), can_change=True)
        self._first_accounts = first_accounts

    @property
    def access(self) -> Access | None:
        return self._access

    async def sign_in(self) -> Access:
        await self.client.authenticate()
        # Kibo's application token does not list its behaviors: a refused change says so
        # (Forbidden, with the permission) when it happens.
        self._access = Access(frozenset(), can_change=True)
        return self._access

    def _kind(self, kind: str) -> RecordKind:
        try:
            return self.kinds[kind]
        except KeyError:
            raise ValueError(f"Kibo serves no {kind!r} records (only account, user)") from None

    def find(
        self,
        kind: str,
        text: str = "",
        *,
        filters: Sequence[str] = (),
        sort: str | None = None,
        page_size: int = 60,
        parent: str | None = None,
    ) -> Pager[Any]:
        described = self._kind(kind)
        if sort not in {s.value for s in described.sorts}:
            raise ValueError(f"{sort!r} is not a sort order of {described.plural}")
        where = " and ".join(f"({f})" for f in filters) or None
        q = text.strip() or None
        if kind == "account":
            # What the agent typed goes through the account search planner (accents folded,
            # ids, `field:value`); a field accounts lack is refused (KiboInvalid) before sending.
            accounts = self.client.find_accounts(
                text, filters=filters, sort_by=sort, page_size=page_size
            )
            first = self._first_accounts
            if first is not None and not (q or filters or sort):
                self._first_accounts = None  # once: a later search must reach the server
                with contextlib.suppress(ValueError):  # read with another size: asked again
                    accounts.start_with(first)
            return accounts
        if parent is None:
            raise ValueError("users are found under an account: pass parent=ACCOUNT_ID")
        account_id = int(parent)

        async def fetch(start: int, size: int) -> Collection[AccountUser]:
            page = await self.client.list_users(
                account_id, start_index=start, page_size=size, filter=where, q=q, sort_by=sort
            )
            items = [_user(u, account_id) for u in page.items or []]
            return Collection[AccountUser](
                start_index=page.start_index,
                page_size=page.page_size,
                page_count=page.page_count,
                total_count=page.total_count,
                items=items,
            )

        return Pager(fetch, page_size)

    async def get(self, kind: str, key: str) -> B2BAccount | AccountUser:
        self._kind(kind)
        if kind == "account":
            return await self.client.get_account(int(key))
        account, _, user_id = key.partition("/")
        return _user(await self.client.find_user(int(account), user_id), int(account))

    async def save(self, kind: str, before: Any, after: Any) -> Any:
        self._kind(kind)
        if kind == "account":
            await self.client.update_account(before, after)
            return await self.get(kind, str(before.id))
        account_id = before.account_id
        try:
            await self.client.update_user(account_id, before, after)
        except KiboVersionConflict as conflict:
            if conflict.current is not None:
                conflict.current = _user(conflict.current, account_id)
            raise
        return await self.get(kind, before.key)

    async def act(self, kind: str, action: str, record: Any, **arguments: Any) -> Any | None:
        self._kind(kind).action(action)
        if kind == "account":
            return await self.client.change_account_status(record.id, action)
        account_id, user_id = record.account_id, record.user_id
        if action in ("lock", "unlock"):
            return await self.save(kind, record, record.edited(is_locked=action == "lock"))
        if action == "remove":
            await self.client.remove_user(account_id, user_id)
            return None
        if action == "add_role":
            await self.client.add_role(account_id, user_id, int(arguments["role_id"]))
        elif action == "remove_role":
            await self.client.remove_role(account_id, user_id, int(arguments["role_id"]))
        return await self.get(kind, record.key)

    async def diagnose(self, kind: str, record: Any) -> Diagnosis:
        self._kind(kind)
        if kind != "user":
            raise ValueError(
                "Kibo diagnoses users, not accounts: open the account's users and diagnose one"
            )
        account_id = int(getattr(record, "account_id", 0) or 0)
        if not account_id:
            raise ValueError("this user was not found under an account: open it from one")
        account = await self.client.get_account(account_id)
        ancestors = None
        if account.parent_account_id is not None:
            hierarchy = await self.client.account_hierarchy(account_id)
            ancestors = [a for a in hierarchy.accounts or [] if a.id != account_id]
        return diagnose_user(
            record,
            account,
            ancestors=ancestors,
            two_factor_required=self.two_factor_required,
        )

    async def close(self) -> None:
        await self.client.aclose()


def _satisfies_the_protocol(backend: KiboBackend) -> Backend:
    """Checked by mypy: KiboBackend is a Backend."""
    return backend
