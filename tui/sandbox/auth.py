"""Client-credentials tokens for the demo clients, and the caller a token stands for."""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote_plus

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .config import DEMO_CLIENTS, TENANT, VALID_RESTRICTIONS
from .errors import ApiError, Detail, Unauthorized, forbidden

_MAX_CREDENTIAL = 256
MAX_TOKENS = 10_000


class Clock:
    """Monotonic seconds with an offset tests can advance, so token expiry needs no sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass(frozen=True)
class Caller:
    """Who is asking: the client, its granted scopes and the restrictions it may see."""

    client_id: str
    tenant: str
    scopes: frozenset[str]
    restrictions: frozenset[str]
    company: tuple[str, str] | None = None

    def require(self, *any_of: str) -> None:
        """403 naming the first scope unless the token holds at least one of `any_of`."""
        if not self.scopes.intersection(any_of):
            raise forbidden(any_of[0])


@dataclass
class _Token:
    caller: Caller
    expires_at: float


@dataclass
class TokenIssuer:
    """Issues opaque bearer tokens and resolves them back to callers."""

    ttl: int
    clock: Clock = field(default_factory=Clock)
    _tokens: dict[str, _Token] = field(default_factory=dict)

    def issue(self, client_id: str, secret: str, scope: str) -> tuple[str, Caller]:
        client = DEMO_CLIENTS.get(client_id) if len(client_id) <= _MAX_CREDENTIAL else None
        # Compared as bytes: compare_digest refuses non-ASCII text with a TypeError (a 500).
        given = secret.encode("utf-8", "replace")[: _MAX_CREDENTIAL + 1]
        if client is None or not secrets.compare_digest(client.secret.encode(), given):
            raise Unauthorized("Invalid client credentials", "oauth.v2.InvalidClientIdentifier")
        tenant = TENANT
        asked: set[str] = set()
        for part in scope.split():
            if part.startswith("tenant="):
                tenant = part.removeprefix("tenant=")
            else:
                asked.add(part)
        if tenant != TENANT:
            raise Unauthorized(f"Unknown tenant '{tenant}'", "oauth.v2.InvalidTenant")
        # Asking for specific scopes narrows the token; tests use it to get a weaker caller.
        granted = client.scopes & asked if asked else client.scopes
        caller = Caller(client_id, tenant, frozenset(granted), client.restrictions, client.company)
        token = secrets.token_urlsafe(24)
        now = self.clock()
        self._tokens = {k: v for k, v in self._tokens.items() if v.expires_at > now}
        if len(self._tokens) >= MAX_TOKENS:
            # A flood of token requests must not grow memory without end: the oldest go first.
            for stale in list(self._tokens)[: len(self._tokens) - MAX_TOKENS + 1]:
                del self._tokens[stale]
        self._tokens[token] = _Token(caller, now + self.ttl)
        return token, caller

    def __len__(self) -> int:
        """How many tokens are kept (expired ones go at the next issue)."""
        return len(self._tokens)

    def resolve(self, authorization: str | None) -> Caller:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise Unauthorized("Invalid access token", "oauth.v2.InvalidAccessToken")
        token = self._tokens.get(authorization[7:].strip())
        if token is None:
            raise Unauthorized("Invalid access token", "oauth.v2.InvalidAccessToken")
        if token.expires_at <= self.clock():
            raise Unauthorized("Access Token expired", "keymanagement.service.access_token_expired")
        return token.caller


def caller_for(request: Request, tenant: str) -> Caller:
    """The authenticated caller, checked against the tenant in the path."""
    issuer: TokenIssuer = request.app.state.sandbox.tokens
    caller = issuer.resolve(request.headers.get("authorization"))
    # Exactly: a tenant named in other letters (DEMO) is another tenant, as on the real API.
    if tenant != caller.tenant:
        raise ApiError(
            403,
            "forbidden",
            f"The token is not valid for tenant '{tenant}'.",
            [Detail("tenant", "tenant_mismatch", f"token belongs to tenant '{caller.tenant}'")],
        )
    return caller


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (unquote_plus(client_id), unquote_plus(secret)) if sep else None


async def token_endpoint(request: Request) -> Response:
    """POST /oauth/token: form-encoded client credentials."""
    issuer: TokenIssuer = request.app.state.sandbox.tokens
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("application/x-www-form-urlencoded"):
        raise ApiError(
            400,
            "bad_request",
            "The token request must be form-encoded (application/x-www-form-urlencoded).",
            [Detail("Content-Type", "invalid_value", "use application/x-www-form-urlencoded")],
        )
    # Parsed by hand: Starlette's form parser would need python-multipart for one endpoint.
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    values = {k: form.get(k, "") for k in ("grant_type", "client_id", "client_secret")}
    basic = _basic_credentials(request.headers.get("authorization"))
    if basic and not values["client_id"]:
        # RFC 6749 client_secret_basic, the default of many generic OAuth clients.
        values["client_id"], values["client_secret"] = basic
    if values["grant_type"] != "client_credentials":
        raise ApiError(
            400,
            "bad_request",
            "grant_type must be client_credentials",
            [Detail("grant_type", "invalid_value", "only client_credentials is supported")],
        )
    token, caller = issuer.issue(
        values["client_id"], values["client_secret"], form.get("scope", "")
    )
    # A client limited to some restrictions says so in its scope string, beside the tenant, as
    # `restriction=de`: real Emporix does not publish how a token carries them, and without it
    # an agent on such a client cannot tell a hidden customer from a missing one.
    limited = caller.restrictions < frozenset(VALID_RESTRICTIONS)
    shown = [f"restriction={r}" for r in sorted(caller.restrictions)] if limited else []
    scope = " ".join([f"tenant={caller.tenant}", *shown, *sorted(caller.scopes)])
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": issuer.ttl,
        "refresh_token": "",
        "refresh_token_expires_in": 0,
        "scope": scope,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"})
