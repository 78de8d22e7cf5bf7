"""Kibo application tokens as an `httpx.Auth`: cached, renewed before expiry, one renewal at a time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from tui.kibo.errors import KiboServerError, KiboUnauthorized, error_from_response

__all__ = ["AppToken", "AppTokenAuth"]

TokenFetcher = Callable[[dict[str, Any]], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class AppToken:
    """An application access token; values are SecretStr so they never show in a repr."""

    value: SecretStr
    refresh_token: SecretStr | None
    expires_at: float
    refresh_at: float


class AppTokenAuth(httpx.Auth):
    """Adds `Authorization: Bearer …`, fetching tokens from authtickets/oauth as needed.

    Requests that find no usable token wait on one lock, and the first of them fetches it.
    A token is renewed `refresh_margin` seconds (at most a tenth of its life) before it
    expires, with its refresh token when it has one (else, or if that fails, with the client
    credentials). A 401 on a cached token renews it and re-sends the request once.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: SecretStr,
        fetch: TokenFetcher,
        *,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self._fetch = fetch
        self._margin = refresh_margin
        self.clock = clock
        """Monotonic seconds; replaceable so tests can move time forward."""
        self._token: AppToken | None = None
        self._lock = asyncio.Lock()
        self.token_requests = 0
        """How many token requests were sent (tests use it)."""

    def __repr__(self) -> str:
        return f"AppTokenAuth(client_id={self.client_id!r}, client_secret=SecretStr('**********'))"

    @property
    def current(self) -> AppToken | None:
        return self._token

    def adopt(self, token: AppToken) -> None:
        """Use a token another client of the same application fetched in this process (the
        CLI's connection check), if it is still good: one sign-in fewer before the first list."""
        if self._usable(token):
            self._token = token

    def _usable(self, token: AppToken | None) -> bool:
        return token is not None and self.clock() < token.refresh_at

    async def get_token(self, *, stale: AppToken | None = None) -> tuple[AppToken, bool]:
        """A usable token and whether this call fetched it; `stale` is one the server refused."""
        token = self._token
        if stale is None and self._usable(token):
            assert token is not None
            return token, False
        async with self._lock:
            token = self._token
            if self._usable(token) and token is not stale:
                assert token is not None
                return token, False
            self._token = await self._renew(token)
            return self._token, True

    async def _renew(self, previous: AppToken | None) -> AppToken:
        if previous is not None and previous.refresh_token is not None:
            body = {
                "grant_type": "refresh_token",
                "refresh_token": previous.refresh_token.get_secret_value(),
            }
            try:
                return await self._request(body)
            except KiboUnauthorized:
                pass  # the refresh token expired or was revoked: sign in afresh
        return await self._request(
            {
                "client_id": self.client_id,
                "client_secret": self._secret.get_secret_value(),
                "grant_type": "client_credentials",
            }
        )

    async def _request(self, body: dict[str, Any]) -> AppToken:
        self.token_requests += 1
        started = self.clock()
        response = await self._fetch(body)
        if response.status_code in (400, 401, 403):
            error = error_from_response(response, action="sign in to Kibo")
            raise KiboUnauthorized(
                "Kibo refused the application's sign-in: check the client id (application key) "
                "and the secret.",
                status=response.status_code,
                server_message=error.server_message,
                error_code=error.error_code,
                method="POST",
                url=str(response.request.url),
            )
        if response.status_code != 200:
            raise error_from_response(response, action="sign in to Kibo")
        try:
            data = response.json()
            value = str(data["access_token"])
        except (ValueError, KeyError, TypeError):
            raise KiboServerError(
                "Kibo's token answer could not be read.", status=response.status_code
            ) from None
        expires_in = float(data.get("expires_in") or 3600)
        margin = min(self._margin, expires_in / 10)
        refresh = data.get("refresh_token")
        return AppToken(
            value=SecretStr(value),
            refresh_token=SecretStr(refresh) if isinstance(refresh, str) and refresh else None,
            expires_at=started + expires_in,
            refresh_at=started + expires_in - margin,
        )

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        raise RuntimeError("AppTokenAuth works with httpx.AsyncClient only")
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
