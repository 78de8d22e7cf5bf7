"""The Kibo Commerce side of the sandbox: B2B accounts and users under /kibo/api, same SQLite file."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from ..store import Store
from . import accounts as ac
from . import users as us
from .auth import AppTokens, token_endpoint
from .config import APPLICATIONS, CLIENT_ID, PREFIX, SECRET, SITE_ID, TENANT_ID
from .demo import fixed, generated
from .errors import CatchAll, KiboError, handle_http_exception, handle_kibo_error, wire_body
from .state import KiboState
from .store import KiboStore, SeedRows, seed_rows

__all__ = [
    "CLIENT_ID",
    "PREFIX",
    "SECRET",
    "SITE_ID",
    "TENANT_ID",
    "KiboState",
    "KiboStore",
    "banner",
    "fault_body",
    "mount",
    "seed",
]

_B = "/commerce/customer/b2baccounts"
_ONE = _B + "/{accountId}"
_USER = _ONE + "/user/{userId}"


async def _index(request: Request) -> Response:
    return JSONResponse(
        {
            "service": "customer-tui Kibo sandbox",
            "tenant": TENANT_ID,
            "site": SITE_ID,
            "token": "POST /platform/applications/authtickets/oauth (JSON: client_id, "
            "client_secret, grant_type=client_credentials)",
            "accounts": _B,
        }
    )


ROUTES = [
    Route("/", _index, methods=["GET"]),
    Route("/platform/applications/authtickets/oauth", token_endpoint, methods=["POST"]),
    Route(_B, ac.list_accounts, methods=["GET"]),
    Route(_B + "/salesrep/{userId}", ac.accounts_of_sales_rep, methods=["GET"]),
    Route(_ONE, ac.get_account, methods=["GET"]),
    Route(_ONE, ac.update_account, methods=["PUT"]),
    Route(_ONE + "/hierarchy", ac.hierarchy, methods=["GET"]),
    Route(_ONE + "/status/{actionName}", ac.change_status, methods=["PUT"]),
    Route(_ONE + "/users", us.list_users, methods=["GET"]),
    Route(_ONE + "/user", us.add_user, methods=["POST"]),
    Route(_USER, us.update_user, methods=["PUT"]),
    Route(_USER + "/remove", us.remove_user, methods=["PUT"]),
    Route(_USER + "/roles", us.list_roles, methods=["GET"]),
    Route(_USER + "/roles/{roleId}", us.add_role, methods=["POST"]),
    Route(_USER + "/roles/{roleId}", us.remove_role, methods=["DELETE"]),
]


def banner(url: str) -> str:
    """The Kibo lines of `customer-tui sandbox`'s start-up banner."""
    base = url + PREFIX
    others = ", ".join(name for name in APPLICATIONS if name != CLIENT_ID)
    behaviors = "; ".join(
        f"{name} {', '.join(sorted(given)) or 'none'}" for name, given in APPLICATIONS.items()
    )
    token = (
        f"curl -s {base}/platform/applications/authtickets/oauth -H 'Content-Type: "
        f'application/json\' -d \'{{"client_id":"{CLIENT_ID}","client_secret":'
        f'"{SECRET}","grant_type":"client_credentials"}}\''
    )
    return (
        f"Kibo B2B sandbox at {base}\n"
        f"  tenant:   {TENANT_ID} (x-vol-tenant), site: {SITE_ID} (x-vol-site)\n"
        f"  client:   {CLIENT_ID} (secret: {SECRET})\n"
        f"  also:     {others}, same secret\n"
        f"  behaviors: {behaviors}\n"
        f'  app:      a profile with platform = "kibo", api_url = "{base}",\n'
        f'            tenant = "{TENANT_ID}", site = "{SITE_ID}" (README: "Connecting a real '
        'Kibo tenant")\n'
        f"  token:    {token}\n"
        f"  list:     curl -s -H 'Authorization: Bearer <token>' -H 'x-vol-tenant: {TENANT_ID}' "
        f"'{base}/commerce/customer/b2baccounts?pageSize=5'"
    )


def fault_body(status: int, kind: str, message: str) -> dict[str, object]:
    """An injected fault (see ..faults) in Kibo's error shape."""
    return dict(wire_body(status, kind.upper(), message))


def _make_rows(seed: int, users: int | None) -> SeedRows:
    fixed_accounts, fixed_users = fixed()
    more_accounts, more_users = generated(
        seed, users_wanted=None if users is None else max(0, users - len(fixed_users))
    )
    return seed_rows(fixed_accounts + more_accounts, fixed_users + more_users)


@functools.lru_cache(maxsize=2)
def _default_rows(seed: int) -> SeedRows:
    # Made once per process and seed: every test's sandbox seeds the same few thousand rows.
    return _make_rows(seed, None)


def seed(store: KiboStore, seed: int, users: int | None = None) -> None:
    """Replace the Kibo data with the fixed demo accounts and the generated ones: the default
    300 generated accounts, or with `users` as many accounts as make about that many users."""
    rows = _default_rows(seed) if users is None else _make_rows(seed, users)
    store.replace_all(rows, seed)


def mount(
    store: Store,
    *,
    seed_value: int,
    reset: bool,
    token_ttl: int,
    clock: Callable[[], float],
    users: int | None = None,
) -> tuple[Mount, KiboState]:
    """The Kibo app mounted at PREFIX, its data seeded when new (or when `reset`)."""
    kibo_store = KiboStore(store)
    if reset or not kibo_store.is_seeded():
        seed(kibo_store, seed_value, users)
    state = KiboState(kibo_store, AppTokens(token_ttl, clock))
    app = Starlette(
        routes=ROUTES,
        middleware=[Middleware(CatchAll)],
        exception_handlers={KiboError: handle_kibo_error, HTTPException: handle_http_exception},
    )
    app.state.kibo = state
    mounted = Mount(PREFIX, app=app)
    # A path with a line break in an id must still reach the Kibo side (and its error shape);
    # Starlette's pattern would let it fall through to the Emporix side's 404.
    mounted.path_regex = re.compile(mounted.path_regex.pattern, re.DOTALL)
    return mounted, state
