"""Application tokens (`/platform/applications/authtickets/oauth`) and the per-request guard."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .config import APPLICATIONS, READ_BEHAVIOR, SECRET, SITE_ID, TENANT_ID
from .errors import KiboError, invalid, unauthorized


@dataclass
class AppTokens:
    """Issues opaque access and refresh tokens for the demo application and checks them."""

    ttl: int
    clock: Callable[[], float]
    # token → (expires at, the application's behaviors): as in Kibo, a token carries them.
    _access: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict)
    _refresh: dict[str, tuple[float, frozenset[str]]] = field(default_factory=dict)
    issued: int = 0
    """How many tokens were issued (tests use it to see a refresh)."""

    def issue(self, behaviors: frozenset[str] = frozenset()) -> tuple[str, str]:
        now = self.clock()
        self._access = {k: v for k, v in self._access.items() if v[0] > now}
        self._refresh = {k: v for k, v in self._refresh.items() if v[0] > now}
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self._access[access] = (now + self.ttl, behaviors)
        self._refresh[refresh] = (now + self.ttl * 24, behaviors)
        self.issued += 1
        return access, refresh

    def use_refresh(self, token: str) -> frozenset[str] | None:
        """The behaviors of a valid refresh token (used up), or None."""
        expires, behaviors = self._refresh.pop(token, (0.0, frozenset()))
        return behaviors if expires > self.clock() else None

    def check(self, authorization: str | None) -> frozenset[str]:
        """The behaviors of a valid token; 401 for none, an unknown or an expired one."""
        if not authorization or not authorization.lower().startswith("bearer "):
            raise unauthorized(
                "Missing or invalid access token: send Authorization: Bearer <token>."
            )
        found = self._access.get(authorization[7:].strip())
        if found is None:
            raise unauthorized("The access token is not valid.")
        if found[0] <= self.clock():
            raise unauthorized("The access token has expired.")
        return found[1]

    def revoke_all(self) -> None:
        """Forget every token, refresh tokens too, as a revocation would (tests use it)."""
        self._access.clear()
        self._refresh.clear()


def tokens(request: Request) -> AppTokens:
    found: AppTokens = request.app.state.kibo.tokens
    return found


async def token_endpoint(request: Request) -> Response:
    """POST …/platform/applications/authtickets/oauth with a JSON OauthAuthRequest."""
    unknown = sorted(k for k in request.query_params if k != "responseFields")
    if unknown:
        raise invalid(unknown[0], "is not a parameter of the token request")
    raw = await request.body()
    try:
        body = json.loads(raw) if raw else {}
    except (ValueError, UnicodeDecodeError):
        raise invalid("body", "must be JSON: {client_id, client_secret, grant_type}") from None
    if not isinstance(body, dict):
        raise invalid("body", "must be a JSON object")
    grant = body.get("grant_type") or "client_credentials"
    issuer = tokens(request)
    if grant == "refresh_token":
        refresh = body.get("refresh_token")
        behaviors = issuer.use_refresh(refresh) if isinstance(refresh, str) else None
        if behaviors is None:
            raise unauthorized("The refresh token is not valid.", "INVALID_CREDENTIALS")
    elif grant == "client_credentials":
        client_id, secret = body.get("client_id"), body.get("client_secret")
        good = (
            isinstance(client_id, str)
            and isinstance(secret, str)
            and client_id in APPLICATIONS
            and secrets.compare_digest(secret.encode(), SECRET.encode())
        )
        if not good:
            raise unauthorized(
                "Invalid credentials: the application's client_id or client_secret is wrong.",
                "INVALID_CREDENTIALS",
            )
        behaviors = APPLICATIONS[str(client_id)]
    else:
        raise invalid("grant_type", "must be client_credentials or refresh_token")
    access, refresh = issuer.issue(behaviors)
    answer = {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": issuer.ttl,
        "refresh_token": refresh,
    }
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


def _context(request: Request, header: str, expected: int, what: str) -> None:
    raw = request.headers.get(header)
    # Without the header the host would say it; the sandbox has one tenant and one site.
    if raw is None or raw.strip() == str(expected):
        return
    raise KiboError(
        403,
        "FORBIDDEN",
        f"The application is not allowed on {what} {raw.strip()!r}; this sandbox serves "
        f"{what} {expected}.",
        [(header, raw.strip())],
    )


def guard(request: Request, behavior: str = READ_BEHAVIOR) -> None:
    """401 without a valid token; 403 when x-vol-tenant or x-vol-site names another one, or
    when the application lacks the `behavior` the operation needs."""
    authorization = request.headers.get("authorization")
    claims = request.headers.get("x-vol-app-claims")
    if not authorization and claims:
        # Kibo's own SDKs send the application token in this header instead.
        authorization = f"Bearer {claims}"
    behaviors = tokens(request).check(authorization)
    _context(request, "x-vol-tenant", TENANT_ID, "tenant")
    _context(request, "x-vol-site", SITE_ID, "site")
    if behavior not in behaviors:
        raise KiboError(
            403,
            "FORBIDDEN",
            f"The application lacks the behavior {behavior!r} this operation needs.",
            [("behavior", behavior)],
        )
