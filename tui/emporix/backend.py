"""EmporixBackend: the Emporix Customer Service behind the neutral `Backend` protocol."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from tui.core.backend import Access, Backend
from tui.core.diagnosis import Diagnosis
from tui.core.journal import Journal
from tui.core.kinds import RecordKind
from tui.emporix.client import CustomerService
from tui.emporix.diagnosis import AgentAccess, TenantFacts, diagnose_customer, held_since
from tui.emporix.errors import EmporixError, VersionConflict
from tui.emporix.kinds import KINDS
from tui.emporix.models import Customer
from tui.emporix.names import DEFAULT_EXPAND, MANAGE_SCOPE
from tui.emporix.paging import CustomerPager

__all__ = ["EmporixBackend"]


class EmporixBackend:
    """Customers of one Emporix tenant, through a `CustomerService` this backend owns.

    Actions (`act`): "hold" and "active" flip the flag through the safe update; "delete"
    removes the customer (returns None); "assign" gives it a login (`email=`); "new" creates
    one from `draft=` (a `CustomerDraft` or its wire dict; the record argument is ignored);
    "addresses" runs one address change: `op="add"` with `address=`, `op="patch"` with
    `address_id=` and `changes=`, `op="delete"` with `address_id=`.

    `diagnose` uses `tenant_facts` (the tenant's sites, restrictions and social logins, which
    the API does not publish: None where unknown) and `journal` (when the current hold began).
    """

    platform = "emporix"
    kinds: dict[str, RecordKind] = KINDS

    def __init__(
        self,
        service: CustomerService,
        *,
        tenant_facts: TenantFacts | None = None,
        journal: Journal | None = None,
    ) -> None:
        self.service = service
        self.tenant_facts = tenant_facts
        self.journal = journal
        self._access: Access | None = None

    @property
    def access(self) -> Access | None:
        return self._access

    async def sign_in(self) -> Access:
        scopes = frozenset(await self.service.authenticate())
        # As the app decides today: only the full manage scope makes the app editable.
        can_change = MANAGE_SCOPE in scopes
        reason = None if can_change else f"this API client lacks the scope {MANAGE_SCOPE}"
        self._access = Access(scopes, can_change, reason)
        return self._access

    def _kind(self, kind: str) -> RecordKind:
        try:
            return self.kinds[kind]
        except KeyError:
            known = ", ".join(self.kinds)
            raise ValueError(f"Emporix serves no {kind!r} records (only {known})") from None

    def find(
        self,
        kind: str,
        text: str = "",
        *,
        filters: Sequence[str] = (),
        sort: str | None = None,
        page_size: int = 60,
        parent: str | None = None,
    ) -> CustomerPager:
        described = self._kind(kind)
        if parent is not None:
            raise ValueError(f"{described.plural} live under nothing: parent must be None")
        if sort not in {s.value for s in described.sorts}:
            raise ValueError(f"{sort!r} is not a sort order of {described.plural}")
        return self.service.find(text, filters=filters, sort=sort, page_size=page_size)

    async def get(self, kind: str, key: str) -> Customer:
        self._kind(kind)
        return await self.service.get_customer(key, expand=DEFAULT_EXPAND)

    async def save(self, kind: str, before: Any, after: Any) -> Customer:
        self._kind(kind)
        number = before.number
        try:
            changes = await self.service.save_changes(before, after)
        except VersionConflict as conflict:
            try:
                conflict.current = await self.get(kind, number)
            except EmporixError:
                conflict.current = None
            raise
        try:
            return await self.get(kind, number)
        except EmporixError as exc:
            if not changes:
                raise
            # Saved: a failed re-read must not look like a failed change (it would be made twice).
            return after.with_saved_warning(
                f"Saved, but the fresh copy could not be read ({exc}); reload to see it."
            )

    async def act(self, kind: str, action: str, record: Any, **arguments: Any) -> Any | None:
        described = self._kind(kind)
        described.action(action)  # KeyError for an action the kind does not have
        svc = self.service
        if action == "hold":
            return await self.save(kind, record, record.edited(on_hold=not record.on_hold))
        if action == "active":
            active = record.active is not False
            return await self.save(kind, record, record.edited(active=not active))
        if action == "delete":
            await svc.delete_customer(record.number)
            return None
        if action == "assign":
            await svc.assign_account(record.number, arguments["email"])
            return await self.get(kind, record.number)
        if action == "new":
            number = await svc.create_customer(arguments["draft"])
            return await self.get(kind, number)
        if action == "addresses":
            op = arguments["op"]
            if op == "add":
                await svc.add_address(record.number, arguments["address"])
            elif op == "patch":
                await svc.patch_address(
                    record.number, arguments["address_id"], arguments["changes"]
                )
            elif op == "delete":
                await svc.delete_address(record.number, arguments["address_id"])
            else:
                raise ValueError(f"unknown address change {op!r}: add, patch or delete")
            return await self.get(kind, record.number)
        raise KeyError(f"{action!r} is described but not implemented")  # pragma: no cover

    async def diagnose(self, kind: str, record: Any) -> Diagnosis:
        self._kind(kind)
        customer = record
        if customer.accounts is None or customer.addresses is None:
            # A list row has neither: the rules about sign-in and checkout need both.
            customer = await self.get(kind, record.number)
        return diagnose_customer(
            customer,
            access=await self._agent_access(),
            tenant=self.tenant_facts,
            on_hold_since=await self._held_since(customer) if customer.on_hold else None,
        )

    async def _agent_access(self) -> AgentAccess:
        """What the agent's own client may do: its token's scopes and, where the token names
        them, the only restrictions it sees."""
        auth = self.service.auth
        scopes = auth.scopes if auth.has_usable_token else await self.service.authenticate()
        token = auth.current
        return AgentAccess(
            scopes=frozenset(scopes), restrictions=token.restrictions if token else None
        )

    async def _held_since(self, customer: Customer) -> Any:
        journal = self.journal
        if journal is None:
            return None
        svc = self.service
        entries = await asyncio.to_thread(
            journal.recent, 2000, tenant=svc.tenant, api_host=svc.api_host
        )
        return held_since(entries, customer.number)

    async def close(self) -> None:
        await self.service.aclose()


def _satisfies_the_protocol(backend: EmporixBackend) -> Backend:
    """Checked by mypy: EmporixBackend is a Backend."""
    return backend
