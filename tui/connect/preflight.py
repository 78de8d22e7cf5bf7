"""Checks a connection before the UI starts, turning each way it can fail into one paragraph."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.config.connection import Connection
from tui.connect.backends import open_service
from tui.core.errors import BackendError, Forbidden, NetworkError, NotFound, Unauthorized
from tui.emporix.names import MANAGE_SCOPE, READ_SCOPE

if TYPE_CHECKING:
    from tui.emporix.auth import Token
    from tui.emporix.models import Customer
    from tui.emporix.paging import Page


class ConnectionProblem(Exception):
    """The API cannot be used with this connection; str() says what failed and what to check."""


@dataclass(frozen=True)
class CheckResult:
    """What a successful check learned: the token's scopes and how many customers are visible."""

    scopes: frozenset[str]
    customers: int | None
    token: Token | None = field(default=None, repr=False)
    """The token the check signed in with, for the app to reuse (its value is a SecretStr)."""
    first_page: Page[Customer] | None = field(default=None, repr=False)
    """The first page of all customers, unsorted (`list_customers()` with its default size): the
    list the search screen opens with, so the app shows it without asking again."""

    def summary(self, connection: Connection) -> str:
        """One line for `customer-tui --check`."""
        count = "an unknown number of" if self.customers is None else f"{self.customers}"
        access = "read and change" if MANAGE_SCOPE in self.scopes else "read only"
        ro = ", read-only by profile or flag" if connection.read_only else ""
        scopes = " ".join(sorted(self.scopes)) or "none reported"
        return (
            f"OK: {connection.title}; {count} customers visible; access: {access}{ro}. "
            f"Scopes: {scopes}."
        )


def _status(exc: Exception) -> str:
    status = getattr(exc, "status", None)
    message = getattr(exc, "message", None) or str(exc)
    return f"{status}: {message}" if status else message


async def check_connection(connection: Connection) -> CheckResult:
    """Sign in and read the first page of customers, so a bad URL, secret, tenant or scope is
    caught up front; the page is kept for the app's first screen."""
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
