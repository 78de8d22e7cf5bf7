"""Application tokens: cached, renewed before expiry, one renewal at a time, a 401 re-sent once."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from tests.kibo.conftest import KiboFactory
from tui.kibo.errors import KiboForbidden, KiboUnauthorized
from tui.sandbox import SandboxConfig, create_app
from tui.sandbox.kibo import SECRET


def _grants(rec: Any) -> list[str]:
    return [
        json.loads(r.content)["grant_type"]
        for r in rec.requests
        if r.url.path.endswith("/authtickets/oauth")
    ]


async def test_one_token_serves_many_requests(make_kibo: KiboFactory) -> None:
    client, rec = await make_kibo()
    for _ in range(3):
        await client.get_account(1001)
    assert rec.token_requests == 1
    body = json.loads(rec.requests[0].content)
    assert body == {
        "client_id": "kibo-agent",
        "client_secret": SECRET,
        "grant_type": "client_credentials",
    }
    assert rec.requests[0].headers["content-type"] == "application/json"


async def test_concurrent_first_requests_share_one_sign_in(make_kibo: KiboFactory) -> None:
    client, rec = await make_kibo()
    await asyncio.gather(*(client.get_account(1001 + i) for i in range(6)))
    assert rec.token_requests == 1


async def test_token_is_renewed_with_its_refresh_token_before_it_expires(
    make_kibo: KiboFactory,
) -> None:
    client, rec = await make_kibo()
    await client.get_account(1001)
    first = client.auth.current
    client.auth.clock = lambda: time.monotonic() + 3600 - 30  # inside the renewal margin
    await client.get_account(1001)
    assert _grants(rec) == ["client_credentials", "refresh_token"]
    assert client.auth.current is not first
    assert rec.count("GET", "/b2baccounts/1001") == 2  # nothing was refused on the way


async def test_a_refused_token_is_renewed_and_the_request_sent_once_more(
    make_kibo: KiboFactory, kibo_state: Any
) -> None:
    client, rec = await make_kibo()
    await client.get_account(1001)
    kibo_state.tokens.revoke_all()  # the server forgets every token, refresh tokens too
    account = await client.get_account(1002)
    assert account.id == 1002
    # The refresh token was refused as well, so the client signed in afresh.
    assert _grants(rec) == ["client_credentials", "refresh_token", "client_credentials"]
    assert rec.count("GET", "/b2baccounts/1002") == 2


async def test_a_401_on_a_fresh_token_is_not_retried_in_a_loop() -> None:
    app = create_app(SandboxConfig(customers=20, token_ttl=0))  # every token expires at once
    import httpx

    from tests.kibo.contract import Recorder
    from tui.kibo.client import KiboClient

    rec = Recorder()
    async with KiboClient(
        "http://sandbox.local/kibo/api", 10000, 10001, "kibo-agent", SECRET,
        transport=httpx.ASGITransport(app=app), event_hooks=rec.hooks,
    ) as client:  # fmt: skip
        with pytest.raises(KiboUnauthorized):
            await client.get_account(1001)
    assert rec.token_requests == 1 and rec.count("GET", "/b2baccounts/1001") == 1


async def test_a_wrong_secret_is_invalid_credentials_and_never_shown(
    make_kibo: KiboFactory,
) -> None:
    client, rec = await make_kibo(secret="not-the-secret")
    with pytest.raises(KiboUnauthorized) as caught:
        await client.list_accounts()
    err = caught.value
    assert err.status == 401 and err.error_code == "INVALID_CREDENTIALS"
    assert "client id" in str(err) and "not-the-secret" not in str(err) + repr(client.auth)
    assert rec.count("GET", "/b2baccounts") == 0


@pytest.mark.parametrize(("tenant", "site"), [(12345, 10001), (10000, 77)])
async def test_another_tenant_or_site_is_refused(
    make_kibo: KiboFactory, tenant: int, site: int
) -> None:
    client, rec = await make_kibo(tenant=tenant, site=site)
    with pytest.raises(KiboForbidden) as caught:
        await client.get_account(1001)
    assert caught.value.status == 403 and str(site if tenant == 10000 else tenant) in str(
        caught.value
    )
    assert rec.requests[-1].headers["x-vol-tenant"] == str(tenant)


async def test_requests_carry_the_context_headers(make_kibo: KiboFactory) -> None:
    client, rec = await make_kibo()
    await client.get_account(1001)
    sent = rec.requests[-1].headers
    assert (sent["x-vol-tenant"], sent["x-vol-site"]) == ("10000", "10001")
    assert sent["authorization"].startswith("Bearer ")


async def test_concurrent_requests_after_expiry_share_one_renewal(make_kibo: KiboFactory) -> None:
    client, rec = await make_kibo()
    await client.authenticate()
    client.auth.clock = lambda: time.monotonic() + 3600
    await asyncio.gather(*(client.get_account(1001) for _ in range(5)))
    assert _grants(rec) == ["client_credentials", "refresh_token"]


async def test_the_application_may_sign_in_at_another_host(sandbox_app: Any) -> None:
    import httpx

    from tests.kibo.contract import Recorder
    from tui.kibo.client import KiboClient

    rec = Recorder()
    async with KiboClient(
        "http://t10000.sandbox.local/kibo/api", 10000, 10001, "kibo-agent", SECRET,
        transport=httpx.ASGITransport(app=sandbox_app), event_hooks=rec.hooks,
        auth_url="http://home.sandbox.local/kibo",
    ) as client:  # fmt: skip
        await client.get_account(1001)
    assert [r.url.host for r in rec.requests] == ["home.sandbox.local", "t10000.sandbox.local"]
    assert rec.requests[0].url.path == "/kibo/api/platform/applications/authtickets/oauth"
