"""Hostile input: every limit answers a 4xx in the API's shape, never a 500, and nothing poisons."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from tui.sandbox.limits import MAX_BODY_BYTES, MAX_DEPTH, MAX_FIELD, MAX_STRING

from .conftest import BASE, Login


def _error(r: httpx.Response, status: int) -> dict[str, object]:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) >= {"status", "type", "message", "details"}, body
    assert body["status"] == status
    return body


def _raw(client: httpx.AsyncClient, method: str, url: str, raw: bytes) -> object:
    return client.request(method, url, content=raw, headers={"Content-Type": "application/json"})


async def test_a_body_over_the_cap_is_413_by_its_declared_length(agent: httpx.AsyncClient) -> None:
    big = b'{"firstName": "' + b"x" * MAX_BODY_BYTES + b'"}'
    r = await _raw(agent, "PATCH", f"{BASE}/10000001", big)  # type: ignore[misc]
    body = _error(r, 413)
    assert body["type"] == "payload_too_large" and "1,048,576" in str(body["message"])


async def test_a_streamed_body_without_length_is_cut_off_at_the_cap(
    agent: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"firstName": "'
        for _ in range(40):
            yield b"x" * 65536  # 2.5 MiB in all, and no Content-Length
        yield b'"}'

    r = await agent.patch(
        f"{BASE}/10000001", content=chunks(), headers={"Content-Type": "application/json"}
    )
    _error(r, 413)
    assert (await agent.get(f"{BASE}/10000001")).json()["firstName"] == "John"


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 300, 5000])
async def test_nesting_deeper_than_the_cap_is_400_naming_the_path(
    agent: httpx.AsyncClient, levels: int
) -> None:
    raw = b'{"mixins": ' + b'{"a": ' * levels + b"1" + b"}" * (levels + 1)
    body = _error(await _raw(agent, "PATCH", f"{BASE}/10000001", raw), 400)  # type: ignore[misc]
    detail = body["details"][0]  # type: ignore[index]
    assert detail["type"] == "too_deep"
    assert detail["field"].startswith("mixins.a.a.a"), detail
    assert str(MAX_DEPTH) in detail["message"]


async def test_nesting_within_the_cap_is_kept(agent: httpx.AsyncClient) -> None:
    deep: dict[str, object] = {"leaf": 1}
    for _ in range(MAX_DEPTH - 3):
        deep = {"a": deep}
    assert (await agent.patch(f"{BASE}/10000001", json={"mixins": deep})).status_code == 200
    got = await agent.get(f"{BASE}/10000001", params={"expand": "mixin:*"})
    assert got.json()["mixins"] == deep


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"9" * 400])
async def test_non_finite_and_out_of_range_numbers_are_refused(
    agent: httpx.AsyncClient, constant: bytes
) -> None:
    raw = b'{"mixins": {"x": ' + constant + b"}}"
    body = _error(await _raw(agent, "PATCH", f"{BASE}/10000001", raw), 400)  # type: ignore[misc]
    assert body["details"][0]["type"] in ("invalid_number", "out_of_range")  # type: ignore[index]
    created = await _raw(agent, "POST", BASE, raw)  # type: ignore[misc]
    _error(created, 400)


async def test_a_lone_surrogate_is_invalid_unicode_400(agent: httpx.AsyncClient) -> None:
    raw = b'{"firstName": "\\ud800"}'
    body = _error(await _raw(agent, "PATCH", f"{BASE}/10000001", raw), 400)  # type: ignore[misc]
    assert body["details"][0] == {  # type: ignore[index]
        "field": "firstName",
        "type": "invalid_unicode",
        "message": body["details"][0]["message"],  # type: ignore[index]
    }
    key = b'{"mixins": {"\\udc00": 1}}'
    _error(await _raw(agent, "PATCH", f"{BASE}/10000001", key), 400)  # type: ignore[misc]
    bad_bytes = b'{"firstName": "\xff"}'
    _error(await _raw(agent, "PATCH", f"{BASE}/10000001", bad_bytes), 400)  # type: ignore[misc]
    pair = b'{"firstName": "\\ud83d\\ude00"}'
    assert (await _raw(agent, "PATCH", f"{BASE}/10000001", pair)).status_code == 200  # type: ignore[misc]


async def test_strings_over_their_caps_are_400_naming_the_field(agent: httpx.AsyncClient) -> None:
    r = await agent.patch(f"{BASE}/10000001", json={"company": "x" * (MAX_FIELD + 1)})
    assert _error(r, 400)["details"][0]["field"] == "company"  # type: ignore[index]
    r = await agent.post(
        f"{BASE}/10000001/addresses", json={"contactName": "X", "city": "y" * (MAX_FIELD + 1)}
    )
    assert _error(r, 400)["details"][0]["field"] == "city"  # type: ignore[index]
    r = await agent.patch(f"{BASE}/10000001", json={"mixins": {"note": "z" * (MAX_STRING + 1)}})
    assert _error(r, 400)["details"][0]["field"] == "mixins.note"  # type: ignore[index]
    address = (await agent.get(f"{BASE}/10000001/addresses")).json()[0]["id"]
    r = await agent.post(
        f"{BASE}/10000001/addresses/{address}/tags", params={"tags": "t" * (MAX_FIELD + 1)}
    )
    assert _error(r, 400)["details"][0]["field"] == "tags"  # type: ignore[index]
    ok = await agent.patch(f"{BASE}/10000001", json={"company": "x" * MAX_FIELD})
    assert ok.status_code == 200


@pytest.mark.parametrize(
    "q",
    [
        "metadata.version:" + "9" * 400,
        "metadata.version:>" + "9" * 25,
        "customerNumber:(1," + "9" * 5000 + ")",
        "mixins.x:" + "9" * 400 + ".5",
        "lastName:" + "x" * 2001,
    ],
)
async def test_numbers_out_of_range_and_overlong_queries_are_400(
    agent: httpx.AsyncClient, q: str
) -> None:
    body = _error(await agent.get(BASE, params={"q": q}), 400)
    assert body["details"][0]["field"] == "q"  # type: ignore[index]
    search = await agent.post(f"{BASE}/search", json={"q": q})
    _error(search, 400)


@pytest.mark.parametrize(
    "form",
    [
        {"client_id": "demo-agent", "client_secret": "dëmo-secret"},
        {"client_id": "demo-agent", "client_secret": "秘密"},
        {"client_id": "demo-agent", "client_secret": "demo-secret\x00"},
        {"client_id": "demo-agent", "client_secret": "x" * 100_000},
        {"client_id": "dëmo-agent", "client_secret": "demo-secret"},
        {"client_id": "x" * 100_000, "client_secret": "demo-secret"},
        b"client_id=demo-agent&client_secret=%ED%A0%80",  # an encoded lone surrogate
        b"client_id=demo-agent&client_secret=%FF%FE",  # not UTF-8 at all
        b"client_id=%ED%A0%80&client_secret=demo-secret",
    ],
)
async def test_non_ascii_or_malformed_credentials_are_401_fault(
    app: Starlette, form: dict[str, str] | bytes
) -> None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        if isinstance(form, bytes):
            r = await client.post(
                "/oauth/token",
                content=b"grant_type=client_credentials&" + form,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        else:
            r = await client.post("/oauth/token", data={"grant_type": "client_credentials", **form})
        # HTTP Basic with a non-ASCII (an emoji) client id and no secret.
        basic = await client.post(
            "/oauth/token",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": "Basic 8J+YgA=="},
        )
    for answer in (r, basic):
        assert answer.status_code == 401, answer.text
        assert answer.json()["fault"]["detail"]["errorcode"] == "oauth.v2.InvalidClientIdentifier"


async def _plant_and_read(app: Starlette, agent: httpx.AsyncClient, changes: dict) -> None:  # type: ignore[type-arg]
    store = app.state.sandbox.store
    store.patch("10000001", changes)
    store.patch("10000002", {"contactPhone": "\ud800", "mixins": {"y": float("inf")}})
    reads = [
        agent.get(BASE),
        agent.get(BASE, params={"expand": "addresses,accounts,mixin:*", "pageSize": "1000"}),
        agent.get(BASE, params={"q": "mixins.x:exists"}),
        agent.get(BASE, params={"q": "mixins.x.y:~a"}),
        agent.get(BASE, params={"sort": "metadata.version:desc"}),
        agent.get(BASE, params={"sort": "contactPhone"}),
        agent.get(BASE, params={"q": "contactEmail:john.smith@example.com"}),
        agent.get(BASE, params={"q": "contactPhone:~^\\+"}),
        agent.get(f"{BASE}/10000001", params={"expand": "mixin:*"}),
        agent.get(f"{BASE}/10000002"),
        agent.post(f"{BASE}/search", json={"q": "lastName:Smith"}),
    ]
    for call in reads:
        r = await call
        assert r.status_code == 200, r.text
    got = (await agent.get(f"{BASE}/10000001", params={"expand": "mixin:*"})).json()
    assert got["firstName"] == "John"
    found = await agent.get(BASE, params={"q": "contactEmail:john.smith@example.com"})
    assert [c["customerNumber"] for c in found.json()] == ["10000001"]


async def test_nan_planted_behind_the_api_does_not_poison_reads(
    app: Starlette, agent: httpx.AsyncClient
) -> None:
    await _plant_and_read(
        app, agent, {"mixins": {"x": float("nan"), "z": [float("-inf")]}, "score": float("inf")}
    )
    got = (await agent.get(f"{BASE}/10000001", params={"expand": "mixin:*"})).json()
    # Documented: the store keeps planted non-finite numbers as null.
    assert got["mixins"] == {"x": None, "z": [None]} and got["score"] is None
    assert (await agent.get(f"{BASE}/10000002")).json()["contactPhone"] == "\ufffd"


async def test_a_change_after_a_planted_nan_still_saves(
    app: Starlette, agent: httpx.AsyncClient
) -> None:
    app.state.sandbox.store.patch("10000001", {"mixins": {"x": float("nan")}})
    r = await agent.patch(f"{BASE}/10000001", json={"lastName": "Still"})
    assert r.status_code == 200, r.text
    listed = await agent.get(BASE, params={"q": "lastName:Still"})
    assert [c["customerNumber"] for c in listed.json()] == ["10000001"]


# -- no existence leaks ---------------------------------------------------------------------------


def _same_as_missing(hidden: httpx.Response, missing: httpx.Response, number: str) -> None:
    assert hidden.status_code == missing.status_code == 404, (hidden.text, missing.text)
    assert hidden.json() == {
        **missing.json(),
        "details": [
            {**d, "message": d["message"].replace("99999999", number)}
            for d in missing.json()["details"]
        ],
    }


async def test_a_hidden_customer_is_404_for_every_method_like_a_missing_one(
    login: Login,
) -> None:
    de = await login("demo-de")
    calls = [
        ("GET", "", None),
        ("PUT", "", {"firstName": "X"}),
        ("PUT", "", {"firstName": 5}),
        ("PATCH", "", {"firstName": "X"}),
        ("DELETE", "", None),
        ("GET", "/addresses", None),
        ("POST", "/addresses", {"contactName": "X"}),
        ("GET", "/addresses/a1", None),
        ("PUT", "/addresses/a1", {"contactName": "X"}),
        ("PATCH", "/addresses/a1", {"city": "X"}),
        ("DELETE", "/addresses/a1", None),
        ("POST", "/addresses/a1/tags?tags=X", None),
        ("DELETE", "/addresses/a1/tags?tags=X", None),
        ("POST", "/accounts/internal", {"email": "new@example.com"}),
    ]
    for method, tail, body in calls:
        hidden = await de.request(method, f"{BASE}/10000001{tail}", json=body)
        if method == "PUT" and not tail:
            # An upsert creates a customer that does not exist; a hidden one must stay hidden.
            assert hidden.status_code == 404, hidden.text
            assert hidden.json()["message"] == "Customer not Found"
            continue
        missing = await de.request(method, f"{BASE}/99999999{tail}", json=body)
        _same_as_missing(hidden, missing, "10000001")
    # Nothing changed behind the refusals.
    agent = await login("demo-agent")
    john = (await agent.get(f"{BASE}/10000001")).json()
    assert john["firstName"] == "John"


async def test_an_encoded_slash_in_a_path_parameter_is_404(agent: httpx.AsyncClient) -> None:
    for path in (
        f"{BASE}/10000001%2Faddresses",
        f"{BASE}/10000001%2faddresses",
        f"{BASE}%2F10000001",
    ):
        r = await agent.get(path)
        assert _error(r, 404)["type"] == "not_found", path
    assert (await agent.get(f"{BASE}/10000001/addresses")).status_code == 200


async def test_the_tenant_in_the_path_must_match_exactly(agent: httpx.AsyncClient) -> None:
    upper = await agent.get("/customer/DEMO/customers")
    other = await agent.get("/customer/other/customers")
    assert upper.status_code == other.status_code == 403
    assert upper.json()["details"] == other.json()["details"]
    assert (await agent.get("/customer/Demo/customers/10000001")).status_code == 403


async def test_a_customer_cannot_be_grown_past_the_stored_cap_patch_by_patch(
    app: Starlette, agent: httpx.AsyncClient
) -> None:
    chunk = {f"k{i}": "v" * 9_000 for i in range(100)}  # about 0.9 MB per body
    answers = []
    for n in range(4):
        body = {"mixins": {f"part{n}": chunk}}
        answers.append((await agent.patch(f"{BASE}/10000001", json=body)).status_code)
    assert answers[:2] == [200, 200] and answers[-1] == 400, answers
    refused = await agent.patch(f"{BASE}/10000001", json={"mixins": {"more": chunk}})
    assert _error(refused, 400)["details"][0]["type"] == "too_large"  # type: ignore[index]
    got = await agent.get(f"{BASE}/10000001", params={"expand": "mixin:*"})
    assert got.status_code == 200 and "more" not in got.json()["mixins"]
    # Behind the API (tests planting a hostile customer) there is no such cap.
    app.state.sandbox.store.patch("10000001", {"mixins": {"big": "x" * (3 * 1024 * 1024)}})
    assert (await agent.get(f"{BASE}/10000001")).status_code == 200


async def test_a_flood_of_token_requests_keeps_the_token_table_bounded(app: Starlette) -> None:
    from tui.sandbox.auth import MAX_TOKENS

    issuer = app.state.sandbox.tokens
    for _ in range(MAX_TOKENS + 50):
        issuer.issue("demo-viewer", "demo-secret", "")
    assert len(issuer) == MAX_TOKENS
