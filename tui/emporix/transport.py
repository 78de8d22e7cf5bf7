"""The HTTP side of the clients: token auth, timeouts, retries, error mapping and logging hooks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import SecretStr, ValidationError

import tui
from tui.emporix.auth import ClientCredentialsAuth
from tui.emporix.errors import (
    ApiTimeout,
    Conflict,
    Duplicate,
    FieldDetail,
    NetworkError,
    ServerError,
    ValidationFailed,
    VersionConflict,
    error_from_response,
)
from tui.emporix.guard import guard_methods
from tui.emporix.logs import log_request, log_response
from tui.emporix.models import Customer, ResourceLocation, WireModel
from tui.emporix.names import MANAGE_SCOPE, READ_SCOPE, RESTRICTION_SCOPE
from tui.emporix.retry import RetryPolicy
from tui.http.sending import ClosingSession, send_retrying
from tui.http.tls import tls_context

__all__ = [
    "DEFAULT_TIMEOUT",
    "MANAGE_SCOPE",
    "READ_SCOPE",
    "RESTRICTION_SCOPE",
    "ApiSession",
    "Operation",
    "parse_input",
    "read_customer",
    "read_json",
    "read_location",
    "read_model",
]

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)
_M = TypeVar("_M", bound=WireModel)


@dataclass(frozen=True)
class Operation:
    """What the client needs to know about an endpoint to send it safely."""

    name: str
    safe: bool
    scope: str
    conflict: type[Conflict] = Conflict


class ApiSession(ClosingSession):
    """The HTTP side of a client: base URL, token auth, timeouts, retries, logging hooks.

    Reads and searches are retried on transient failures; changes are retried only when they
    surely never reached the server. Subclasses add one method per endpoint; every public method
    raises only the client's own errors (see `tui.emporix.guard`).
    """

    requests_sent = 0
    """Requests handed to the network so far: tells a change that failed before sending from one after."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard_methods(cls)

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
            verify=tls_context(self.api_url),
            timeout=timeout or DEFAULT_TIMEOUT,
            headers={"User-Agent": f"customer-tui/{tui.__version__}", "Accept": "application/json"},
            event_hooks=hooks,
            follow_redirects=False,
        )
        self.auth = ClientCredentialsAuth(client_id, secret, self._fetch_token, scope=scope)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(api_url={self.api_url!r}, tenant={self.tenant!r}, "
            f"client_id={self.client_id!r})"
        )

    @property
    def api_host(self) -> str:
        """The API's host and, when the URL names one, its port (two sandboxes on one machine
        differ only by it), for status lines and the journal."""
        parts = urlsplit(self.api_url)
        if not parts.hostname:
            return self.api_url
        return f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname

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

    async def authenticate(self) -> frozenset[str]:
        """Fetch a token now (checking the credentials); returns the granted scopes."""
        await self.auth.get_token(stale=self.auth.current)
        return self.scopes

    # -- transport -------------------------------------------------------------------------

    async def _fetch_token(self, form: dict[str, str]) -> httpx.Response:
        request = self._http.build_request(
            "POST",
            "/oauth/token",
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return await self.send(request, Operation("get token", True, ""), auth=False)

    async def send(
        self, request: httpx.Request, op: Operation, *, auth: bool = True
    ) -> httpx.Response:
        return await send_retrying(
            self._http,
            request,
            auth=self.auth if auth else None,
            safe=op.safe,
            policy=self.retry,
            network_error=lambda exc, sent: self._network_error(exc, op, sent),
            on_attempt=self._count_sent,
        )

    def _count_sent(self) -> None:
        self.requests_sent += 1

    def _network_error(self, exc: httpx.TransportError, op: Operation, sent: bool) -> NetworkError:
        cls = ApiTimeout if isinstance(exc, httpx.TimeoutException) else NetworkError
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, httpx.ConnectTimeout):
            reason = "could not connect in time"
        elif isinstance(exc, httpx.TimeoutException):
            reason = f"no answer to {op.name}"
        return cls(
            reason,
            host=self.api_host,
            is_change=not op.safe,
            request_sent=sent,
            method=exc.request.method if _has_request(exc) else None,
        )

    async def call(
        self,
        op: Operation,
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
        response = await self.send(request, op)
        if response.status_code in expected:
            return response
        required = op.scope if op.scope and not self.can(op.scope) else None
        if isinstance(json_body, dict) and "restriction" in json_body and method != "GET":
            required = required or (RESTRICTION_SCOPE if not self.can(RESTRICTION_SCOPE) else None)
        conflict = op.conflict
        if conflict is VersionConflict and _sent_version(json_body) is None:
            # Without a version nothing was locked: a 409 can only mean the e-mail is taken.
            conflict = Duplicate
        raise error_from_response(response, conflict=conflict, required_scope=required)


guard_methods(ApiSession)


def _sent_version(body: Any) -> int | None:
    metadata = body.get("metadata") if isinstance(body, dict) else None
    version = metadata.get("version") if isinstance(metadata, dict) else None
    return version if isinstance(version, int) else None


def _has_request(exc: httpx.TransportError) -> bool:
    try:
        exc.request  # noqa: B018
    except RuntimeError:
        return False
    return True


def read_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise ServerError(
            "The server's answer was not valid JSON", status=response.status_code
        ) from exc
    except RecursionError:
        raise ServerError(
            "The server's answer is nested too deeply to read", status=response.status_code
        ) from None


def parse_input(model: type[_M], data: Any) -> _M:
    """A model from what the caller gave; wrong types become a `ValidationFailed`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        details = [
            FieldDetail(".".join(str(p) for p in e["loc"]) or None, e["type"], e["msg"])
            for e in exc.errors()
        ]
        # Not chained: pydantic's message repeats the input, which may hold a password.
        raise ValidationFailed(details) from None


def read_model(model: type[_M], data: Any) -> _M:
    """A model from the server's answer; an unreadable answer is the server's fault."""
    try:
        return model.from_wire(data)
    except ValidationError as exc:
        raise ServerError(
            f"The server sent {model.__name__} data this client cannot read: {exc.errors()[0]['msg']}"
        ) from exc


def read_customer(data: Any) -> Customer:
    try:
        return Customer.from_wire(data)
    except ValidationError as exc:
        raise ServerError(
            f"The server sent a customer this client cannot read: {exc.errors()[0]['msg']}"
        ) from exc


def read_location(response: httpx.Response) -> str:
    body = read_json(response) if response.content else {}
    location = ResourceLocation.model_validate(body if isinstance(body, dict) else {})
    if not location.id:
        raise ServerError("The server did not say the new id", status=response.status_code)
    return location.id
