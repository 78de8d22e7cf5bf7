"""CustomerService: one async method per Customer Service endpoint, with paging and safe updates."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote, urlsplit

import httpx
from pydantic import SecretStr, ValidationError

import tui
from tui.emporix.auth import ClientCredentialsAuth
from tui.emporix.changes import customer_changes, patch_body
from tui.emporix.errors import (
    ApiTimeout,
    Conflict,
    Duplicate,
    EmporixError,
    FieldDetail,
    NetworkError,
    ServerError,
    ValidationFailed,
    VersionConflict,
    error_from_response,
    retry_after_seconds,
)
from tui.emporix.logs import log_request, log_response
from tui.emporix.models import Address, Customer, CustomerDraft, ResourceLocation, WireModel
from tui.emporix.paging import CustomerPager, Page
from tui.emporix.query import plan_search
from tui.emporix.retry import RetryPolicy
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

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)
DEFAULT_EXPAND: tuple[str, ...] = ("addresses", "accounts", "mixin:*")
_M = TypeVar("_M", bound=WireModel)
READ_SCOPE = "customer.customer_read"
MANAGE_SCOPE = "customer.customer_manage"
RESTRICTION_SCOPE = "restriction.restriction_manage"
# Errors that mean the request surely never left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


@dataclass(frozen=True)
class _Op:
    """What the client needs to know about an endpoint to send it safely."""

    name: str
    safe: bool
    scope: str
    conflict: type[Conflict] = Conflict


_LIST = _Op("list customers", True, READ_SCOPE)
_SEARCH = _Op("search customers", True, READ_SCOPE)
_GET = _Op("get customer", True, READ_SCOPE)
_CREATE = _Op("create customer", False, MANAGE_SCOPE, Duplicate)
_UPSERT = _Op("upsert customer", False, MANAGE_SCOPE, VersionConflict)
_PATCH = _Op("patch customer", False, MANAGE_SCOPE, VersionConflict)
_DELETE = _Op("delete customer", False, MANAGE_SCOPE)
_ASSIGN = _Op("assign account", False, MANAGE_SCOPE, Duplicate)
_ADDR_READ = _Op("read addresses", True, READ_SCOPE)
_ADDR_WRITE = _Op("change address", False, MANAGE_SCOPE, Duplicate)


def _expand_param(expand: Sequence[str] | str | None) -> str | None:
    if expand is None:
        return None
    if isinstance(expand, str):
        return expand or None
    return ",".join(expand) or None


def _bool(value: bool) -> str:
    return "true" if value else "false"


class CustomerService:
    """An async client for the Emporix Customer Service of one tenant.

    Use it as `async with CustomerService(...) as svc:`. Reads and searches are retried on
    transient failures; changes are retried only when they surely never reached the server.
    """

    def __init__(
        self,
        api_url: str,
        tenant: str,
        client_id: str,
        client_secret: SecretStr | str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        scope: str | None = None,
        event_hooks: dict[str, list[Any]] | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.tenant = tenant
        self.client_id = client_id
        secret = client_secret if isinstance(client_secret, SecretStr) else SecretStr(client_secret)
        self.retry = retry or RetryPolicy()
        hooks: dict[str, list[Any]] = {"request": [log_request], "response": [log_response]}
        for kind, extra in (event_hooks or {}).items():
            hooks.setdefault(kind, []).extend(extra)
        self._http = httpx.AsyncClient(
            base_url=self.api_url,
            transport=transport,
            timeout=timeout or DEFAULT_TIMEOUT,
            headers={"User-Agent": f"customer-tui/{tui.__version__}", "Accept": "application/json"},
            event_hooks=hooks,
            follow_redirects=False,
        )
        self.auth = ClientCredentialsAuth(client_id, secret, self._fetch_token, scope=scope)
        self._base = f"/customer/{quote(tenant, safe='')}/customers"

    def __repr__(self) -> str:
        return (
            f"CustomerService(api_url={self.api_url!r}, tenant={self.tenant!r}, "
            f"client_id={self.client_id!r})"
        )

    @property
    def api_host(self) -> str:
        """The API's host name, for status lines."""
        return urlsplit(self.api_url).hostname or self.api_url

    @property
    def scopes(self) -> frozenset[str]:
        """Scopes granted to this client (empty until the first token)."""
        return self.auth.scopes

    def can(self, scope: str) -> bool:
        """Whether the granted scopes include `scope` (or its `_own` variant)."""
        return scope in self.scopes or f"{scope}_own" in self.scopes

    @property
    def can_manage(self) -> bool:
        return self.can(MANAGE_SCOPE)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def authenticate(self) -> frozenset[str]:
        """Fetch a token now (checking the credentials); returns the granted scopes."""
        await self.auth.get_token(stale=self.auth._token)
        return self.scopes

    # -- transport -------------------------------------------------------------------------

    async def _fetch_token(self, form: dict[str, str]) -> httpx.Response:
        request = self._http.build_request(
            "POST",
            "/oauth/token",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return await self._send(request, _Op("get token", True, ""), auth=False)

    async def _send(self, request: httpx.Request, op: _Op, *, auth: bool = True) -> httpx.Response:
        policy = self.retry
        started = policy.clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self._http.send(request, auth=self.auth if auth else None)
            except httpx.TransportError as exc:
                sent = not isinstance(exc, _NOT_SENT)
                delay = policy.next_delay(attempt, started) if op.safe or not sent else None
                if delay is None:
                    raise self._network_error(exc, op, sent) from exc
                await policy.sleep(delay)
                continue
            if op.safe and response.status_code in policy.statuses:
                retry_after = retry_after_seconds(response)
                delay = policy.next_delay(attempt, started, retry_after)
                if delay is not None:
                    await policy.sleep(delay)
                    continue
            return response

    def _network_error(self, exc: httpx.TransportError, op: _Op, sent: bool) -> NetworkError:
        cls = ApiTimeout if isinstance(exc, httpx.TimeoutException) else NetworkError
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, httpx.TimeoutException):
            reason = f"no answer to {op.name}"
        return cls(
            reason,
            host=self.api_host,
            is_change=not op.safe,
            request_sent=sent,
            method=exc.request.method if _has_request(exc) else None,
        )

    async def _call(
        self,
        op: _Op,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        expected: tuple[int, ...] = (200,),
    ) -> httpx.Response:
        clean = {k: v for k, v in (params or {}).items() if v is not None}
        kwargs: dict[str, Any] = {"params": clean}
        if json_body is not None:
            kwargs["content"] = json.dumps(json_body, ensure_ascii=False).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        request = self._http.build_request(method, path, **kwargs)
        response = await self._send(request, op)
        if response.status_code in expected:
            return response
        required = op.scope if op.scope and not self.can(op.scope) else None
        if isinstance(json_body, dict) and "restriction" in json_body and method != "GET":
            required = required or (RESTRICTION_SCOPE if not self.can(RESTRICTION_SCOPE) else None)
        raise error_from_response(response, conflict=op.conflict, required_scope=required)

    def _customer_path(self, number: str) -> str:
        return f"{self._base}/{quote(str(number), safe='')}"

    def _address_path(self, number: str, address_id: str | None = None) -> str:
        path = f"{self._customer_path(number)}/addresses"
        return f"{path}/{quote(str(address_id), safe='')}" if address_id is not None else path

    # -- reading ---------------------------------------------------------------------------

    @staticmethod
    def _page(response: httpx.Response, page_number: int, page_size: int) -> Page[Customer]:
        body = _json(response)
        if not isinstance(body, list):
            raise ServerError(
                "The server answered a list request with something else",
                status=response.status_code,
            )
        items = [_customer(item) for item in body]
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
        response = await self._call(_LIST, "GET", self._base, params=params)
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
        response = await self._call(
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

        return CustomerPager(fetch, plan.queries, sort=sort, page_size=page_size)

    async def get_customer(
        self, number: str, expand: Sequence[str] | str | None = DEFAULT_EXPAND
    ) -> Customer:
        """One customer, with addresses, accounts and mixins unless told otherwise."""
        response = await self._call(
            _GET, "GET", self._customer_path(number), params={"expand": _expand_param(expand)}
        )
        return _customer(_json(response))

    # -- changing customers ----------------------------------------------------------------

    async def create_customer(
        self, draft: CustomerDraft | dict[str, Any], *, send_password_reset: bool = True
    ) -> str:
        """Create a customer; returns the new customer number."""
        model = draft if isinstance(draft, CustomerDraft) else _validate(CustomerDraft, draft)
        body = model.to_wire()
        ensure_valid(validate_customer_draft(body))
        response = await self._call(
            _CREATE,
            "POST",
            self._base,
            params={"sendPasswordResetNotifications": _bool(send_password_reset)},
            json_body=body,
            expected=(200, 201),
        )
        return _location(response)

    async def upsert_customer(
        self, number: str, body: dict[str, Any], *, send_password_reset: bool | None = None
    ) -> bool:
        """Create or replace customer `number` (PUT); True when it was created."""
        ensure_valid(validate_customer_patch(body))
        params = {}
        if send_password_reset is not None:
            params["sendPasswordResetNotifications"] = _bool(send_password_reset)
        response = await self._call(
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
        ensure_valid(validate_customer_patch(changes))
        await self._call(
            _PATCH,
            "PATCH",
            self._customer_path(number),
            json_body=patch_body(changes, version),
            expected=(200, 204),
        )

    async def update_customer(self, before: Customer, after: Customer) -> Customer:
        """Save what the agent changed between `before` (as loaded) and `after`; returns it fresh.

        Only changed fields are sent, with the version `before` was loaded at. If someone else
        changed the customer meanwhile, raises `VersionConflict` whose `.current` is the
        customer as it is now.
        """
        number = before.number
        changes = customer_changes(before, after)
        ensure_valid(validate_customer_patch(changes, before=before.to_wire()))
        if changes:
            try:
                await self.patch_customer(number, changes, version=before.version)
            except VersionConflict as conflict:
                try:
                    conflict.current = await self.get_customer(number)
                except EmporixError:
                    conflict.current = None
                raise
        return await self.get_customer(number)

    async def delete_customer(self, number: str) -> None:
        """Delete the customer and its login accounts."""
        await self._call(_DELETE, "DELETE", self._customer_path(number), expected=(200, 202, 204))

    async def assign_account(
        self, number: str, email: str, *, send_password_reset: bool = True
    ) -> str:
        """Give the customer a login account for `email`; returns the account's id."""
        ensure_valid(validate_customer_patch({"contactEmail": email}))
        response = await self._call(
            _ASSIGN,
            "POST",
            f"{self._customer_path(number)}/accounts/internal",
            params={"sendPasswordResetNotifications": _bool(send_password_reset)},
            json_body={"email": email},
            expected=(200, 201),
        )
        return _location(response)

    # -- addresses -------------------------------------------------------------------------

    async def list_addresses(self, number: str) -> list[Address]:
        response = await self._call(_ADDR_READ, "GET", self._address_path(number))
        body = _json(response)
        return [_validate(Address, item) for item in body or []]

    async def get_address(self, number: str, address_id: str) -> Address:
        response = await self._call(_ADDR_READ, "GET", self._address_path(number, address_id))
        return _validate(Address, _json(response))

    async def add_address(self, number: str, address: Address | dict[str, Any]) -> str:
        """Add an address; returns its id."""
        body = address.to_wire() if isinstance(address, Address) else dict(address)
        ensure_valid(validate_address(body))
        response = await self._call(
            _ADDR_WRITE, "POST", self._address_path(number), json_body=body, expected=(200, 201)
        )
        return _location(response)

    async def upsert_address(
        self, number: str, address_id: str, body: Address | dict[str, Any]
    ) -> bool:
        """Create or replace an address (PUT); True when it was created."""
        wire = body.to_wire() if isinstance(body, Address) else dict(body)
        ensure_valid(validate_address(wire, require_contact_name=False))
        response = await self._call(
            _ADDR_WRITE,
            "PUT",
            self._address_path(number, address_id),
            json_body=wire,
            expected=(200, 201, 204),
        )
        return response.status_code == 201

    async def patch_address(self, number: str, address_id: str, changes: dict[str, Any]) -> None:
        ensure_valid(validate_address(changes, require_contact_name=False))
        await self._call(
            _ADDR_WRITE,
            "PATCH",
            self._address_path(number, address_id),
            json_body=changes,
            expected=(200, 204),
        )

    async def delete_address(self, number: str, address_id: str) -> None:
        await self._call(
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
        await self._call(
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


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018
    except RuntimeError:
        return False
    return True


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ServerError(
            "The server's answer was not valid JSON", status=response.status_code
        ) from exc


def _validate(model: type[_M], data: Any) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ValidationFailed(
            [FieldDetail(field or None, first["type"], first["msg"])],
            message=f"Unexpected {model.__name__} data",
        ) from exc


def _customer(data: Any) -> Customer:
    try:
        return Customer.model_validate(data)
    except ValidationError as exc:
        raise ServerError(
            f"The server sent a customer this client cannot read: {exc.errors()[0]['msg']}"
        ) from exc


def _location(response: httpx.Response) -> str:
    body = _json(response) if response.content else {}
    location = ResourceLocation.model_validate(body if isinstance(body, dict) else {})
    if not location.id:
        raise ServerError("The server did not say the new id", status=response.status_code)
    return location.id
