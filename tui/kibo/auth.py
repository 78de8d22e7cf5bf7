"""Kibo application tokens as an `httpx.Auth`: cached, renewed before expiry, one renewal at a time."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from tui.http.bearer import BearerAuth
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


class AppTokenAuth(BearerAuth[AppToken]):
    """Kibo application tokens from authtickets/oauth.

    A token is renewed `refresh_margin` seconds (at most a tenth of its life) before it
    expires, with its refresh token when it has one (else, or if that fails, with the client
    credentials); the shared flow (tui/http/bearer.py) renews one at a time and retries a 401
    once.
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
        super().__init__(client_id, client_secret, refresh_margin=refresh_margin, clock=clock)
        self._fetch = fetch

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
        margin = self._refresh_margin(expires_in)
        refresh = data.get("refresh_token")
        return AppToken(
            value=SecretStr(value),
            refresh_token=SecretStr(refresh) if isinstance(refresh, str) and refresh else None,
            expires_at=started + expires_in,
            refresh_at=started + expires_in - margin,
        )
