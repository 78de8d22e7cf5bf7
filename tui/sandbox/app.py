"""The sandbox ASGI application: routes, error handlers, fault middleware and startup seeding."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import addresses as ad
from . import customers as cu
from . import imports as im
from . import kibo, seeding
from .auth import Clock, TokenIssuer, token_endpoint
from .config import TENANT, SandboxConfig
from .errors import (
    ApiError,
    CatchAllMiddleware,
    Unauthorized,
    handle_api_error,
    handle_http_exception,
    handle_unauthorized,
)
from .faults import BodyShape, FaultMiddleware, Faults
from .limits import LimitsMiddleware
from .state import SandboxState
from .store import Store

_C = "/customer/{tenant}/customers"
_ONE = _C + "/{customerNumber}"
_ADDR = _ONE + "/addresses/{addressId}"
_RETENTION = "/customer/{tenant}/config/password-migration-retention"


async def root(request: Request) -> Response:
    """A friendly index for someone who points curl or a browser at the sandbox."""
    state: SandboxState = request.app.state.sandbox
    return JSONResponse(
        {
            "service": "customer-tui Emporix sandbox",
            "tenant": TENANT,
            "token": "POST /oauth/token (form: grant_type=client_credentials, client_id, "
            "client_secret)",
            "customers": f"/customer/{TENANT}/customers",
            "count": await run_in_threadpool(state.store.count),
        }
    )


ROUTES = [
    Route("/", root, methods=["GET"]),
    Route("/oauth/token", token_endpoint, methods=["POST"]),
    Route(_C + "/search", cu.search_customers, methods=["POST"]),
    Route(_C + "/import", im.import_customers, methods=["POST"]),
    Route(_RETENTION, im.get_retention, methods=["GET"]),
    Route(_RETENTION, im.set_retention, methods=["POST"]),
    Route(_RETENTION, im.delete_retention, methods=["DELETE"]),
    Route(_C, cu.list_customers, methods=["GET"]),
    Route(_C, cu.create_customer, methods=["POST"]),
    Route(_ONE, cu.get_customer, methods=["GET"]),
    Route(_ONE, cu.put_customer, methods=["PUT"]),
    Route(_ONE, cu.patch_customer, methods=["PATCH"]),
    Route(_ONE, cu.delete_customer, methods=["DELETE"]),
    Route(_ONE + "/accounts/internal", cu.assign_account, methods=["POST"]),
    Route(_ONE + "/addresses", ad.list_addresses, methods=["GET"]),
    Route(_ONE + "/addresses", ad.add_address, methods=["POST"]),
    Route(_ADDR, ad.get_address, methods=["GET"]),
    Route(_ADDR, ad.put_address, methods=["PUT"]),
    Route(_ADDR, ad.patch_address, methods=["PATCH"]),
    Route(_ADDR, ad.delete_address, methods=["DELETE"]),
    Route(_ADDR + "/tags", ad.add_tags, methods=["POST"]),
    Route(_ADDR + "/tags", ad.remove_tags, methods=["DELETE"]),
]


def open_store(config: SandboxConfig) -> Store:
    """Open (and seed when empty or asked to reset) the store the config points at."""
    store = Store(config.db_path, TENANT)
    if config.reset or not store.is_seeded():
        seeding.seed(store, config.seed, config.customers)
    return store


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A ready sandbox: seeded store, demo clients, faults as configured."""
    config = config or SandboxConfig()
    clock = Clock()
    faults = Faults.from_config(config)
    state = SandboxState(
        config=config,
        store=open_store(config),
        tokens=TokenIssuer(config.token_ttl, clock),
        faults=faults,
        clock=clock,
    )
    kibo_mount, kibo_state = kibo.mount(
        state.store,
        seed_value=config.seed,
        reset=config.reset,
        token_ttl=config.token_ttl,
        clock=clock,
        users=config.kibo_users,
    )
    shapes: dict[str, BodyShape] = {kibo.PREFIX: kibo.fault_body}
    app = Starlette(
        routes=[*ROUTES, kibo_mount],
        middleware=[
            Middleware(FaultMiddleware, faults=faults, shapes=shapes),
            Middleware(CatchAllMiddleware),
            Middleware(LimitsMiddleware, budget_s=config.time_budget),
        ],
        exception_handlers={
            ApiError: handle_api_error,
            Unauthorized: handle_unauthorized,
            HTTPException: handle_http_exception,
        },
    )
    app.state.sandbox = state
    app.state.kibo = kibo_state
    return app
