"""Client-credentials service tokens as an `httpx.Auth`: cached, refreshed once, never logged."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
from pydantic import SecretStr

from tui.emporix.errors import EmporixError, Unauthorized, error_from_response
from tui.http.bearer import BearerAuth

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


class ClientCredentialsAuth(BearerAuth[Token]):
    """Emporix service tokens by the client-credentials grant, with the scopes they carry.

    Tokens are renewed `refresh_margin` seconds (at most a tenth of their lifetime) before they
    expire; the shared flow (tui/http/bearer.py) renews one at a time and retries a 401 once.
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
        super().__init__(client_id, client_secret, refresh_margin=refresh_margin, clock=clock)
        self._fetch = fetch
        self._scope = scope

    @property
    def scopes(self) -> frozenset[str]:
        """Scopes granted with the current token (empty before the first token)."""
        return self._token.scopes if self._token else frozenset()

    async def _renew(self, previous: Token | None) -> Token:
        return await self._request_token()

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
        margin = self._refresh_margin(expires_in)
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
