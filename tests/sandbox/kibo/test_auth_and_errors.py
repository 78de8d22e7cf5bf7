"""The Kibo side's token endpoint, its guard (token, tenant, site), and its error bodies."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from tests.sandbox.kibo.conftest import ACCOUNTS, TOKEN, Connect
from tui.sandbox.kibo import CLIENT_ID, SECRET

KIBO_ERROR_KEYS = {"message", "errorCode", "applicationName", "additionalErrorData", "items"}


async def test_token_answer_has_exactly_the_specs_fields(connect: Connect) -> None:
    client = await connect(signed_in=False)
    body = {"client_id": CLIENT_ID, "client_secret": SECRET, "grant_type": "client_credentials"}
    answer = await client.post(TOKEN, json=body)
    assert answer.status_code == 200
    token = answer.json()
    assert set(token) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert token["expires_in"] == 3600 and answer.headers["cache-control"] == "no-store"
    again = await client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    )
    assert again.status_code == 200 and again.json()["access_token"] != token["access_token"]
    reused = await client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": token["refresh_token"]}
    )
    assert reused.status_code == 401  # a refresh token is good for one renewal


@pytest.mark.parametrize(
    "body",
    [
        {
            "client_id": CLIENT_ID,
            "client_secret": "s3cr3t-guess",
            "grant_type": "client_credentials",
        },
        {"client_id": "someone-else", "client_secret": SECRET},
        {},
    ],
)
async def test_bad_application_credentials_are_401_invalid_credentials(
    connect: Connect, body: dict[str, str]
) -> None:
    client = await connect(signed_in=False)
    answer = await client.post(TOKEN, json=body)
    assert answer.status_code == 401
    error = answer.json()
    assert set(error) >= KIBO_ERROR_KEYS and error["errorCode"] == "INVALID_CREDENTIALS"
    assert "s3cr3t-guess" not in answer.text


async def test_a_form_encoded_token_request_is_refused(connect: Connect) -> None:
    client = await connect(signed_in=False)
    answer = await client.post(TOKEN, data={"client_id": CLIENT_ID, "client_secret": SECRET})
    assert (
        answer.status_code == 400 and answer.json()["errorCode"] == "MISSING_OR_INVALID_PARAMETER"
    )


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic abc"])
async def test_no_valid_token_is_401(connect: Connect, authorization: str | None) -> None:
    client = await connect(signed_in=False)
    headers = {"Authorization": authorization} if authorization else {}
    answer = await client.get(ACCOUNTS, headers=headers)
    assert answer.status_code == 401 and answer.json()["errorCode"] == "UNAUTHORIZED"
    assert answer.headers["www-authenticate"] == "Bearer"


async def test_an_expired_token_is_401(connect: Connect, app: Starlette) -> None:
    client = await connect()
    app.state.sandbox.clock.advance(3601)
    answer = await client.get(ACCOUNTS)
    assert answer.status_code == 401 and "expired" in answer.json()["message"]


@pytest.mark.parametrize(("header", "value"), [("x-vol-tenant", "12345"), ("x-vol-site", "1")])
async def test_another_tenant_or_site_is_refused(
    kibo: httpx.AsyncClient, header: str, value: str
) -> None:
    answer = await kibo.get(ACCOUNTS, headers={header: value})
    assert answer.status_code == 403
    error = answer.json()
    assert (
        error["errorCode"] == "FORBIDDEN"
        and {"name": header, "value": value} in error["additionalErrorData"]
    )


async def test_without_context_headers_the_demo_tenant_is_meant(kibo: httpx.AsyncClient) -> None:
    del kibo.headers["x-vol-tenant"], kibo.headers["x-vol-site"]
    assert (await kibo.get(ACCOUNTS + "/1001")).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        ACCOUNTS + "/424242",
        ACCOUNTS + "/424242/users",
        ACCOUNTS + "/1001/user/" + "0" * 32 + "/roles",
        ACCOUNTS + "/0",
        "/commerce/customer/nothing-here",
    ],
)
async def test_unknown_things_are_404_item_not_found(kibo: httpx.AsyncClient, path: str) -> None:
    answer = await kibo.get(path)
    assert answer.status_code == 404
    assert set(answer.json()) >= KIBO_ERROR_KEYS and answer.json()["errorCode"] == "ITEM_NOT_FOUND"


async def test_unknown_and_malformed_parameters_are_400(kibo: httpx.AsyncClient) -> None:
    for params in ({"pageSize": "ten"}, {"startIndex": "-1"}, {"colour": "red"}, {"pageSize": ""}):
        answer = await kibo.get(ACCOUNTS, params=params)
        assert answer.status_code == 400, params
        assert answer.json()["errorCode"] == "MISSING_OR_INVALID_PARAMETER"
    assert (await kibo.get(ACCOUNTS + "/abc")).status_code == 400


async def test_injected_faults_answer_in_kibos_shape(
    kibo: httpx.AsyncClient, app: Starlette
) -> None:
    faults = app.state.sandbox.faults
    faults.rate_limit_rate, faults.retry_after = 1.0, 7
    limited = await kibo.get(ACCOUNTS)
    assert limited.status_code == 429 and limited.headers["retry-after"] == "7"
    assert limited.json()["errorCode"] == "TOO_MANY_REQUESTS"
    faults.off()
    faults.error_rate = 1.0
    failed = await kibo.get(ACCOUNTS)
    assert failed.status_code in (500, 503) and set(failed.json()) >= KIBO_ERROR_KEYS
    emporix = await kibo.get("http://sandbox/customer/demo/customers")
    assert "type" in emporix.json()  # the Emporix side keeps its own shape


async def test_the_sdk_header_x_vol_app_claims_carries_a_token_too(connect: Connect) -> None:
    signed = await connect()
    token = signed.headers["authorization"].removeprefix("Bearer ")
    bare = await connect(signed_in=False)
    assert (
        await bare.get(ACCOUNTS + "/1001", headers={"x-vol-app-claims": token})
    ).status_code == 200
    refused = await bare.get(ACCOUNTS + "/1001", headers={"x-vol-app-claims": "forged"})
    assert refused.status_code == 401
