"""The Kibo contract checker itself: it must catch what breaks the spec, or the other tests prove little."""

from __future__ import annotations

import httpx

from tests.kibo.contract import request_violations, response_violations

BASE = "http://sandbox.local/kibo/api"
AUTH = {"Authorization": "Bearer t", "x-vol-tenant": "10000"}
TOKEN = BASE + "/platform/applications/authtickets/oauth"


def test_a_conforming_request_passes() -> None:
    request = httpx.Request(
        "GET", BASE + "/commerce/customer/b2baccounts", params={"pageSize": 5}, headers=AUTH
    )
    assert request_violations(request) == []


def test_wrong_parameter_and_body_types_are_caught() -> None:
    bad_query = httpx.Request(
        "GET", BASE + "/commerce/customer/b2baccounts", params={"pageSize": "many"}, headers=AUTH
    )
    assert any("pageSize" in p for p in request_violations(bad_query))
    bad_body = httpx.Request(
        "PUT",
        BASE + "/commerce/customer/b2baccounts/1/user/u",
        json={"isLocked": "yes"},
        headers=AUTH,
    )
    assert any("boolean" in p for p in request_violations(bad_body))


def test_missing_token_or_tenant_header_is_caught() -> None:
    bare = httpx.Request("GET", BASE + "/commerce/customer/b2baccounts")
    found = request_violations(bare)
    assert "no bearer token" in found and "no x-vol-tenant header" in found


def test_token_request_body_is_checked_without_a_token() -> None:
    good = httpx.Request("POST", TOKEN, json={"client_id": "a", "client_secret": "b"})
    assert request_violations(good) == []
    extra = httpx.Request("POST", TOKEN, json={"client_id": "a", "scope": "x"})
    assert any("scope" in p for p in request_violations(extra))


def test_answers_are_checked_against_their_schema() -> None:
    request = httpx.Request("GET", BASE + "/commerce/customer/b2baccounts/1001", headers=AUTH)
    assert response_violations(httpx.Response(200, json={"id": 1001}, request=request)) == []
    wrong = httpx.Response(200, json={"id": "1001"}, request=request)
    assert response_violations(wrong)
    token = httpx.Request("POST", TOKEN, json={})
    extra = httpx.Response(200, json={"access_token": "a", "scope": "x"}, request=token)
    assert response_violations(extra)
