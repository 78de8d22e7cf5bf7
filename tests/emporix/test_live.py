"""The client over a real loopback socket: uvicorn serving the sandbox on an ephemeral port."""

from __future__ import annotations

import asyncio

import pytest

from tests.emporix.conftest import ServiceFactory
from tui.emporix.errors import VersionConflict

pytestmark = pytest.mark.e2e


async def test_read_search_change_and_conflict_over_a_socket(
    make_service: ServiceFactory, live_sandbox_url: str
) -> None:
    svc, rec = await make_service(url=live_sandbox_url)
    page = await svc.list_customers(page_size=10)
    assert page.total == 300 and len(page.items) == 10
    anna = (await svc.find("anna.schmidt@schmidt-maschinenbau.de").next_page())[0]
    anna = await svc.get_customer(anna.number)
    saved = await svc.update_customer(anna, anna.edited(title="DR"))
    assert saved.title == "DR" and saved.version == (anna.version or 0) + 1
    with pytest.raises(VersionConflict) as caught:
        await svc.update_customer(anna, anna.edited(title="PROF"))
    assert caught.value.current is not None and caught.value.current.title == "DR"
    assert not rec.problems


async def test_concurrent_reads_over_a_socket_share_one_token(
    make_service: ServiceFactory, live_sandbox_url: str
) -> None:
    svc, rec = await make_service(url=live_sandbox_url)
    results = await asyncio.gather(
        *(svc.get_customer(f"1000000{i}") for i in range(1, 7) for _ in range(3))
    )
    assert len(results) == 18 and rec.token_requests == 1


async def test_unknown_fields_and_mixins_round_trip_over_a_socket(
    make_service: ServiceFactory, live_sandbox_url: str
) -> None:
    svc, _ = await make_service(url=live_sandbox_url)
    yuki = await svc.get_customer("10000005")
    assert yuki.mixins and yuki.unknown_fields
    saved = await svc.update_customer(yuki, yuki.edited(middle_name="K."))
    assert saved.mixins == yuki.mixins and saved.unknown_fields == yuki.unknown_fields
    assert saved.accounts == yuki.accounts
