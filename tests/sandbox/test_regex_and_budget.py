"""Bounded queries: regexes run in linear time (RE2), and every request has a time budget."""

from __future__ import annotations

import time

import httpx
import pytest
from starlette.applications import Starlette

from tui.sandbox import SandboxConfig, create_app
from tui.sandbox.regexes import MAX_PROGRAM

from .conftest import BASE, get_token

# Each took Python's backtracking `re` from seconds to minutes on the demo data.
CATASTROPHIC = [
    r"contactEmail:~(.*.*)*x$",
    r"contactEmail:~^([a-z0-9]+\.?)*[a-z0-9]+$",
    r"contactEmail:~(a|aa)*$",
    r"firstName:~(x+x+)+y",
    r"lastName:~^(\w+\s?)*$",
    r"contactEmail:~(.*a){20}",
    r"mixins.loyalty.tier:~(.*.*)*x$",
    r"addresses.city:~^(([a-z])+.)+[A-Z]([a-z])+$",
]


@pytest.mark.parametrize("q", CATASTROPHIC)
async def test_catastrophic_patterns_answer_at_once(agent: httpx.AsyncClient, q: str) -> None:
    started = time.perf_counter()
    r = await agent.get(BASE, params={"q": q, "pageSize": "5"})
    assert r.status_code == 200, r.text
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("pattern", "named"),
    [
        (r"(a)\1", "backreferences"),
        (r"^(?=john)", "lookahead"),
        (r"(?!x)a", "negative lookahead"),
        (r"(?<=j)ohn", "lookbehind"),
        (r"(?<!j)ohn", "negative lookbehind"),
        (r"a++", "bad repetition"),
        (r"a{2000}", "repetition size"),
        (r"(", "missing"),
    ],
)
async def test_constructs_re2_lacks_are_a_400_naming_them(
    agent: httpx.AsyncClient, pattern: str, named: str
) -> None:
    r = await agent.get(BASE, params={"q": f"contactEmail:~{pattern}"})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["type"] == "invalid_query" and body["details"][0]["field"] == "q"
    assert named in body["message"], body["message"]


async def test_overlong_and_too_complex_patterns_are_400(agent: httpx.AsyncClient) -> None:
    long = await agent.get(BASE, params={"q": "lastName:~" + "a" * 201})
    assert long.status_code == 400 and "over 200 characters" in long.json()["message"]
    for pattern in (r"(ab){900}", r"(\pL{50}){20}"):
        complex_ = await agent.get(BASE, params={"q": f"lastName:~{pattern}"})
        assert complex_.status_code == 400, complex_.text
        assert "too complex" in complex_.json()["message"]
        assert str(MAX_PROGRAM) in complex_.json()["message"]
    surrogate = await agent.post(
        f"{BASE}/search",
        content=b'{"q": "lastName:~\\ud800"}',
        headers={"Content-Type": "application/json"},
    )
    assert surrogate.status_code == 400 and "Unicode" in surrogate.json()["message"]


async def test_python_escapes_still_match_under_re2(agent: httpx.AsyncClient) -> None:
    for q in (r"contactEmail:~^john\x2esmith", r"contactEmail:~^john\u002esmith"):
        r = await agent.get(BASE, params={"q": q})
        assert [c["customerNumber"] for c in r.json()] == ["10000001"], q
    r = await agent.get(BASE, params={"q": r"lastName:~Smith\Z"})
    assert r.status_code == 200 and "10000001" in [c["customerNumber"] for c in r.json()]


def _slow_app(budget: float) -> Starlette:
    """A tenant where some customers carry 20,000 addresses: a query on addresses then takes
    seconds in SQLite itself, which only the progress handler can stop."""
    app = create_app(SandboxConfig(customers=300, time_budget=budget))
    store = app.state.sandbox.store
    many = [{"id": f"a{i}", "contactName": "X", "city": f"City {i}"} for i in range(20_000)]
    for number in range(10_000_010, 10_000_020):
        store.patch(str(number), {"addresses": many})
    return app


# A class, not literal text: a literal is first looked for in the document text (LIKE), which
# would skip these customers without reading their addresses.
SLOW_Q = " ".join(f"addresses.city:~[z]{i}" for i in range(25))


async def test_a_query_over_its_budget_is_stopped_and_answered_400() -> None:
    app = _slow_app(budget=0.3)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        client.headers["Authorization"] = f"Bearer {await get_token(client)}"
        started = time.perf_counter()
        r = await client.get(BASE, params={"q": SLOW_Q})
        took = time.perf_counter() - started
        assert r.status_code == 400, r.text
        body = r.json()
        assert body["type"] == "time_budget_exceeded" and "0.3 s" in body["message"]
        assert body["details"][0]["type"] == "time_budget_exceeded"
        assert took < 1.5, took
        # The budget is per request: the next one starts afresh.
        assert (await client.get(f"{BASE}/10000001")).status_code == 200


async def test_python_side_work_counts_against_the_budget_too() -> None:
    """A page shaped in Python (a single named mixin) checks the budget per customer."""
    app = create_app(SandboxConfig(customers=300, time_budget=0.0))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        client.headers["Authorization"] = f"Bearer {await get_token(client)}"
        r = await client.get(
            BASE, params={"q": "customerNumber:10000001", "expand": "mixin:loyalty"}
        )
    assert r.status_code == 400 and r.json()["type"] == "time_budget_exceeded", r.text


def test_a_refused_pattern_writes_nothing_to_the_terminal(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """RE2 logs refused patterns to stderr by default, which the embedded app's terminal shows."""
    from tui.sandbox.regexes import RegexError, compile_regex

    for pattern in (r"(a)\1", r"(?=x)", r"a{5000}", "(ab){900}"):
        with pytest.raises(RegexError):
            compile_regex(pattern)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""
