"""The API's error bodies: ErrorMessage for everything, the gateway `fault` shape for 401."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("tui.sandbox")


def _printable(text: str) -> str:
    """Messages echo what the client sent; a lone surrogate in it could not be encoded."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass
class Detail:
    field: str
    type: str
    message: str

    def to_wire(self) -> dict[str, str]:
        return {
            "field": _printable(self.field),
            "type": self.type,
            "message": _printable(self.message),
        }


@dataclass
class ApiError(Exception):
    """Raised anywhere in a handler; becomes an ErrorMessage response."""

    status: int
    type: str
    message: str
    details: list[Detail] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.type}: {self.message}"

    def to_wire(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "type": self.type,
            "message": _printable(self.message),
            "details": [d.to_wire() for d in self.details],
        }


@dataclass
class Unauthorized(Exception):
    """A missing, unknown or expired token: the gateway answers before the service does."""

    faultstring: str
    errorcode: str


def bad_request(field_name: str, message: str, type_: str = "invalid_value") -> ApiError:
    return ApiError(
        400,
        "validation_failure",
        f"Invalid request: {field_name}: {message}",
        [Detail(field_name, type_, message)],
    )


def invalid_fields(details: list[Detail]) -> ApiError:
    fields = ", ".join(d.field for d in details)
    return ApiError(400, "validation_failure", f"Invalid request: check {fields}", details)


def forbidden(scope: str, message: str | None = None) -> ApiError:
    msg = message or f"User not authorized: the token lacks the scope '{scope}'."
    return ApiError(403, "forbidden", msg, [Detail("scope", "missing_scope", scope)])


def customer_not_found(number: str) -> ApiError:
    # The spec's example uses type "application/json", which breaks its own type pattern;
    # "not_found" keeps the shape and satisfies the schema.
    return ApiError(
        404,
        "not_found",
        "Customer not Found",
        [
            Detail(
                "customerNumber",
                "not_found",
                f"Couldn't find a customer with customerNumber '{number}'",
            )
        ],
    )


def address_not_found(number: str, address_id: str) -> ApiError:
    return ApiError(
        404,
        "resource_not_found",
        f"Address {address_id} of customer {number} not found.",
        [Detail("addressId", "not_found", f"No address '{address_id}' on customer '{number}'")],
    )


def version_conflict(expected: object, actual: int) -> ApiError:
    return ApiError(
        409,
        "optimistic_lock_failure",
        f"The resource was changed by someone else: version {expected} was sent, "
        f"the current version is {actual}.",
        [Detail("metadata.version", "stale_version", f"current version is {actual}")],
    )


def duplicate(message: str, field_name: str) -> ApiError:
    return ApiError(409, "conflict_resource", message, [Detail(field_name, "duplicate", message)])


def error_response(err: ApiError) -> JSONResponse:
    return JSONResponse(err.to_wire(), status_code=err.status, headers=err.headers or None)


def unauthorized_response(err: Unauthorized) -> JSONResponse:
    body = {"fault": {"faultstring": err.faultstring, "detail": {"errorcode": err.errorcode}}}
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})


async def handle_api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def handle_unauthorized(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Unauthorized)
    return unauthorized_response(exc)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    kinds = {404: "not_found", 405: "method_not_allowed"}
    err = ApiError(exc.status_code, kinds.get(exc.status_code, "bad_request"), str(exc.detail))
    return error_response(err)


class CatchAllMiddleware:
    """Turns an unexpected exception into a 500 ErrorMessage instead of re-raising it, which
    Starlette's own handler does and which would surface in-process clients as a crash."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            log.exception("unexpected error in the sandbox")
            if started or scope["type"] != "http":
                raise
            err = ApiError(
                500, "internal_server_error", f"Unexpected sandbox error: {type(exc).__name__}"
            )
            await error_response(err)(scope, receive, send)
