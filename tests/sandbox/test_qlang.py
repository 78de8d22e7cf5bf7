"""The q language, case by case, through the list and search endpoints."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.sandbox.qlang import QueryError, parse, regex_prefix

from .conftest import BASE


async def numbers(client: httpx.AsyncClient, q: str, **params: str) -> list[str]:
    r = await client.get(BASE, params={"q": q, "pageSize": "1000", **params})
    assert r.status_code == 200, r.text
    found = [c["customerNumber"] for c in r.json()]
    assert int(r.headers["Count"]) == len(found)
    return found


async def customers(client: httpx.AsyncClient, q: str) -> list[dict]:  # type: ignore[type-arg]
    r = await client.get(
        BASE, params={"q": q, "pageSize": "1000", "expand": "addresses,accounts,mixin:*"}
    )
    assert r.status_code == 200, r.text
    return list(r.json())


async def test_exact_value_matches_whole_value_only(agent: httpx.AsyncClient) -> None:
    found = await customers(agent, "lastName:Smith")
    assert found and all(c["lastName"] == "Smith" for c in found)
    assert "10000001" in [c["customerNumber"] for c in found]
    assert await numbers(agent, "lastName:Smit") == []


async def test_exact_value_is_case_sensitive_but_email_is_not(agent: httpx.AsyncClient) -> None:
    assert await numbers(agent, "lastName:smith") == []
    assert await numbers(agent, "contactEmail:JOHN.SMITH@example.com") == ["10000001"]


async def test_customer_number_matches_its_string(agent: httpx.AsyncClient) -> None:
    assert await numbers(agent, "customerNumber:10000003") == ["10000003"]
    assert await numbers(agent, "id:10000003") == ["10000003"]


async def test_prefix_regex_finds_every_match(agent: httpx.AsyncClient) -> None:
    found = await customers(agent, "lastName:~^Smi")
    assert found and all(c["lastName"].startswith("Smi") for c in found)
    everyone = (await agent.get(BASE, params={"pageSize": "1000"})).json()
    expected = {c["customerNumber"] for c in everyone if c["lastName"].startswith("Smi")}
    assert {c["customerNumber"] for c in found} == expected


async def test_case_insensitive_regex_flag(agent: httpx.AsyncClient) -> None:
    assert "10000001" in await numbers(agent, "lastName:~(?i)^smi")
    assert "10000001" not in await numbers(agent, "lastName:~^smi")


async def test_unanchored_regex_and_regex_with_spaces(agent: httpx.AsyncClient) -> None:
    assert "10000002" in await numbers(agent, "company:~Maschinenbau")
    spaced = await customers(agent, "company:(~Schmidt Maschinenbau)")
    assert "10000002" in [c["customerNumber"] for c in spaced]
    assert all("Schmidt Maschinenbau" in c["company"] for c in spaced)


async def test_value_list_matches_any(agent: httpx.AsyncClient) -> None:
    found = await customers(agent, "customerNumber:(10000001,10000004,99999999)")
    assert sorted(c["customerNumber"] for c in found) == ["10000001", "10000004"]


async def test_booleans(agent: httpx.AsyncClient) -> None:
    held = await customers(agent, "onHold:true")
    assert held and all(c["onHold"] is True for c in held)
    assert "10000003" in [c["customerNumber"] for c in held]
    inactive = await customers(agent, "active:false")
    assert "10000004" in [c["customerNumber"] for c in inactive]
    assert all(c["active"] is False for c in inactive)


async def test_several_conditions_are_all_required(agent: httpx.AsyncClient) -> None:
    assert await numbers(
        agent, "firstName:John lastName:Smith contactEmail:john.smith@example.com"
    ) == ["10000001"]
    assert await numbers(agent, "firstName:Anna lastName:Smith") == []


async def test_number_comparisons_and_ranges(agent: httpx.AsyncClient) -> None:
    found = await customers(agent, "metadata.version:>=6")
    assert found and all(c["metadata"]["version"] >= 6 for c in found)
    ranged = await customers(agent, "metadata.version:(>=2 AND <=3)")
    assert ranged and all(2 <= c["metadata"]["version"] <= 3 for c in ranged)
    assert "10000001" in [c["customerNumber"] for c in ranged]


async def test_quoted_dates_compare(agent: httpx.AsyncClient) -> None:
    found = await customers(agent, 'metadataCreatedAt:(>="2023-01-01" AND <"2024-01-01")')
    assert found and all(c["metadataCreatedAt"].startswith("2023") for c in found)
    assert "10000005" in [c["customerNumber"] for c in found]
    later = await customers(agent, 'metadataCreatedAt:>"2025-06-01"')
    assert all(c["metadataCreatedAt"] > "2025-06-01" for c in later)


async def test_null_exists_and_missing(agent: httpx.AsyncClient) -> None:
    no_restriction = await customers(agent, "restriction:null")
    assert "10000006" in [c["customerNumber"] for c in no_restriction]
    assert all("restriction" not in c for c in no_restriction)
    assert await numbers(agent, "restriction:missing") == [
        c["customerNumber"] for c in no_restriction
    ]
    with_company = await customers(agent, "company:exists")
    assert with_company and all(c.get("company") for c in with_company)


async def test_dotted_nested_fields_and_arrays(agent: httpx.AsyncClient) -> None:
    assert await numbers(agent, "b2b.companyRegistrationId:DE-HRB-123456") == ["10000002"]
    assert "10000005" in await numbers(agent, "mixins.loyalty.tier:gold")
    paris = await customers(agent, "addresses.city:Paris")
    assert paris and all(any(a["city"] == "Paris" for a in c["addresses"]) for c in paris)
    social = await customers(agent, "accounts.providerId:exists")
    assert "10000005" in [c["customerNumber"] for c in social]
    tagged = await customers(agent, "addresses.tags:SHIPPING customerNumber:10000001")
    assert [c["customerNumber"] for c in tagged] == ["10000001"]
    assert "10000002" in await numbers(agent, "b2b.legalEntities.name:~Export")


async def test_search_endpoint_takes_q_in_the_body(agent: httpx.AsyncClient) -> None:
    r = await agent.post(f"{BASE}/search", json={"q": "lastName:Dubois firstName:Marie"})
    assert r.status_code == 200
    assert [c["customerNumber"] for c in r.json()] == ["10000003"]
    assert r.headers["Count"] == "1"


@pytest.mark.parametrize(
    "q",
    [
        "lastName",
        "lastName:",
        ":Smith",
        "lastName:(Smith",
        'lastName:"Smith',
        "lastName:~(",
        "lastName:~",
        "onHold:maybe",
        "metadata.version:>abc",
        "last Name:Smith",
        "lastName:(a,,b)",
        "lastName:Smith)",
        "metadata.version:(>=1 OR <=3)",
        "lastName:~" + "a" * 201,
    ],
)
async def test_syntax_it_does_not_understand_is_400_with_details(
    agent: httpx.AsyncClient, q: str
) -> None:
    r = await agent.get(BASE, params={"q": q})
    assert r.status_code == 400, f"{q!r} answered {r.status_code}"
    body = r.json()
    assert body["status"] == 400
    assert body["details"][0]["field"] == "q"
    assert body["details"][0]["message"]
    search = await agent.post(f"{BASE}/search", json={"q": q})
    assert search.status_code == 400


def test_parser_reports_the_offending_part() -> None:
    with pytest.raises(QueryError, match="unbalanced"):
        parse("lastName:(Smith")
    with pytest.raises(QueryError, match="regular expression"):
        parse("lastName:~[a")


def test_regex_prefix_only_when_every_match_must_start_with_it() -> None:
    assert regex_prefix("^Smi") == ("Smi", False)
    assert regex_prefix("(?i)^smi") == ("smi", True)
    assert regex_prefix("^Smi?th") == ("Sm", False)
    assert regex_prefix("^Smi|Jones") == ("", False)
    assert regex_prefix("Smi") == ("", False)
    assert regex_prefix("^Sm.th") == ("Sm", False)
    assert regex_prefix(r"(?i)^john\x2esmith\x40ex") == ("john.smith@ex", True)
    assert regex_prefix(r"^M\u00fcller") == ("Müller", False)
    assert regex_prefix(r"^a\.b\d") == ("a.b", False)
    assert regex_prefix(r"^ab\x2e*c") == ("ab", False)


async def test_escaped_regexes_as_clients_send_them_match_exactly(agent: httpx.AsyncClient) -> None:
    assert await numbers(agent, r"contactEmail:~(?i)^JOHN\x2esmith\x40example\x2ecom$") == [
        "10000001"
    ]
    assert await numbers(agent, r"contactEmail:~^john\x2esmith\x40example\x2ecom$") == ["10000001"]
    assert await numbers(agent, r"contactEmail:~^JOHN\x2esmith") == []
    schmidt = await customers(agent, r"company:~(?i)^schmidt\x20maschinenbau")
    assert "10000002" in [c["customerNumber"] for c in schmidt]
    assert all(c["company"].lower().startswith("schmidt maschinenbau") for c in schmidt)


_STORE = None


def _store():  # type: ignore[no-untyped-def]
    global _STORE
    if _STORE is None:
        from tui.sandbox import Store
        from tui.sandbox.seeding import seed

        _STORE = Store(None, "demo")
        seed(_STORE, 7, 50)
    return _STORE


_ALPHABET = st.sampled_from(
    [*list('abcN0:~()",<>=. -_*^$[]|?\\'), "AND", "null", "exists", "true", "lastName"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=12).map("".join))
def test_any_text_is_either_a_clear_query_error_or_a_valid_search(q: str) -> None:
    from tui.sandbox.qlang import compile_conditions

    try:
        conditions = parse(q)
    except QueryError as exc:
        assert str(exc)
        return
    assert conditions, "an accepted query has at least one condition"
    total, docs = _store().search(compile_conditions(conditions), None, [("number", False)], 60, 0)
    assert total == len(docs) or len(docs) == 60


_FIELDS = ("lastName", "firstName", "company", "contactEmail", "contactPhone")
_LITERALS = ("smi", "SMI", "gmbh", "Müller", "+49", "@example.", "ö", "", "Schmidt Maschinenbau")
_SHAPES = ("(?i)^{}", "(?i){}", "(?i)^{}$", "^{}", "{}", "{}$", "(?i){}$")


@pytest.mark.parametrize("shape", _SHAPES)
def test_literal_regexes_answered_in_sql_find_exactly_what_the_regex_finds(shape: str) -> None:
    """Plain-text regexes run as index ranges and instr(), never as a per-row regex: same hits."""
    import re

    from tui.sandbox.qlang import compile_conditions, literal_pattern

    store = _store()
    everyone = store.search(compile_conditions([]), None, [("number", False)], 1000, 0)[1]
    for field in _FIELDS:
        for text in _LITERALS:
            pattern = shape.format("".join(c if c.isalnum() else f"\\x{ord(c):02x}" for c in text))
            if not pattern:
                continue  # an empty regex is a query error, tested elsewhere
            assert literal_pattern(pattern) is not None
            where = compile_conditions(parse(f"{field}:~{pattern}"))
            total, docs = store.search(where, None, [("number", False)], 1000, 0)
            expected = [
                d["customerNumber"]
                for d in everyone
                if isinstance(d.get(field), str) and re.search(pattern, d[field])
            ]
            assert [d["customerNumber"] for d in docs] == expected, (field, pattern)
            assert total == len(expected)


def test_contains_search_on_a_name_needs_no_regex_per_row() -> None:
    from tui.sandbox.qlang import compile_conditions

    for field in ("company", "contactPhone"):
        where = compile_conditions(parse(f"{field}:~(?i)maschinen\\x20bau"))
        assert "qregexp" not in " ".join(where.where)
        assert "instr(" in " ".join(where.where)


async def test_contains_search_reports_the_full_count_on_every_page(
    agent: httpx.AsyncClient,
) -> None:
    q = "company:~(?i)a"
    everything = await numbers(agent, q)
    assert len(everything) > 4
    for page in (1, 2, 1000):
        r = await agent.get(BASE, params={"q": q, "pageSize": "2", "pageNumber": str(page)})
        assert r.status_code == 200, r.text
        assert int(r.headers["Count"]) == len(everything)
        expected = everything[(page - 1) * 2 : page * 2]
        assert [c["customerNumber"] for c in r.json()] == expected


async def test_first_and_last_name_prefixes_together_find_exactly_both(
    agent: httpx.AsyncClient,
) -> None:
    everyone = await customers(agent, "customerNumber:exists")
    for first, last in (("j", "s"), ("JOHN", "smith"), ("a", "")):
        q = f"firstName:~(?i)^{first} lastName:~(?i)^{last}"
        expected = [
            c["customerNumber"]
            for c in everyone
            if str(c.get("firstName", "")).lower().startswith(first.lower())
            and "lastName" in c
            and str(c["lastName"]).lower().startswith(last.lower())
        ]
        assert expected or first == "JOHN"
        assert await numbers(agent, q) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"(x+x+)+y",
        r"mi(th|dt)",
        r"(?i)SCH.*T$",
        r"^(\w+\s?)*$",
        r"[aeiou]{3}",
        r"(?i)gmbh|ltd",
        "é",
    ],
)
def test_regexes_over_names_find_exactly_what_re2_finds_row_by_row(pattern: str) -> None:
    """Names are matched once per distinct value; the hits equal matching every customer."""
    import re2

    from tui.sandbox.qlang import compile_conditions

    store = _store()
    everyone = store.search(compile_conditions([]), None, [("number", False)], 1000, 0)[1]
    for field in ("lastName", "firstName", "company"):
        where = compile_conditions(parse(f"{field}:~{pattern}"))
        docs = store.search(where, None, [("number", False)], 1000, 0)[1]
        expected = [
            d["customerNumber"]
            for d in everyone
            if isinstance(d.get(field), str) and re2.search(pattern, d[field])
        ]
        assert [d["customerNumber"] for d in docs] == expected, (field, pattern)
