"""Kibo's errors on the neutral classes; reads retried (bounded, Retry-After), changes never."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kibo.conftest import FakeSleep, KiboFactory
from tui.core import errors as core
from tui.http.retry import RetryPolicy
from tui.kibo.errors import (
    KiboNetworkError,
    KiboNotFound,
    KiboRateLimited,
    KiboServerError,
)


@pytest.fixture
def faults(sandbox_app: Any) -> Any:
    return sandbox_app.state.sandbox.faults


async def test_kibo_errors_are_neutral_errors_with_kibos_facts(make_kibo: KiboFactory) -> None:
    client, _ = await make_kibo()
    with pytest.raises(core.NotFound) as caught:
        await client.get_account(424242)
    err = caught.value
    assert isinstance(err, KiboNotFound)
    assert (err.status, err.error_code, err.application_name) == (404, "ITEM_NOT_FOUND", "Customer")
    assert err.title == "Not found"
    assert str(err).startswith("404: Could not read account 424242")
    assert "B2BAccount 424242 not found" in (err.server_message or "")


async def test_a_rate_limited_read_waits_as_told_then_reports_it(
    make_kibo: KiboFactory, faults: Any
) -> None:
    sleep = FakeSleep()
    client, rec = await make_kibo(retry=RetryPolicy(max_attempts=3, sleep=sleep))
    await client.authenticate()
    faults.rate_limit_rate, faults.retry_after = 1.0, 2
    with pytest.raises(KiboRateLimited) as caught:
        await client.list_accounts()
    assert sleep.waits == [2, 2]
    assert caught.value.retry_after == 2 and caught.value.error_code == "TOO_MANY_REQUESTS"
    assert isinstance(caught.value, core.RateLimited)
    assert rec.count("GET", "/b2baccounts") == 3


async def test_a_failing_read_is_retried_until_it_works(
    make_kibo: KiboFactory, faults: Any
) -> None:
    sleep = FakeSleep(then=faults.off)
    client, rec = await make_kibo(retry=RetryPolicy(sleep=sleep))
    await client.authenticate()
    faults.error_rate = 1.0
    page = await client.list_accounts(page_size=1)
    assert page.total_count > 0 and len(sleep.waits) == 1
    assert 0 < sleep.waits[0] <= 0.25  # jittered: half the first back-off, or more
    assert rec.count("GET", "/b2baccounts") == 2


async def test_a_change_is_never_retried(make_kibo: KiboFactory, faults: Any) -> None:
    sleep = FakeSleep()
    client, rec = await make_kibo(retry=RetryPolicy(sleep=sleep))
    await client.authenticate()
    faults.error_rate = 1.0
    with pytest.raises(KiboServerError) as caught:
        await client.change_account_status(1003, "approve")
    assert sleep.waits == [] and rec.count("PUT") == 1
    assert caught.value.status in (500, 503) and isinstance(caught.value, core.ServerError)
    assert "Injected sandbox failure" in (caught.value.server_message or "")


async def test_a_broken_connection_says_whether_anything_may_have_changed(
    make_kibo: KiboFactory, faults: Any
) -> None:
    client, _ = await make_kibo(retry=RetryPolicy(max_attempts=2, sleep=FakeSleep()))
    await client.authenticate()
    faults.drop_rate = 1.0
    with pytest.raises(KiboNetworkError) as read:
        await client.get_account(1001)
    assert read.value.may_have_changed is False and "Nothing was changed" in str(read.value)
    with pytest.raises(KiboNetworkError) as change:
        await client.remove_user(1001, "0" * 32)
    assert change.value.may_have_changed is True and "reload" in str(change.value)
    assert isinstance(change.value, core.NetworkError)
