"""The HTTP side of the Kibo client: base URL, context headers, token auth, read retries, errors."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

import tui
from tui.http.logs import RequestLog
from tui.http.retry import RetryPolicy
from tui.http.sending import ClosingSession, send_retrying
from tui.http.tls import tls_context
from tui.kibo.auth import AppTokenAuth
from tui.kibo.errors import KiboNetworkError, KiboServerError, KiboTimedOut, error_from_response

__all__ = ["DEFAULT_TIMEOUT", "HTTP_LOGGER", "KiboSession", "Operation", "api_base", "read_model"]

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=10.0)
HTTP_LOGGER = logging.getLogger("tui.kibo.http")
TOKEN_PATH = "/platform/applications/authtickets/oauth"
_M = TypeVar("_M", bound=BaseModel)


def api_base(api_url: str) -> str:
    """The API root: the tenant's host with `/api` (added when the URL stops at the host)."""
    url = api_url.rstrip("/")
    return url if url.endswith("/api") else url + "/api"


@dataclass(frozen=True)
class Operation:
    """What the client must know to send a request safely and to explain its failure."""

    action: str
    """In words, for messages: "read account 1001"."""
    safe: bool
    """A read: retried on transient failures, never changes anything."""
    permission: str | None = None


class KiboSession(ClosingSession):
    """Base URL, `x-vol-tenant`/`x-vol-site`, token auth, timeouts, read retries, redacted logs."""

    def __init__(
        self,
        api_url: str,
        tenant: int | str,
        site: int | str | None,
        client_id: str,
        client_secret: SecretStr | str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        event_hooks: dict[str, list[Any]] | None = None,
        auth_url: str | None = None,
    ) -> None:
        self.api_url = api_base(api_url)
        self.auth_url = api_base(auth_url) if auth_url else self.api_url
        """Where the application signs in; the tenant's host unless told (e.g. home.mozu.com)."""
        self.tenant = str(tenant)
        self.site = str(site) if site not in (None, "") else None
        self.client_id = client_id
        secret = client_secret if isinstance(client_secret, SecretStr) else SecretStr(client_secret)
        self.retry = retry or RetryPolicy()
        log = RequestLog(HTTP_LOGGER)
        hooks: dict[str, list[Any]] = {"request": [log.request], "response": [log.response]}
        for kind, extra in (event_hooks or {}).items():
            hooks.setdefault(kind, []).extend(extra)
        headers = {
            "User-Agent": f"customer-tui/{tui.__version__}",
            "Accept": "application/json",
            "x-vol-tenant": self.tenant,
        }
        if self.site:
            headers["x-vol-site"] = self.site
        self._http = httpx.AsyncClient(
            base_url=self.api_url,
            transport=transport,
            verify=tls_context(self.api_url),
            timeout=timeout or DEFAULT_TIMEOUT,
            headers=headers,
            event_hooks=hooks,
            follow_redirects=False,
        )
        self.auth = AppTokenAuth(client_id, secret, self._fetch_token)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(api_url={self.api_url!r}, tenant={self.tenant!r}, "
            f"site={self.site!r}, client_id={self.client_id!r})"
        )

    @property
    def api_host(self) -> str:
        return urlsplit(self.api_url).netloc or self.api_url

    async def authenticate(self) -> None:
        """Sign in now, so wrong credentials are reported before anything else is tried."""
        await self.auth.get_token(stale=self.auth.current)

    async def _fetch_token(self, body: dict[str, Any]) -> httpx.Response:
        request = self._http.build_request(
            "POST",
            self.auth_url + TOKEN_PATH,
            content=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        return await self.send(request, Operation("sign in to Kibo", True), auth=False)

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
        )

    def _network_error(
        self, exc: httpx.TransportError, op: Operation, sent: bool
    ) -> KiboNetworkError:
        if isinstance(exc, httpx.ConnectTimeout):
            reason = "could not connect in time"
        elif isinstance(exc, httpx.TimeoutException):
            reason = "no answer in time"
        else:
            reason = str(exc) or type(exc).__name__
        cls = KiboTimedOut if isinstance(exc, httpx.TimeoutException) else KiboNetworkError
        return cls(
            f"Could not {op.action}: {self.api_host} could not be reached ({reason}).",
            may_have_changed=sent and not op.safe,
        )

    async def call(
        self,
        op: Operation,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> httpx.Response:
        """Send one request; any answer but 200 raises the matching Kibo error."""
        clean = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        kwargs: dict[str, Any] = {"params": clean}
        if json_body is not None:
            kwargs["content"] = json.dumps(json_body, ensure_ascii=False).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        request = self._http.build_request(method, path.lstrip("/"), **kwargs)
        response = await self.send(request, op)
        if response.status_code == 200:
            return response
        await response.aread()
        raise error_from_response(response, action=op.action, permission=op.permission)


def read_model(model: type[_M], response: httpx.Response) -> _M:
    """A model from a 200 answer; an unreadable one is the server's fault, said in words."""
    try:
        data = response.json()
    except ValueError:
        raise KiboServerError(
            "Kibo's answer was not valid JSON.", status=response.status_code
        ) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KiboServerError(
            f"Kibo sent {model.__name__} data this client cannot read ({where}: {first['msg']}).",
            status=response.status_code,
        ) from None
