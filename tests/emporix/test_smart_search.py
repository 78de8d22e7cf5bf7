"""The smart search finds what agents type, through Emporix `q` against the sandbox."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.emporix.contract import RequestRecorder
from tests.support.search_reference import digits, has, has_plain, phone_key, plain, starts
from tui.emporix.client import CustomerService
from tui.emporix.errors import ValidationFailed
from tui.emporix.models import Customer
from tui.emporix.query import MAX_REGEX_LENGTH, plan_search, search_words
from tui.emporix.retry import RetryPolicy

Agent = tuple[CustomerService, RequestRecorder]


async def numbers(svc: CustomerService, text: str) -> list[str]:
    return [c.number async for c in svc.find(text, page_size=100) if c.number]


async def make(svc: CustomerService, first: str, last: str, email: str, **more: Any) -> str:
    return await svc.create_customer(
        {"firstName": first, "lastName": last, "contactEmail": email, **more},
        send_password_reset=False,
    )


async def test_muller_finds_mueller_and_mueller_finds_muller_accents_and_case_folded(
    agent: Agent,
) -> None:
    svc, rec = agent
    mueller = await make(svc, "Hans", "Mueller", "hans.mueller@example.de")
    plain_muller = await make(svc, "Karl", "MULLER", "k.m@example.de")
    umlaut = {c.number for c in await svc.find("Müller", page_size=100).next_page()}
    assert umlaut, "the demo data has Müllers"
    for text in ("muller", "MÜLLER", "mueller", "Mül"):
        found = set(await numbers(svc, text))
        assert {mueller, plain_muller} <= found and umlaut <= found, text
    assert not rec.problems


async def test_lea_finds_lea_with_its_accent(agent: Agent) -> None:
    svc, _ = agent
    found = [c async for c in svc.find("lea", page_size=100)]
    assert any(c.first_name == "Léa" for c in found)
    assert any(c.first_name == "Lea" for c in found)
    assert all(starts(c.first_name, "lea") or starts(c.last_name, "lea") or has(c.company, "lea")
               or has_plain(c.contact_email, "lea") for c in found)  # fmt: skip


@pytest.mark.parametrize("text", ["example.fr", "dubois@example", "marie.dubois", "DUBOIS@"])
async def test_any_part_of_an_email_finds_the_customer(agent: Agent, text: str) -> None:
    svc, _ = agent
    assert "10000003" in await numbers(svc, text)


async def test_a_whole_email_ranks_its_owner_first(agent: Agent) -> None:
    svc, _ = agent
    await make(svc, "Marie", "Doppel", "xmarie.dubois@example.fr")
    found = await numbers(svc, "Marie.Dubois@example.fr")
    assert found[0] == "10000003" and len(found) == 2


async def test_a_number_prefix_finds_every_customer_number_it_starts(agent: Agent) -> None:
    svc, _ = agent
    found = await numbers(svc, "1000000")
    assert sorted(found) == [f"1000000{i}" for i in range(1, 10)]
    assert (await numbers(svc, "10000042"))[0] == "10000042"


@pytest.mark.parametrize(
    "text", ["+49 3641 555 200", "+49-3641-555200", "03641 555200", "0049 (3641) 555-200",
             "3641/555200", "03641555200", "493641555200"],
)  # fmt: skip
async def test_a_phone_number_in_any_format_finds_its_customer(agent: Agent, text: str) -> None:
    svc, _ = agent
    found = await numbers(svc, text)
    assert found[0] == "10000002", found


async def test_a_company_registration_id_finds_the_company(agent: Agent) -> None:
    svc, _ = agent
    for text in ("DE-HRB-123456", "hrb-123456", "HRB-1234"):
        assert (await numbers(svc, text))[0] == "10000002", text


async def test_odd_phone_and_id_characters_are_still_matched_exactly_by_the_sandbox(
    agent: Agent, sandbox_state: Any
) -> None:
    svc, _ = agent
    # Planted in the store: the client would refuse such a phone, another system might not.
    sandbox_state.store.patch(
        "10000010",
        {"contactPhone": "030 123\u00a0456 ext 9", "b2b": {"companyRegistrationId": "AB_C%-77"}},
    )
    assert await numbers(svc, "030 123456") == ["10000010"]  # a non-breaking space separates too
    assert await numbers(svc, "ab_c%-77") == ["10000010"]
    assert await numbers(svc, "abxc%-77") == []  # _ and % are literal, not LIKE wildcards


async def test_several_words_match_across_name_and_company(agent: Agent) -> None:
    svc, _ = agent
    assert (await numbers(svc, "anna maschinenbau")) == ["10000002"]
    assert (await numbers(svc, "Maschinenbau Schmidt"))[0] == "10000002"  # both in the company
    assert (await numbers(svc, "anna schmidt maschinenbau")) == ["10000002"]
    assert (await numbers(svc, "smith john"))[0] == "10000001"


async def test_an_exact_name_ranks_before_names_that_only_start_with_it(agent: Agent) -> None:
    svc, _ = agent
    longer = await make(svc, "Jo", "Smithers", "jo@smithers.example")
    found = [c async for c in svc.find("john smith", page_size=100)]
    assert found[0].number == "10000001"
    first = await svc.find("smith").next_page()
    exact = [i for i, c in enumerate(first) if (c.last_name or "").casefold() == "smith"]
    others = [i for i, c in enumerate(first) if c.number == longer]
    assert exact and others and max(exact) < min(others)


async def test_an_unknown_field_is_refused_in_words_before_any_request(agent: Agent) -> None:
    svc, rec = agent
    with pytest.raises(ValidationFailed) as caught:
        svc.find("foo:bar")
    (message,) = caught.value.for_field("search")
    assert "'foo' is not a field" in message and "lastName" in message
    with pytest.raises(ValidationFailed):
        svc.find("lastName:Smith b2b.nothing:x")
    assert rec.count("POST") == 0
    assert await numbers(svc, 'b2b.companyRegistrationId:"DE-HRB-123456"') == ["10000002"]
    assert svc.find("mixins.loyalty.tier:gold").kind == "raw"


def test_every_planned_regex_fits_the_limits_and_keeps_user_text_escaped() -> None:
    for text in ("Ångström-Überfluß", "a" * 60, "ÿ" * 30, "x,y:z (w)", "+49 " + "1" * 30):
        for q in plan_search(text).queries:
            assert q is not None
            for term in q.split(" "):
                value = term.partition(":")[2]
                assert value.startswith("~") and len(value) - 1 <= MAX_REGEX_LENGTH, term
                assert not any(c in value for c in ',"') and value.count("(") <= 1


# -- the property: smart search == the reference over the sandbox's data -----------------


def reference(c: Customer, text: str) -> bool:
    """What an agent would call a match for `text`, by the rules of README "Search"."""
    kind = plan_search(text).kind
    reg = c.b2b.company_registration_id if c.b2b else None
    if kind == "email":
        return has_plain(c.contact_email, text) or ("@" not in text and has(c.company, text))
    if kind in ("number", "phone"):
        phone = phone_key(text) in digits(c.contact_phone)
        if kind == "number":
            return (c.number or "").startswith(text) or (
                (text.startswith("0") or len(text) >= 10) and phone
            )
        return phone or (not text.startswith(("+", "0")) and has_plain(reg, text))
    words = search_words(text)

    def one(field: str, word: str) -> bool:
        return has(c.company, word) if field == "company" else starts(getattr(c, field), word)

    if len(words) == 1:
        (w,) = words
        return (
            starts(c.last_name, w) or starts(c.first_name, w) or has(c.company, w)
            or (c.contact_email or "").casefold().startswith(plain(w))
            or (any(ch.isdigit() for ch in w) and any(ch.isalpha() or ch in "-/." for ch in w)
                and has_plain(reg, w))
        )  # fmt: skip
    a, b = words
    fields = ("first_name", "last_name", "company")
    pairs = [(x, y) for x in fields for y in fields if x != y and x != "company"]
    pairs.append(("company", "company"))
    whole = f"{a} {b}"
    return (
        any(one(x, a) and one(y, b) for x, y in pairs)
        or starts(c.last_name, whole)
        or starts(c.first_name, whole)
    )


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[asyncio.Runner, CustomerService, list[Customer]]]:
    from tui.sandbox import DEMO_SECRET, TENANT, SandboxConfig, create_app

    app = create_app(SandboxConfig(customers=300))
    with asyncio.Runner() as runner:
        svc = CustomerService(
            "http://sandbox.local", TENANT, "demo-agent", DEMO_SECRET,
            transport=httpx.ASGITransport(app=app), retry=RetryPolicy.never(),
        )  # fmt: skip

        async def everyone() -> list[Customer]:
            return [c async for c in svc.iter_customers(page_size=100)]

        yield runner, svc, runner.run(everyone())
        runner.run(svc.aclose())


_UNACCENT = str.maketrans("äöüÄÖÜ", "aouAOU")


def _typed(value: str, style: int, rng: random.Random) -> str:
    """A piece of a stored value as an agent might type it."""
    if style == 0:
        return value
    if style == 1:
        return plain(value)  # no accents, no capitals
    if style == 2:
        return value.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").upper()
    return value.translate(_UNACCENT).swapcase()


@st.composite
def agent_texts(draw: st.DrawFn, people: list[Customer]) -> str:
    c = draw(st.sampled_from(people))
    rng = random.Random(draw(st.integers(0, 2**16)))
    style = draw(st.integers(0, 3))
    options: list[str] = []
    for name in (c.first_name, c.last_name):
        if name:
            options.append(name[: draw(st.integers(1, len(name)))])
    if c.company:
        start = draw(st.integers(0, len(c.company) - 1))
        options.append(c.company[start : start + draw(st.integers(2, 12))].strip())
    if c.contact_email:
        at = c.contact_email.index("@")
        options += [c.contact_email[at - 3 :], c.contact_email[at + 1 :]]
    if c.contact_phone:
        options.append(c.contact_phone[:-2])
    options.append((c.number or "")[:6])
    if c.first_name and c.last_name:
        options.append(f"{c.first_name[:3]} {c.last_name}")
    if c.last_name and c.company:
        options.append(f"{c.last_name} {c.company.split()[0]}")
    text = draw(st.sampled_from([o for o in options if o.strip()]))
    return _typed(text, style, rng)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_smart_search_finds_exactly_what_the_reference_finds(world, data) -> None:  # type: ignore[no-untyped-def]
    runner, svc, people = world
    text = data.draw(agent_texts(people))
    if len(search_words(text)) > 2:
        return  # three words and more: a bounded set of combinations, tested above

    async def run() -> set[str]:
        return {c.number async for c in svc.find(text, page_size=100) if c.number}

    expected = {c.number for c in people if c.number and reference(c, text)}
    assert runner.run(run()) == expected, text
