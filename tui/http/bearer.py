"""A bearer-token `httpx.Auth` both platforms share: one renewal at a time, a 401 retried once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import Generic, Protocol, TypeVar

import httpx
from pydantic import SecretStr


class BearerToken(Protocol):
    """What the shared flow needs of a platform's token."""

    @property
    def value(self) -> SecretStr: ...

    @property
    def refresh_at(self) -> float: ...


TokenT = TypeVar("TokenT", bound=BearerToken)


class BearerAuth(httpx.Auth, Generic[TokenT]):
    """Adds `Authorization: Bearer …` to every request, fetching tokens as needed.

    Requests that find no usable token wait on one lock, and the first of them fetches it; the
    others reuse it. A 401 on a cached token (revoked, or expired early on the server) renews it
    and re-sends the request once. A platform says how a token is got in `_renew`.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: SecretStr,
        *,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self._margin = refresh_margin
        self.clock = clock
        """Monotonic seconds; replaceable so tests can move time forward."""
        self._token: TokenT | None = None
        self._lock = asyncio.Lock()
        self.token_requests = 0
        """How many token requests were sent (the connection panel shows it; tests use it)."""

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(client_id={self.client_id!r}, client_secret=SecretStr('**********'))"

    @property
    def current(self) -> TokenT | None:
        """The cached token, if any (its value is a SecretStr)."""
        return self._token

    @property
    def has_usable_token(self) -> bool:
        """A cached token that is not due for renewal yet."""
        return self._usable(self._token)

    def adopt(self, token: TokenT) -> None:
        """Use a token another client of the same credentials fetched in this process (the CLI's
        connection check), if it is still good: one sign-in fewer before the first search."""
        if self._usable(token):
            self._token = token

    def invalidate(self) -> None:
        """Forget the cached token, so the next request fetches a new one."""
        self._token = None

    def _usable(self, token: TokenT | None) -> bool:
        return token is not None and self.clock() < token.refresh_at

    def _refresh_margin(self, expires_in: float) -> float:
        """How long before expiry a token is renewed: the margin, at most a tenth of its life."""
        return min(self._margin, expires_in / 10)

    async def _renew(self, previous: TokenT | None) -> TokenT:
        raise NotImplementedError

    async def get_token(self, *, stale: TokenT | None = None) -> tuple[TokenT, bool]:
        """A usable token and whether this call fetched it.

        `stale` is a token the server just rejected: it is replaced even if it looks valid,
        unless another request already replaced it while this one waited for the lock.
        """
        token = self._token
        if stale is None and token is not None and self._usable(token):
            return token, False
        async with self._lock:
            token = self._token
            if token is not None and self._usable(token) and token is not stale:
                return token, False
            fetched = await self._renew(token)
            self._token = fetched
            return fetched, True

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        raise RuntimeError(f"{type(self).__name__} works with httpx.AsyncClient only")
        yield request  # pragma: no cover - makes this a generator

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token, fresh = await self.get_token()
        request.headers["Authorization"] = f"Bearer {token.value.get_secret_value()}"
        response = yield request
        if response.status_code == 401 and not fresh:
            token, _ = await self.get_token(stale=token)
            request.headers["Authorization"] = f"Bearer {token.value.get_secret_value()}"
            yield request
