"""The smart search finds B2B accounts as agents type them, through Kibo `filter` on the sandbox."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.kibo.conftest import KiboFactory
from tests.support.search_reference import has, has_plain, plain
from tui.core.textfold import search_key
from tui.http.retry import RetryPolicy
from tui.kibo.client import KiboClient
from tui.kibo.errors import KiboInvalid
from tui.kibo.models import B2BAccount
from tui.kibo.search import MAX_TERMS, plan_account_search, spellings
from tui.sandbox.kibo import CLIENT_ID, PREFIX, SECRET, SITE_ID, TENANT_ID


async def ids(client: KiboClient, text: str) -> list[int]:
    return [a.id async for a in client.find_accounts(text, page_size=200)]


def rename(kibo_state: Any, account_id: int, name: str) -> None:
    kibo_state.store.change_account(account_id, lambda doc: {**doc, "companyOrOrganization": name})


async def test_muller_finds_mueller_and_mueller_finds_muller(
    make_kibo: KiboFactory, kibo_state: Any
) -> None:
    client, rec = await make_kibo()
    rename(kibo_state, 1006, "Fabrikam Mueller")
    rename(kibo_state, 1007, "Muller Toys")
    for text in ("muller", "MÜLLER", "mueller", "Müll"):
        found = await ids(client, text)
        assert {1006, 1007, 1008} <= set(found), text
    assert rec.count("GET", "/b2baccounts") == 4  # one request per search: the OR is the server's


async def test_accents_are_folded_both_ways_on_kibo(make_kibo: KiboFactory) -> None:
    client, _ = await make_kibo()
    perez = await ids(client, "perez logistics")
    assert perez and perez == await ids(client, "PÉREZ Logistics")
    assert await ids(client, "lefevre") == await ids(client, "LEFÈVRE") != []
    assert await ids(client, "krakow") == await ids(client, "Kraków")
    assert set(await ids(client, "gonzalez")) == set(await ids(client, "González"))


async def test_an_id_prefix_finds_the_accounts_whose_id_it_starts(make_kibo: KiboFactory) -> None:
    client, _ = await make_kibo()
    found = await ids(client, "100")
    assert set(range(1001, 1009)) <= set(found)
    assert set(found) - set(range(1001, 1009)) == {1100}  # its external id is ERP-1100
    assert (await ids(client, "1008"))[0] == 1008
    assert 1100 in await ids(client, "11")


@pytest.mark.parametrize("text", ["TX-001008", "tx-001008", "ERP-1008", "erp-1008", "001008"])
async def test_tax_and_external_ids_find_the_company(make_kibo: KiboFactory, text: str) -> None:
    client, _ = await make_kibo()
    assert (await ids(client, text))[0] == 1008


async def test_several_words_must_all_appear_in_the_company(make_kibo: KiboFactory) -> None:
    client, _ = await make_kibo()
    assert await ids(client, "northwind europe") == [1003]
    assert await ids(client, "EUROPE northwind") == [1003]
    assert await ids(client, "maschinenbau muller") == [1008]


async def test_the_exact_company_ranks_before_those_that_only_contain_it(
    make_kibo: KiboFactory,
) -> None:
    client, _ = await make_kibo()
    found = await ids(client, "Northwind Traders")
    assert found[0] == 1001 and set(found) == {1001, 1002, 1003}
    pager = client.find_accounts("northwind", sort_by="id desc")
    assert [a.id for a in await pager.first()] == [1003, 1002, 1001]  # a sort the agent chose wins


async def test_an_unknown_field_is_refused_in_words_before_any_request(
    make_kibo: KiboFactory,
) -> None:
    client, rec = await make_kibo()
    for text in ("foo:bar", "foo eq 'x'", "companyOrOrganization sw 'N' and nope eq 1"):
        with pytest.raises(KiboInvalid) as caught:
            client.find_accounts(text)
        (message,) = caught.value.for_field("search")
        assert "is not a field Kibo B2B accounts can be filtered on" in message
        assert "companyOrOrganization" in message and caught.value.status is None
    assert rec.count("GET", "/b2baccounts") == 0
    assert await ids(client, "companyOrOrganization:Tailspin Toys") == [1007]
    assert await ids(client, "approvalStatus eq 'Denied' and id lt 1100") == [1006]
    assert await ids(client, "taxid:TX-001004") == [1004]


def test_user_text_never_leaves_its_quotes_and_the_filter_stays_bounded() -> None:
    planner_words = {"companyOrOrganization", "taxId", "externalId", "cont", "or", "and", "''"}
    for text in ("o'brien", "x'or'y", "')or(id gt 0", "ü" * 40, "äöü äöü äöü", "a4 b5 c6 d7"):
        plan = plan_account_search(text)
        assert plan.filter is not None and plan.filter.count(" cont ") <= MAX_TERMS, text
        outside = re.sub(r"'(?:[^']|'')*'", " '' ", plan.filter).replace("(", " ").replace(")", " ")
        assert set(outside.split()) <= planner_words, (text, plan.filter)
    with pytest.raises(KiboInvalid):
        plan_account_search("a b c d e f g")


def test_spellings_cover_the_common_accents_and_the_german_digraph() -> None:
    assert {"muller", "müller", "mueller"} <= set(spellings("Muller"))
    assert {"léa", "lea"} <= set(spellings("LEA"))
    assert spellings("müller")[:2] == ["müller", "muller"]
    assert all(search_key(s) == search_key("gonzalez") for s in spellings("gonzalez"))


# -- the property: smart search == the reference over the sandbox's accounts -------------


def reference(account: B2BAccount, text: str) -> bool:
    """What an agent would call a match (README "Search"), folded in Python."""
    if text.isdigit():
        more = str(account.id)[len(text) :]
        return (
            (str(account.id).startswith(text) and len(more) <= 3)
            or has_plain(account.tax_id, text) or has_plain(account.external_id, text)
        )  # fmt: skip
    words = [w.strip(":,;\"'()[]{}<>") for w in text.split()]
    return all(
        has(account.company_or_organization, w)
        or (any(c.isdigit() for c in w)
            and (has_plain(account.tax_id, w) or has_plain(account.external_id, w)))
        for w in words if w
    )  # fmt: skip


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[asyncio.Runner, KiboClient, list[B2BAccount]]]:
    from tui.sandbox import SandboxConfig, create_app

    app = create_app(SandboxConfig(customers=50))
    with asyncio.Runner() as runner:
        client = KiboClient(
            "http://sandbox.local" + PREFIX, TENANT_ID, SITE_ID, CLIENT_ID, SECRET,
            transport=httpx.ASGITransport(app=app), retry=RetryPolicy.never(),
        )  # fmt: skip

        async def everyone() -> list[B2BAccount]:
            return [a async for a in client.accounts(page_size=200)]

        yield runner, client, runner.run(everyone())
        runner.run(client.aclose())


def _special(text: str) -> int:
    """Letters a spelling has to guess: accented ones, and ae/oe/ue."""
    return sum(not c.isascii() for c in text) + len(text) - len(search_key(text))


@st.composite
def agent_texts(draw: st.DrawFn, accounts: list[B2BAccount]) -> str:
    account = draw(st.sampled_from(accounts))
    name = account.company_or_organization or "x"
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return str(account.id)[: draw(st.integers(1, 4))]
    if kind == 1:
        return draw(st.sampled_from([account.tax_id or "TX", account.external_id or "ERP"]))
    words = [w for w in name.split() if (_special(w) <= 1 and w.lower()[0] == w[0].lower())
             or w.isascii()]  # fmt: skip
    chosen = draw(st.lists(st.sampled_from(words or ["x"]), min_size=1, max_size=2, unique=True))
    typed = [w[: draw(st.integers(2, max(2, len(w))))] for w in chosen]
    style = draw(st.integers(0, 2))
    if style == 1:
        typed = [plain(w) for w in typed]
    elif style == 2:
        typed = [w.upper() if w.isascii() else w.lower() for w in typed]
    return " ".join(typed)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_kibo_search_finds_exactly_what_the_reference_finds(world, data) -> None:  # type: ignore[no-untyped-def]
    runner, client, accounts = world
    text = data.draw(agent_texts(accounts))

    async def run() -> set[int]:
        return {a.id async for a in client.find_accounts(text, page_size=200)}

    expected = {a.id for a in accounts if reference(a, text)}
    assert runner.run(run()) == expected, text


async def test_a_pager_started_with_a_page_read_elsewhere_hands_it_over_without_a_request(
    make_kibo: KiboFactory,
) -> None:
    """The list shows the connection check's first page at once (`held_next_page`); the page
    after it is read from the server, from where the held one ends."""
    client, rec = await make_kibo()
    pager = client.find_accounts("", page_size=20)
    assert pager.held_next_page() is None, "nothing held: it would have to be read"
    collection = await client.list_accounts(start_index=0, page_size=20)  # "the check"
    before = rec.count("GET", "/b2baccounts")
    pager.start_with(collection)
    held = pager.held_next_page()
    assert held is not None and [a.id for a in held] == [a.id for a in collection.items or []]
    assert rec.count("GET", "/b2baccounts") == before
    assert pager.held_next_page() is None, "the next page is not held"
    second = await pager.next_page()
    assert second and second[0].id not in {a.id for a in held}
    assert rec.count("GET", "/b2baccounts") == before + 1
    assert "startIndex=20" in str(rec.requests[-1].url)
