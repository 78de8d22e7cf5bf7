"""Checks every request the Kibo client sends, and every answer it gets, against kibo-b2b-accounts.json."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

SPEC = Path(__file__).resolve().parents[1] / "contracts" / "kibo-b2b-accounts.json"
# One of the spec's servers (`https://t{tenantId}.{env}.mozu.com/api`): the sandbox's prefix
# /kibo/api stands where that server's /api stands.
SPEC_HOST = "https://t10000.sandbox.mozu.com"
PREFIX = "/kibo/api"
TOKEN_PATH = "/platform/applications/authtickets/oauth"


@cache
def spec() -> OpenAPI:
    raw = json.loads(SPEC.read_text(encoding="utf-8"))
    # The spec's global bearer security also covers the token endpoint, which cannot carry a
    # token it has not got yet; without this, openapi-core stops there and never checks the body.
    # (In memory only: the file stays as it is.)
    raw["paths"][TOKEN_PATH]["post"]["security"] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return OpenAPI.from_dict(raw)


def spec_path(request: httpx.Request) -> str:
    """The request's path as the spec's server sees it (/api/...)."""
    path = request.url.path
    _, found, rest = path.partition(PREFIX)
    return "/api" + rest if found else path


class _Request:
    """An httpx request as openapi-core sees it, addressed to the spec's server."""

    host_url = SPEC_HOST

    def __init__(self, request: httpx.Request) -> None:
        self._request = request
        query = parse_qs(request.url.query.decode(), keep_blank_values=True)
        self.parameters = RequestParameters(
            query=ImmutableMultiDict([(k, v) for k, vs in query.items() for v in vs]),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
        )
        self.path = spec_path(request)
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "")


class _Response:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.data = response.content
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(list(response.headers.items()))


def _describe(exc: Exception) -> str:
    cause = exc.__cause__ or exc.__context__
    text = f"{type(exc).__name__}: {exc}"
    errors = getattr(cause, "schema_errors", None) or getattr(exc, "schema_errors", None)
    if errors:
        text += " (" + "; ".join(str(e.message) for e in errors) + ")"
    elif cause:
        text += f" ({cause})"
    return text


def request_violations(request: httpx.Request) -> list[str]:
    """What is wrong with `request` by the spec (empty when it conforms)."""
    is_token = spec_path(request).endswith(TOKEN_PATH)
    problems: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            spec().validate_request(_Request(request))
        except Exception as exc:  # openapi-core raises a family of errors; all are violations
            problems.append(_describe(exc))
    if not is_token and not request.headers.get("authorization", "").startswith("Bearer "):
        problems.append("no bearer token")
    if not is_token and not request.headers.get("x-vol-tenant"):
        problems.append("no x-vol-tenant header")
    return problems


def response_violations(response: httpx.Response) -> list[str]:
    """What is wrong with a 200 answer by the spec (error answers are not specified)."""
    if response.status_code != 200:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            spec().validate_response(_Request(response.request), _Response(response))
        except Exception as exc:
            return [_describe(exc)]
    return []


@dataclass
class Recorder:
    """httpx hooks: keep every request and answer, and fail on any contract violation."""

    requests: list[httpx.Request] = field(default_factory=list)
    responses: list[httpx.Response] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    check_contract: bool = True

    async def on_request(self, request: httpx.Request) -> None:
        self.requests.append(request)
        if self.check_contract:
            found = request_violations(request)
            if found:
                self.problems.extend(f"{request.method} {request.url}: {p}" for p in found)
                raise AssertionError(f"request violates the spec: {found}")

    async def on_response(self, response: httpx.Response) -> None:
        self.responses.append(response)
        if self.check_contract:
            await response.aread()
            found = response_violations(response)
            if found:
                self.problems.extend(f"answer to {response.request.url}: {p}" for p in found)

    @property
    def hooks(self) -> dict[str, list[Any]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    def count(self, method: str, path_suffix: str = "") -> int:
        return sum(
            1 for r in self.requests if r.method == method and r.url.path.endswith(path_suffix)
        )

    @property
    def token_requests(self) -> int:
        return self.count("POST", TOKEN_PATH)

    def bodies(self, method: str) -> list[Any]:
        return [
            json.loads(r.content)
            for r in self.requests
            if r.method == method and r.content and not r.url.path.endswith(TOKEN_PATH)
        ]
