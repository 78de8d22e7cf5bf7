"""Client-credentials service tokens as an `httpx.Auth`: cached, refreshed once, never logged."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass, field

import httpx
from pydantic import SecretStr

from tui.emporix.errors import EmporixError, Unauthorized, error_from_response

__all__ = ["ClientCredentialsAuth", "Token"]

TokenFetcher = Callable[[dict[str, str]], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Token:
    """A service access token; the value is a SecretStr so it never shows in a repr."""

    value: SecretStr
    expires_at: float
    refresh_at: float
    scopes: frozenset[str] = field(default_factory=frozenset)
    restrictions: frozenset[str] | None = None
    """The restrictions the token is limited to, when its scope string names them
    (`restriction=de`, as the sandbox does); None when unknown or unlimited."""


class ClientCredentialsAuth(httpx.Auth):
    """Adds `Authorization: Bearer …` to every request, fetching tokens as needed.

    One token request at a time: concurrent requests that find no valid token wait on a lock and
    then reuse the token the first of them fetched. Tokens are renewed `refresh_margin` seconds
    (at most a tenth of their lifetime) before they expire. A 401 on a cached token (revoked, or
    expired early on the server) renews it and re-sends the request once.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: SecretStr,
        fetch: TokenFetcher,
        *,
        scope: str | None = None,
        refresh_margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self._fetch = fetch
        self._scope = scope
        self._margin = refresh_margin
        self.clock = clock
        """Monotonic seconds; replaceable so tests can move time forward."""
        self._token: Token | None = None
        self._lock = asyncio.Lock()
        self.token_requests = 0
        """How many token requests were sent (the UI's connection panel shows it; tests use it)."""

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self.client_id!r}, client_secret=SecretStr('**********'))"

    @property
    def scopes(self) -> frozenset[str]:
        """Scopes granted with the current token (empty before the first token)."""
        return self._token.scopes if self._token else frozenset()

    @property
    def current(self) -> Token | None:
        """The cached token, if any (its value is a SecretStr)."""
        return self._token

    @property
    def has_usable_token(self) -> bool:
        """A cached token that is not due for renewal yet."""
        return self._usable(self._token)

    def adopt(self, token: Token) -> None:
        """Use a token another client of the same credentials fetched in this process (the CLI's
        connection check), if it is still good: one sign-in fewer before the first search."""
        if self._usable(token):
            self._token = token

    def invalidate(self) -> None:
        """Forget the cached token, so the next request fetches a new one."""
        self._token = None

    def _usable(self, token: Token | None) -> bool:
        return token is not None and self.clock() < token.refresh_at

    async def get_token(self, *, stale: Token | None = None) -> tuple[Token, bool]:
        """A valid token and whether it was fetched by this call.

        `stale` is a token the server just rejected: it is replaced even if it looks valid,
        unless another request already replaced it while this one waited for the lock.
        """
        token = self._token
        if stale is None and self._usable(token):
            assert token is not None
            return token, False
        async with self._lock:
            token = self._token
            if self._usable(token) and token is not stale:
                assert token is not None
                return token, False
            token = await self._request_token()
            self._token = token
            return token, True

    async def _request_token(self) -> Token:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._secret.get_secret_value(),
        }
        if self._scope:
            form["scope"] = self._scope
        self.token_requests += 1
        started = self.clock()
        response = await self._fetch(form)
        if response.status_code in (400, 401, 403):
            error = error_from_response(response)
            raise Unauthorized(
                f"The client id or secret was rejected ({error.message})",
                status=response.status_code,
                error_type=error.error_type,
                method="POST",
                url=str(response.request.url),
            )
        if response.status_code != 200:
            raise error_from_response(response)
        try:
            body = response.json()
            value = str(body["access_token"])
        except (ValueError, KeyError, TypeError) as exc:
            raise EmporixError(
                "The token answer could not be read", status=response.status_code
            ) from exc
        expires_in = float(body.get("expires_in") or 3600)
        margin = min(self._margin, expires_in / 10)
        parts = str(body.get("scope") or "").split()
        scopes = frozenset(s for s in parts if "=" not in s)
        limited = frozenset(
            s.removeprefix("restriction=") for s in parts if s.startswith("restriction=")
        )
        return Token(
            value=SecretStr(value),
            expires_at=started + expires_in,
            refresh_at=started + expires_in - margin,
            scopes=scopes,
            restrictions=limited or None,
        )

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        raise RuntimeError("ClientCredentialsAuth works with httpx.AsyncClient only")
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
