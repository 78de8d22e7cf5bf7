"""CustomerService: one async method per Customer Service endpoint, with paging and safe updates."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from tui.emporix.changes import customer_changes, patch_body
from tui.emporix.errors import (
    Duplicate,
    EmporixError,
    FieldDetail,
    ServerError,
    ValidationFailed,
    VersionConflict,
)
from tui.emporix.models import Address, Customer, CustomerDraft
from tui.emporix.names import DEFAULT_EXPAND
from tui.emporix.paging import CustomerPager, Page
from tui.emporix.query import plan_search
from tui.emporix.retry import RetryPolicy
from tui.emporix.search_fields import rank_customer
from tui.emporix.transport import (
    DEFAULT_TIMEOUT,
    MANAGE_SCOPE,
    READ_SCOPE,
    ApiSession,
    Operation,
    parse_input,
    read_customer,
    read_json,
    read_location,
    read_model,
)
from tui.emporix.validation import (
    ensure_valid,
    validate_address,
    validate_customer_draft,
    validate_customer_patch,
)

__all__ = [
    "DEFAULT_EXPAND",
    "DEFAULT_TIMEOUT",
    "CustomerPager",
    "CustomerService",
    "Page",
    "RetryPolicy",
    "customer_changes",
]


_LIST = Operation("list customers", True, READ_SCOPE)
_SEARCH = Operation("search customers", True, READ_SCOPE)
_GET = Operation("get customer", True, READ_SCOPE)
_CREATE = Operation("create customer", False, MANAGE_SCOPE, Duplicate)
_UPSERT = Operation("upsert customer", False, MANAGE_SCOPE, VersionConflict)
_PATCH = Operation("patch customer", False, MANAGE_SCOPE, VersionConflict)
_DELETE = Operation("delete customer", False, MANAGE_SCOPE)
_ASSIGN = Operation("assign account", False, MANAGE_SCOPE, Duplicate)
_ADDR_READ = Operation("read addresses", True, READ_SCOPE)
_ADDR_WRITE = Operation("change address", False, MANAGE_SCOPE, Duplicate)


def _expand_param(expand: Sequence[str] | str | None) -> str | None:
    if expand is None:
        return None
    if isinstance(expand, str):
        return expand or None
    return ",".join(expand) or None


def _bool(value: bool) -> str:
    return "true" if value else "false"


class CustomerService(ApiSession):
    """An async client for the Emporix Customer Service of one tenant.

    Use it as `async with CustomerService(...) as svc:`. Reads and searches are retried on
    transient failures; changes are retried only when they surely never reached the server.
    """

    restrictions: frozenset[str] | None = None
    """The tenant's valid restrictions when known (the sandbox's are); None lets the server judge.

    Real tenants do not publish their list to API clients, so by default no restriction is
    refused before sending.
    """

    @property
    def _base(self) -> str:
        return f"/customer/{quote(self.tenant, safe='')}/customers"

    def _customer_path(self, number: str) -> str:
        return f"{self._base}/{quote(str(number), safe='')}"

    def _address_path(self, number: str, address_id: str | None = None) -> str:
        path = f"{self._customer_path(number)}/addresses"
        return f"{path}/{quote(str(address_id), safe='')}" if address_id is not None else path

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def _page(response: httpx.Response, page_number: int, page_size: int) -> Page[Customer]:
        body = read_json(response)
        if not isinstance(body, list):
            raise ServerError(
                "The server answered a list request with something else",
                status=response.status_code,
            )
        items = [read_customer(item) for item in body]
        count = response.headers.get("Count")
        total = int(count) if count and count.strip().isdigit() else None
        return Page(items, total, page_number, page_size)

    async def list_customers(
        self,
        q: str | None = None,
        sort: str | None = None,
        page_number: int = 1,
        page_size: int = 60,
        expand: Sequence[str] | str | None = None,
    ) -> Page[Customer]:
        """One page of customers matching the `q` expression (all when None)."""
        params = {
            "q": q,
            "sort": sort,
            "pageNumber": page_number,
            "pageSize": page_size,
            "expand": _expand_param(expand),
        }
        response = await self.call(_LIST, "GET", self._base, params=params)
        return self._page(response, page_number, page_size)

    async def search_customers(
        self,
        q: str,
        sort: str | None = None,
        page_number: int = 1,
        page_size: int = 60,
        expand: Sequence[str] | str | None = None,
    ) -> Page[Customer]:
        """One page of customers matching `q`, sent in the body (for long expressions)."""
        params = {
            "sort": sort,
            "pageNumber": page_number,
            "pageSize": page_size,
            "expand": _expand_param(expand),
        }
        response = await self.call(
            _SEARCH, "POST", f"{self._base}/search", params=params, json_body={"q": q}
        )
        return self._page(response, page_number, page_size)

    async def _query_page(
        self, q: str | None, page_number: int, page_size: int, sort: str | None = None
    ) -> Page[Customer]:
        if q is None:
            return await self.list_customers(None, sort, page_number, page_size)
        return await self.search_customers(q, sort, page_number, page_size)

    async def iter_customers(
        self, q: str | None = None, sort: str | None = None, page_size: int = 60
    ) -> AsyncIterator[Customer]:
        """Every matching customer, fetching one page at a time as the caller consumes them."""
        page_number = 1
        while True:
            page = await self._query_page(q, page_number, page_size, sort)
            for customer in page.items:
                yield customer
            if not page.items or not page.has_more:
                return
            page_number += 1

    async def fetch_pages(
        self,
        q: str | None = None,
        *,
        sort: str | None = None,
        first: int = 1,
        count: int = 10,
        page_size: int = 60,
        concurrency: int = 10,
    ) -> list[Page[Customer]]:
        """Pages `first` .. `first + count - 1` at once, at most `concurrency` in flight.

        For reading a known stretch of a large result (exports, bulk changes) in a fraction
        of the time one page after another would take, without flooding the server.
        """
        gate = asyncio.Semaphore(max(1, concurrency))

        async def one(number: int) -> Page[Customer]:
            async with gate:
                return await self._query_page(q, number, page_size, sort)

        return list(await asyncio.gather(*(one(first + i) for i in range(count))))

    def find(
        self,
        text: str,
        *,
        filters: Sequence[str] = (),
        sort: str | None = None,
        page_size: int = 60,
    ) -> CustomerPager:
        """A pager over what the agent typed (see `tui.emporix.query` for the rules)."""
        plan = plan_search(text, filters)

        async def fetch(q: str | None, page_number: int, size: int) -> Page[Customer]:
            return await self._query_page(q, page_number, size, sort)

        return CustomerPager(
            fetch,
            plan.queries,
            sort=sort,
            page_size=page_size,
            kind=plan.kind,
            rank=rank_customer(plan.text, plan.kind),
        )

    async def get_customer(
        self, number: str, expand: Sequence[str] | str | None = DEFAULT_EXPAND
    ) -> Customer:
        """One customer, with addresses, accounts and mixins unless told otherwise."""
        response = await self.call(
            _GET, "GET", self._customer_path(number), params={"expand": _expand_param(expand)}
        )
        return read_customer(read_json(response))

    # -- changing customers ----------------------------------------------------------------

    async def create_customer(
        self, draft: CustomerDraft | dict[str, Any], *, send_password_reset: bool = True
    ) -> str:
        """Create a customer; returns the new customer number."""
        model = draft if isinstance(draft, CustomerDraft) else parse_input(CustomerDraft, draft)
        body = model.to_wire()
        ensure_valid(validate_customer_draft(body, restrictions=self.restrictions))
        response = await self.call(
            _CREATE,
            "POST",
            self._base,
            params={"sendPasswordResetNotifications": _bool(send_password_reset)},
            json_body=body,
            expected=(200, 201),
        )
        return read_location(response)

    async def upsert_customer(
        self, number: str, body: dict[str, Any], *, send_password_reset: bool | None = None
    ) -> bool:
        """Create or replace customer `number` (PUT); True when it was created."""
        ensure_valid(validate_customer_patch(body, restrictions=self.restrictions))
        params = {}
        if send_password_reset is not None:
            params["sendPasswordResetNotifications"] = _bool(send_password_reset)
        response = await self.call(
            _UPSERT,
            "PUT",
            self._customer_path(number),
            params=params,
            json_body=body,
            expected=(200, 201, 204),
        )
        return response.status_code == 201

    async def patch_customer(
        self, number: str, changes: dict[str, Any], *, version: int | None
    ) -> None:
        """Send `changes` (wire names) with `metadata.version` (None: no locking)."""
        ensure_valid(validate_customer_patch(changes, restrictions=self.restrictions))
        await self._send_patch(number, changes, version)

    async def _send_patch(self, number: str, changes: dict[str, Any], version: int | None) -> None:
        await self.call(
            _PATCH,
            "PATCH",
            self._customer_path(number),
            json_body=patch_body(changes, version),
            expected=(200, 204),
        )

    async def save_changes(self, before: Customer, after: Customer) -> dict[str, Any]:
        """Send only what changed between `before` (as loaded) and `after`, with `before`'s version.

        The one safe update: every profile change (the UI's flows, `update_customer`, the
        backend's `save`) goes through here. Returns the PATCH body sent without `metadata`
        (empty, and nothing sent, when nothing changed). The changes are checked first, as the
        customer was loaded (`before=`: an e-mail that was never set may stay unset), so a
        refused value raises `BadRequest`/`ValidationFailed` before anything is sent. Someone
        else's change in between raises `VersionConflict` (its `current` is left None: the
        caller decides whether to read the customer again).
        """
        changes = customer_changes(before, after)
        ensure_valid(
            validate_customer_patch(
                changes, before=before.to_wire(), restrictions=self.restrictions
            )
        )
        if changes:
            await self._send_patch(before.number, changes, before.version)
        return changes

    async def update_customer(self, before: Customer, after: Customer) -> Customer:
        """Save what the agent changed between `before` (as loaded) and `after`; returns it fresh.

        Only changed fields are sent, with the version `before` was loaded at. If someone else
        changed the customer meanwhile, raises `VersionConflict` whose `.current` is the
        customer as it is now. Raises only when nothing was saved (or, for a `NetworkError`
        whose `nothing_changed` is False, when it cannot be known). When the change was saved
        but the fresh copy could not be read, returns `after` with `saved_warning` set: a
        success, never a failure.
        """
        number = before.number
        try:
            changes = await self.save_changes(before, after)
        except VersionConflict as conflict:
            try:
                conflict.current = await self.get_customer(number)
            except EmporixError:
                conflict.current = None
            raise
        try:
            return await self.get_customer(number)
        except EmporixError as exc:
            if not changes:
                raise
            return after.with_saved_warning(
                f"Saved, but the fresh copy could not be read ({exc}); reload to see it."
            )

    async def delete_customer(self, number: str) -> None:
        """Delete the customer and its login accounts."""
        await self.call(_DELETE, "DELETE", self._customer_path(number), expected=(200, 202, 204))

    async def assign_account(
        self, number: str, email: str, *, send_password_reset: bool = True
    ) -> str:
        """Give the customer a login account for `email`; returns the account's id."""
        ensure_valid(validate_customer_patch({"contactEmail": email}))
        response = await self.call(
            _ASSIGN,
            "POST",
            f"{self._customer_path(number)}/accounts/internal",
            params={"sendPasswordResetNotifications": _bool(send_password_reset)},
            json_body={"email": email},
            expected=(200, 201),
        )
        return read_location(response)

    # -- addresses -------------------------------------------------------------------------

    async def list_addresses(self, number: str) -> list[Address]:
        response = await self.call(_ADDR_READ, "GET", self._address_path(number))
        body = read_json(response)
        return [read_model(Address, item) for item in body or []]

    async def get_address(self, number: str, address_id: str) -> Address:
        response = await self.call(_ADDR_READ, "GET", self._address_path(number, address_id))
        return read_model(Address, read_json(response))

    async def add_address(self, number: str, address: Address | dict[str, Any]) -> str:
        """Add an address; returns its id."""
        body = address.to_wire() if isinstance(address, Address) else dict(address)
        ensure_valid(validate_address(body))
        response = await self.call(
            _ADDR_WRITE, "POST", self._address_path(number), json_body=body, expected=(200, 201)
        )
        return read_location(response)

    async def upsert_address(
        self, number: str, address_id: str, body: Address | dict[str, Any]
    ) -> bool:
        """Create or replace an address (PUT); True when it was created."""
        wire = body.to_wire() if isinstance(body, Address) else dict(body)
        ensure_valid(validate_address(wire, require_contact_name=False))
        response = await self.call(
            _ADDR_WRITE,
            "PUT",
            self._address_path(number, address_id),
            json_body=wire,
            expected=(200, 201, 204),
        )
        return response.status_code == 201

    async def patch_address(self, number: str, address_id: str, changes: dict[str, Any]) -> None:
        ensure_valid(validate_address(changes, require_contact_name=False))
        await self.call(
            _ADDR_WRITE,
            "PATCH",
            self._address_path(number, address_id),
            json_body=changes,
            expected=(200, 204),
        )

    async def delete_address(self, number: str, address_id: str) -> None:
        await self.call(
            _ADDR_WRITE,
            "DELETE",
            self._address_path(number, address_id),
            expected=(200, 202, 204),
        )

    async def _tags(self, method: str, number: str, address_id: str, tags: Sequence[str]) -> None:
        cleaned = [t.strip() for t in tags if t and t.strip()]
        if not cleaned or any("," in t for t in cleaned):
            raise ValidationFailed(
                [
                    FieldDetail(
                        "tags",
                        "invalid_value",
                        "Give at least one tag, without commas, such as BILLING",
                    )
                ]
            )
        await self.call(
            _ADDR_WRITE,
            method,
            f"{self._address_path(number, address_id)}/tags",
            params={"tags": ",".join(cleaned)},
            expected=(200, 204),
        )

    async def add_address_tags(self, number: str, address_id: str, tags: Sequence[str]) -> None:
        await self._tags("POST", number, address_id, tags)

    async def remove_address_tags(self, number: str, address_id: str, tags: Sequence[str]) -> None:
        await self._tags("DELETE", number, address_id, tags)
