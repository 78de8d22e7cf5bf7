"""Kibo's error body (`message`, `errorCode`, `applicationName`, `additionalErrorData`, `items`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import APPLICATION_NAME

log = logging.getLogger("tui.sandbox.kibo")

_EXCEPTION_TYPES = {
    400: "Mozu.Core.Exceptions.VaeValidationException",
    401: "Mozu.Core.Exceptions.VaeUnAuthorizedException",
    403: "Mozu.Core.Exceptions.VaeUnAuthorizedException",
    404: "Mozu.Core.Exceptions.VaeItemNotFoundException",
    409: "Mozu.Core.Exceptions.VaeConflictException",
}


@dataclass
class KiboError(Exception):
    """Raised anywhere in a Kibo handler; becomes Kibo's error body with this status."""

    status: int
    code: str
    message: str
    data: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def to_wire(self) -> dict[str, Any]:
        return wire_body(self.status, self.code, self.message, self.data)


def wire_body(
    status: int, code: str, message: str, data: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """The body Kibo answers an error with."""
    return {
        "message": message,
        "errorCode": code,
        "applicationName": APPLICATION_NAME,
        "additionalErrorData": [{"name": n, "value": v} for n, v in data or []],
        "items": [],
        "exceptionDetail": {
            "type": _EXCEPTION_TYPES.get(status, "System.Exception"),
            "message": message,
        },
    }


def invalid(name: str, message: str, code: str = "MISSING_OR_INVALID_PARAMETER") -> KiboError:
    """400 about one parameter or field, named in `additionalErrorData`."""
    return KiboError(
        400, code, f"Missing or invalid parameter: {name} {message}", [(name, message)]
    )


def not_found(what: str, ident: object) -> KiboError:
    return KiboError(
        404,
        "ITEM_NOT_FOUND",
        f"Item not found: {what} {ident} not found",
        [("ItemType", what), ("Id", str(ident))],
    )


def unauthorized(message: str, code: str = "UNAUTHORIZED") -> KiboError:
    return KiboError(401, code, message, headers={"WWW-Authenticate": "Bearer"})


def error_response(err: KiboError) -> JSONResponse:
    return JSONResponse(err.to_wire(), status_code=err.status, headers=err.headers or None)


async def handle_kibo_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KiboError)
    return error_response(exc)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    codes = {404: "ITEM_NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
    code = codes.get(exc.status_code, "MISSING_OR_INVALID_PARAMETER")
    return error_response(KiboError(exc.status_code, code, str(exc.detail)))


class CatchAll:
    """An unexpected exception becomes a 500 in Kibo's shape, never a crash of the caller."""

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
            log.exception("unexpected error in the Kibo sandbox")
            if started or scope["type"] != "http":
                raise
            err = KiboError(
                500, "UNEXPECTED_ERROR", f"Unexpected sandbox error: {type(exc).__name__}"
            )
            await error_response(err)(scope, receive, send)
