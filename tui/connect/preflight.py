"""Checks a connection before the UI starts, turning each way it can fail into one paragraph."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.config.connection import Connection
from tui.connect.backends import open_backend, open_kibo_client, open_service
from tui.core.errors import (
    BackendError,
    Forbidden,
    Invalid,
    NetworkError,
    NotFound,
    Unauthorized,
)
from tui.emporix.names import MANAGE_SCOPE, READ_SCOPE
from tui.kibo.names import MANAGE_PERMISSION as KIBO_MANAGE
from tui.kibo.names import READ_PERMISSION as KIBO_READ

if TYPE_CHECKING:
    from tui.core.backend import Backend
    from tui.emporix.auth import Token
    from tui.emporix.models import Customer
    from tui.emporix.paging import Page
    from tui.kibo.auth import AppToken
    from tui.kibo.models import B2BAccount, Collection


FIRST_PAGE_SIZE = 60
"""The Kibo check reads the first page of accounts as the account list asks for it (its
PAGE_SIZE), so the list can open with it."""


class ConnectionProblem(Exception):
    """The API cannot be used with this connection; str() says what failed and what to check."""


@dataclass(frozen=True)
class CheckResult:
    """What a successful check learned, per platform.

    Emporix: the token's scopes, how many customers are visible, and (for the app to reuse) the
    token and the first page of customers. Kibo: how many B2B accounts are visible, and the
    application token and first page of accounts; Kibo's token lists no behaviors, so `scopes`
    is empty and the Emporix fields are None.
    """

    scopes: frozenset[str]
    customers: int | None
    token: Token | None = field(default=None, repr=False)
    """Emporix: the token the check signed in with, for the app to reuse (a SecretStr inside)."""
    first_page: Page[Customer] | None = field(default=None, repr=False)
    """Emporix: the first page of all customers, unsorted (`list_customers()` with its default
    size): the list the search screen opens with, so the app shows it without asking again."""
    platform: str = "emporix"
    accounts: int | None = None
    """Kibo: how many B2B accounts the application sees."""
    kibo_token: AppToken | None = field(default=None, repr=False)
    """Kibo: the application token, for `KiboClient.auth.adopt` (values are SecretStr)."""
    first_accounts: Collection[B2BAccount] | None = field(default=None, repr=False)
    """Kibo: the first page of accounts (startIndex 0, FIRST_PAGE_SIZE, no filter or sort)."""

    def summary(self, connection: Connection) -> str:
        """What works, in words, for `customer-tui --check`."""
        ro = ", read-only by profile or flag" if connection.read_only else ""
        if self.platform == "kibo":
            count = "an unknown number of" if self.accounts is None else f"{self.accounts}"
            return (
                f"OK: Kibo tenant {connection.tenant}, site {connection.site} at "
                f"{connection.api_host}, as application {connection.client_id}{ro}. Signing in "
                f"works; reading works ({count} B2B accounts visible; behavior {KIBO_READ}). "
                f"Changes need the behavior {KIBO_MANAGE}, which the check cannot see (a Kibo "
                "token does not list its behaviors): without it a change is refused when tried, "
                "naming the behavior."
            )
        count = "an unknown number of" if self.customers is None else f"{self.customers}"
        access = "read and change" if MANAGE_SCOPE in self.scopes else "read only"
        scopes = " ".join(sorted(self.scopes)) or "none reported"
        return (
            f"OK: {connection.title}; {count} customers visible; access: {access}{ro}. "
            f"Scopes: {scopes}."
        )


def _status(exc: Exception) -> str:
    status = getattr(exc, "status", None)
    message = getattr(exc, "message", None) or str(exc)
    return f"{status}: {message}" if status else message


def load_check(connection: Connection) -> None:
    """Import the client the check of `connection` uses. Run first, the check can then go on in
    a thread beside another import (Textual's) instead of waiting on its import locks."""
    client = "tui.kibo.client" if connection.platform == "kibo" else "tui.emporix.client"
    importlib.import_module(client)


async def check_connection(connection: Connection) -> CheckResult:
    """Sign in and read the first page (of customers, or of Kibo's B2B accounts), so a bad
    URL, secret, tenant, site or permission is caught up front; the page is kept for the app's
    first screen. Raises ConnectionProblem, in words."""
    if connection.platform == "kibo":
        return await _check_kibo(connection)
    return await _check_emporix(connection)


async def _check_emporix(connection: Connection) -> CheckResult:
    url = connection.api_url
    who = f"client {connection.client_id!r}"
    service = open_service(connection)
    try:
        async with service:
            try:
                scopes = frozenset(await service.authenticate())
            except NetworkError as exc:
                raise ConnectionProblem(
                    f"Cannot reach the API at {url}: {exc.message}. Check the URL (--api-url, "
                    "$EMPORIX_API_URL or the profile's api_url), your network, VPN and proxy "
                    "settings (HTTPS_PROXY). Nothing was changed."
                ) from None
            except Unauthorized as exc:
                raise ConnectionProblem(
                    f"The API at {url} rejected the credentials of {who} ({_status(exc)}). "
                    "Check the client id and the secret: `customer-tui profiles` shows where "
                    "the secret comes from, and $EMPORIX_CLIENT_SECRET overrides it."
                ) from None
            except BackendError as exc:
                raise ConnectionProblem(_sign_in_failed(url, who, exc)) from None
            try:
                page = await service.list_customers()
            except NetworkError as exc:
                raise ConnectionProblem(
                    f"Signed in, but the API at {url} then failed: {exc.message}. Check your "
                    "network and try again. Nothing was changed."
                ) from None
            except Forbidden as exc:
                missing = exc.missing_permission or (
                    READ_SCOPE if not service.can(READ_SCOPE) else None
                )
                if missing and scopes and missing not in scopes:
                    raise ConnectionProblem(
                        f"{who} on tenant {connection.tenant!r} lacks the scope {missing} "
                        f"({_status(exc)}). Ask your Emporix administrator to add it to the "
                        f"API key (and {MANAGE_SCOPE} to change customers)."
                    ) from None
                raise ConnectionProblem(_tenant_refused(connection, exc)) from None
            except (Unauthorized, NotFound) as exc:
                raise ConnectionProblem(_tenant_refused(connection, exc)) from None
            except BackendError as exc:
                retry = (
                    " It is the server's fault; try again in a moment." if _server_side(exc) else ""
                )
                raise ConnectionProblem(
                    f"The API at {url} answered the first request for tenant "
                    f"{connection.tenant!r} with an error ({exc}). Nothing was changed.{retry}"
                ) from None
    except OSError as exc:
        # Anything the client did not wrap (a broken proxy setting, a TLS file) still gets words.
        raise ConnectionProblem(f"Cannot reach the API at {url}: {exc}.") from None
    return CheckResult(
        scopes=scopes, customers=page.total, token=service.auth.current, first_page=page
    )


def _server_side(exc: Exception) -> bool:
    """A 5xx (or a 429): the server's trouble, which a retry may get past, not the settings'."""
    status = getattr(exc, "status", None)
    return isinstance(status, int) and (status >= 500 or status == 429)


def _sign_in_failed(url: str, who: str, exc: Exception) -> str:
    if _server_side(exc):
        return (
            f"Signing in at {url} as {who} failed ({_status(exc)}). That is the server's fault, "
            "not your URL or credentials, and it may pass: try again in a moment "
            "(`customer-tui --check` tries once and exits). Nothing was changed."
        )
    return (
        f"Signing in at {url} as {who} failed ({_status(exc)}). Check the API URL and the "
        "credentials."
    )


def _tenant_refused(connection: Connection, exc: Exception) -> str:
    return (
        f"Signed in as {connection.client_id!r}, but tenant {connection.tenant!r} refused the "
        f"first request; the API says {_status(exc)}. Check the tenant name (--tenant, "
        "$EMPORIX_TENANT or the profile's tenant): it is the one in your API paths, in lower "
        "case, and the API key must belong to it."
    )


async def _check_kibo(connection: Connection) -> CheckResult:
    """Kibo: sign the application in, then read one page of B2B accounts."""
    client = open_kibo_client(connection)
    who = f"application {connection.client_id!r}"
    try:
        async with client:
            try:
                await client.authenticate()
            except BackendError as exc:
                failed = _kibo_sign_in_failed(connection, client.auth_url, who, exc)
                raise ConnectionProblem(failed) from None
            try:
                page = await client.list_accounts(page_size=FIRST_PAGE_SIZE)
            except BackendError as exc:
                raise ConnectionProblem(_kibo_read_failed(connection, who, exc)) from None
            token = client.auth.current
    except OSError as exc:
        raise ConnectionProblem(f"Cannot reach Kibo at {connection.api_url}: {exc}.") from None
    return CheckResult(
        scopes=frozenset(),
        customers=None,
        platform="kibo",
        accounts=page.total_count,
        kibo_token=token,
        first_accounts=page,
    )


def _kibo_said(exc: BackendError) -> str:
    """Status, Kibo's errorCode and its message, e.g. "401 INVALID_CREDENTIALS: Invalid …"."""
    code = getattr(exc, "error_code", None)
    head = " ".join(str(part) for part in (exc.status, code) if part)
    said = (exc.server_message or exc.message).rstrip(".")
    return f"{head}: {said}" if head else said


def _kibo_sign_in_failed(connection: Connection, auth_url: str, who: str, exc: BackendError) -> str:
    where = f"{auth_url}/platform/applications/authtickets/oauth"
    if isinstance(exc, NetworkError):
        setting = "auth_url" if connection.auth_url else "api_url"
        return (
            f"Cannot reach Kibo to sign in at {where}: {exc.message}. Check the profile's "
            f"{setting}, your network, VPN and proxy settings (HTTPS_PROXY). Nothing was changed."
        )
    if isinstance(exc, Unauthorized):
        return (
            f"Kibo refused to sign in {who} ({_kibo_said(exc)}). INVALID_CREDENTIALS means "
            "the application key (client_id) or its shared secret is wrong: copy both from "
            "Kibo's Dev Center (Develop > Applications > your application), and check that the "
            f"application is installed and enabled on tenant {connection.tenant}. "
            "`customer-tui profiles` shows where the secret comes from. Nothing was changed."
        )
    if _server_side(exc):
        return (
            f"Signing in at {where} as {who} failed ({_kibo_said(exc)}). That is Kibo's fault, "
            "not your settings, and it may pass: try again in a moment. Nothing was changed."
        )
    return (
        f"Signing in at {where} as {who} failed ({_kibo_said(exc)}). Check the profile's "
        "api_url (or auth_url), client_id and secret."
    )


def _kibo_context_refused(exc: BackendError) -> str | None:
    """ "tenant" or "site" when Kibo's 403 names the x-vol-tenant or x-vol-site header."""
    for detail in exc.details:
        if detail.field in ("x-vol-tenant", "x-vol-site"):
            return detail.field.removeprefix("x-vol-")
    return None


def _kibo_read_failed(connection: Connection, who: str, exc: BackendError) -> str:
    first = (
        f"Signed in as {who}, but reading the B2B accounts of tenant {connection.tenant}, site "
        f"{connection.site} failed ({_kibo_said(exc)})."
    )
    if isinstance(exc, NetworkError):
        return f"{first} Check your network and try again. Nothing was changed."
    context = _kibo_context_refused(exc) if isinstance(exc, Forbidden) else None
    if context is not None or isinstance(exc, Unauthorized):
        what = context or "tenant or site"
        return (
            f"{first} Kibo refused the {what}: check the profile's tenant (the tenant id, the "
            f"12345 of t12345) and site (the site id), and that the application is installed "
            "on that tenant. Nothing was changed."
        )
    if isinstance(exc, Forbidden):
        named = next((d.message for d in exc.details if d.field == "behavior"), None)
        missing = named or exc.missing_permission or KIBO_READ
        return (
            f"{first} The application lacks the behavior {missing}. In Kibo's Dev Center, "
            "open the application, Packages > Behaviors, add it (and "
            f"{KIBO_MANAGE} to change accounts and users), then install the application on the "
            "tenant again: a token carries the behaviors it was issued with."
        )
    if isinstance(exc, NotFound):
        return (
            f"{first} Check the profile's api_url: it is the tenant's host with /api, e.g. "
            "https://t12345.sandbox.mozu.com/api, and the tenant must have B2B accounts enabled."
        )
    if isinstance(exc, Invalid):
        return f"{first} Check the profile's tenant and site. Nothing was changed."
    retry = " It is Kibo's fault; try again in a moment." if _server_side(exc) else ""
    return f"{first} Nothing was changed.{retry}"


def open_checked_backend(connection: Connection, checked: CheckResult | None) -> Backend:
    """The backend, signed in with the connection check's token and opening with its first
    page when the check read them (Kibo; Emporix's client adopts them in the app)."""
    backend = open_backend(connection)
    if checked is not None and checked.kibo_token is not None:
        from tui.kibo.backend import KiboBackend  # loaded by open_backend already

        if isinstance(backend, KiboBackend):
            backend.adopt(checked.kibo_token, checked.first_accounts)
    return backend
