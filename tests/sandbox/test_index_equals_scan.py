"""Indexed answers equal a plain scan: every query shape the app sends, over the demo data.

The sandbox answers searches through indexes (prefix ranges, distinct values, the trigram index
of e-mails, phone digits and registration ids, Kibo's generated columns). Each test here asks
the store with a query the app's own planner builds from a piece of real demo data and compares
the customers (or accounts) found with a scan that tests every row in Python, the regex on
the value: any difference is a customer the index lost or invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.emporix.query import plan_search
from tui.kibo.search import plan_account_search
from tui.sandbox.kibo import KiboStore
from tui.sandbox.kibo import seed as kibo_seed
from tui.sandbox.kibo.accounts import ACCOUNT_FIELDS
from tui.sandbox.kibo.filters import Fields, parse_filter, parse_sort
from tui.sandbox.params import parse_sort as parse_customer_sort
from tui.sandbox.qlang import compile_conditions, parse
from tui.sandbox.regexes import sql_regexp
from tui.sandbox.seeding import seed
from tui.sandbox.store import Store

Doc = dict[str, Any]
# Customers planted beside the demo data, each a case where an index could go wrong: a phone
# with an extension and odd separators, an e-mail in capitals, registration ids with the
# Kelvin sign and the long s (which RE2's (?i) folds to k and s), a non-string phone.
PLANTED: list[Doc] = [
    {"firstName": "Ext", "lastName": "Ension", "contactEmail": "EXT.Ension@Example.COM",
     "contactPhone": "+49 (0) 3641/555-200 x12"},
    {"firstName": "Kel", "lastName": "Vin", "contactEmail": "kel@example.org",
     "contactPhone": "0049\u00a03641\u00a0555\u00a0201", "company": "Kelvin Werke GmbH",
     "b2b": {"companyRegistrationId": "DE-\u212a123-\u017fx", "legalEntities": []}},
    {"firstName": "Odd", "lastName": "Phone", "contactEmail": "odd@example.org",
     "contactPhone": "٣٦٤١ 3641555202", "b2b": {"companyRegistrationId": "de-k123-sx"}},
]  # fmt: skip


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    made = Store(None, "demo")
    seed(made, 7, 600)
    for doc in PLANTED:
        made.create(dict(doc, accounts=[]))
    yield made
    made.close()


@pytest.fixture(scope="module")
def docs(store: Store) -> list[Doc]:
    _, found = store.search(compile_conditions([]), None, [("number", False)], 10_000, 0)
    return found


def _value(doc: Doc, field: str) -> object:
    value: Any = doc
    for part in field.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _scan(docs: list[Doc], q: str) -> list[str]:
    """Every customer whose values match every `~regex` condition of `q`, row by row."""
    conditions = parse(q)
    assert all(c.op == "regex" for c in conditions), q
    return sorted(
        d["customerNumber"]
        for d in docs
        if all(
            isinstance(v := _value(d, c.field), str) and sql_regexp(c.pattern, v)
            for c in conditions
        )
    )


def _indexed(store: Store, q: str) -> list[str]:
    total, found = store.search(compile_conditions(parse(q)), None, [("number", False)], 10_000, 0)
    numbers = [d["customerNumber"] for d in found]
    assert total == len(numbers)
    return sorted(numbers)


def _pieces(docs: list[Doc], rng: random.Random) -> Iterator[str]:
    """What agents type, cut from the demo data: name starts, e-mail and phone pieces,
    registration ids, first and last names, company words."""
    doc = rng.choice(docs)
    email = doc.get("contactEmail") or "x@example.com"
    at = rng.randrange(len(email))
    yield email[at : at + rng.randint(3, 12)]
    yield email.split("@")[0]
    yield email.upper()
    phone = "".join(c for c in str(doc.get("contactPhone") or "12345") if c.isdigit())
    cut = rng.randrange(max(1, len(phone) - 4))
    yield "+" + phone[cut : cut + rng.randint(4, 9)]
    yield "0" + phone[cut:]
    yield doc["lastName"][: rng.randint(2, 5)]
    yield f"{doc['firstName']} {doc['lastName']}"
    regid = _value(doc, "b2b.companyRegistrationId")
    if isinstance(regid, str):
        yield regid[rng.randrange(2) : rng.randint(5, len(regid))]
    if doc.get("company"):
        yield doc["company"].split()[-1]
    yield doc["customerNumber"][: rng.randint(3, 8)]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_every_smart_search_query_finds_what_a_scan_finds(
    store: Store, docs: list[Doc], rng: random.Random
) -> None:
    for text in _pieces(docs, rng):
        for q in plan_search(text).queries:
            assert q is not None
            assert _indexed(store, q) == _scan(docs, q), q


@pytest.mark.parametrize(
    "text",
    ["03641555", "+49 3641 555 20", "0364", "ext.ension", "EXAMPLE.COM", "K123", "de-k123",
     "k123-sx", "DE-K123", "xample.or", "nsion@ex"],
)  # fmt: skip
def test_planted_edge_cases_are_found_as_a_scan_finds_them(
    store: Store, docs: list[Doc], text: str
) -> None:
    queries = [q for q in plan_search(text).queries if q is not None]
    found = set()
    for q in queries:
        indexed = _indexed(store, q)
        assert indexed == _scan(docs, q), q
        found.update(indexed)
    assert found, f"{text!r} should find a planted customer"


def test_a_changed_or_deleted_customer_leaves_the_trigram_index_with_it(store: Store) -> None:
    number = store.create({"firstName": "Tri", "lastName": "Gram", "contactEmail":
                           "trigram.zzq@example.org", "contactPhone": "+1 777 818 9999"})  # fmt: skip
    q_mail, q_phone = "contactEmail:~(?i)gram\\x2ezzq", "contactPhone:~7\\D*7\\D*7\\D*8\\D*1\\D*8"
    assert _indexed(store, q_mail) == [number] == _indexed(store, q_phone)
    store.patch(number, {"contactEmail": "other.zzq@example.org", "contactPhone": "+1 5"})
    assert _indexed(store, q_mail) == [] == _indexed(store, q_phone)
    assert _indexed(store, "contactEmail:~(?i)other\\x2ezzq") == [number]
    store.delete(number)
    assert _indexed(store, "contactEmail:~(?i)other\\x2ezzq") == []


# -- Kibo: generated columns against json_extract of the document -------------------------

PLAIN = Fields(ACCOUNT_FIELDS.scalars, ACCOUNT_FIELDS.arrays, ACCOUNT_FIELDS.quick)


@pytest.fixture(scope="module")
def kibo(store: Store) -> KiboStore:
    made = KiboStore(store)
    kibo_seed(made, 7, 1500)
    return made


def _accounts(kibo: KiboStore, known: Fields, filter: str | None, sort: str | None) -> list[int]:
    total, found = kibo.page(
        "kibo_accounts", [parse_filter(filter, known)], parse_sort(sort, known), 0, 200
    )
    assert total == len(found) or len(found) == 200
    return [a["id"] for a in found]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.randoms(use_true_random=False))
def test_kibo_account_searches_read_the_columns_as_the_documents(
    kibo: KiboStore, rng: random.Random
) -> None:
    _, accounts = kibo.page("kibo_accounts", [], [], 0, 200)
    acc = rng.choice(accounts)
    name = acc["companyOrOrganization"]
    start = rng.randrange(len(name))
    texts = [name[start : start + rng.randint(2, 8)], str(acc["id"])[: rng.randint(1, 4)],
             acc["taxId"][-3:], name.split()[0].lower()]  # fmt: skip
    filters = [plan_account_search(t).filter for t in texts] + [
        f"companyOrOrganization sw '{name[:3]}'",
        "approvalStatus eq 'PendingApproval' and isActive eq false",
        f"rootAccountId eq {acc['rootAccountId']}",
    ]
    for filter in filters:
        for sort in (None, "companyOrOrganization asc", "companyOrOrganization desc", "id desc"):
            assert _accounts(kibo, ACCOUNT_FIELDS, filter, sort) == _accounts(
                kibo, PLAIN, filter, sort
            ), (filter, sort)


@pytest.mark.parametrize(
    "sort", ["", "lastName:asc", "lastName:desc", "metadata.createdAt:desc", "company:asc"]
)
def test_pages_past_the_middle_read_from_the_end_give_the_same_sequence(
    store: Store, sort: str
) -> None:
    order = parse_customer_sort(sort)
    where = compile_conditions([])
    total, whole = store.search_json(where, None, order, 10_000, 0, None)
    size = 37  # not a divisor of the total, so the last page is a short one
    paged: list[str] = []
    for offset in range(0, total + size, size):
        count, page = store.search_json(where, None, order, size, offset, None)
        assert count == total
        paged += page
    assert paged == whole
    onhold = compile_conditions(parse("onHold:true"))
    held_total, held = store.search_json(onhold, None, order, 10_000, 0, None)
    assert store.search_json(onhold, None, order, 5, held_total - 3, None)[1] == held[-3:]
