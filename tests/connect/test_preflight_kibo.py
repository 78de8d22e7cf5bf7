"""The connection check on Kibo, against the sandbox's Kibo side over a real loopback socket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.network import free_port, serve
from tests.support.services import kibo_client
from tui.config.connection import Connection
from tui.connect.preflight import FIRST_PAGE_SIZE, CheckResult, ConnectionProblem, check_connection
from tui.sandbox import SandboxConfig, create_app
from tui.sandbox.kibo import PREFIX

SECRET = "demo-secret"


@pytest.fixture(scope="module")
def sandbox() -> Any:
    return create_app(SandboxConfig(customers=50))


@pytest.fixture(scope="module")
def url(sandbox: Any) -> Iterator[str]:
    with serve(sandbox, lifespan="on") as base:
        yield base


def kibo(url: str, **changes: Any) -> Connection:
    fields: dict[str, Any] = {
        "name": "b2b",
        "platform": "kibo",
        "api_url": url + PREFIX,
        "tenant": "10000",
        "site": "10001",
        "client_id": "kibo-agent",
        "client_secret": SECRET,
    }
    fields.update(changes)
    return Connection(**fields)


async def problem(connection: Connection) -> str:
    with pytest.raises(ConnectionProblem) as caught:
        await check_connection(connection)
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


async def test_the_check_signs_in_reads_a_page_of_accounts_and_says_what_works(url: str) -> None:
    result = await check_connection(kibo(url))
    assert result.platform == "kibo" and result.accounts == 308
    page = result.first_accounts
    # The size the account list asks for, so the list can open with this page.
    assert page is not None and page.start_index == 0 and len(page.items or []) == FIRST_PAGE_SIZE
    assert result.kibo_token is not None
    # Nothing Emporix-typed is handed on for a Kibo connection.
    assert result.token is None and result.first_page is None and result.customers is None
    summary = result.summary(kibo(url))
    assert summary.startswith("OK: Kibo tenant 10000, site 10001 at 127.0.0.1:")
    assert "as application kibo-agent" in summary and "308 B2B accounts visible" in summary
    assert "Customer Read" in summary and "Customer Update" in summary
    assert SECRET not in summary and SECRET not in repr(result)


async def test_the_checks_token_saves_the_app_a_sign_in(url: str, sandbox: Any) -> None:
    result = await check_connection(kibo(url))
    assert result.kibo_token is not None
    async with kibo_client(sandbox, url=url) as client:
        client.auth.adopt(result.kibo_token)
        page = await client.list_accounts(page_size=1)
        assert page.total_count == 308 and client.auth.token_requests == 0


async def test_a_wrong_secret_is_invalid_credentials_explained(url: str) -> None:
    text = await problem(kibo(url, client_secret="not-the-secret"))
    assert "Kibo refused to sign in application 'kibo-agent' (401 INVALID_CREDENTIALS" in text
    assert "application key (client_id) or its shared secret is wrong" in text
    assert "Dev Center" in text and "customer-tui profiles" in text
    assert "not-the-secret" not in text


async def test_an_application_without_the_read_behavior_is_told_which_one(url: str) -> None:
    text = await problem(kibo(url, client_id="kibo-new"))
    assert "Signed in as application 'kibo-new'" in text and "403 FORBIDDEN" in text
    assert "lacks the behavior Customer Read" in text
    assert "Packages > Behaviors" in text and "Customer Update" in text


async def test_a_read_only_application_passes_the_check(url: str) -> None:
    result = await check_connection(kibo(url, client_id="kibo-viewer"))
    assert result.accounts == 308


async def test_a_wrong_tenant_or_site_is_named(url: str) -> None:
    text = await problem(kibo(url, tenant="99999"))
    assert "tenant 99999, site 10001 failed (403 FORBIDDEN" in text
    assert "Kibo refused the tenant" in text and "12345 of t12345" in text
    text = await problem(kibo(url, site="1"))
    assert "Kibo refused the site" in text


async def test_a_wrong_api_path_says_to_check_the_api_url(url: str) -> None:
    text = await problem(kibo(url, api_url=url + "/nothing-here/api"))
    assert "Signing in at " in text and "failed (404" in text
    assert "api_url" in text


async def test_an_unreachable_host_names_the_sign_in_url_and_that_nothing_changed() -> None:
    port = free_port()
    text = await problem(kibo(f"http://127.0.0.1:{port}"))
    assert f"Cannot reach Kibo to sign in at http://127.0.0.1:{port}{PREFIX}" in text
    assert "api_url" in text and "Nothing was changed" in text
    text = await problem(kibo("http://127.0.0.1:1", auth_url=f"http://127.0.0.1:{port}"))
    assert "profile's auth_url" in text


async def test_the_embedded_sandboxs_kibo_side_passes_the_check(tmp_path: Path) -> None:
    connection = Connection.sandbox_default(platform="kibo", data_path=tmp_path / "s.sqlite3")
    result = await check_connection(connection)
    try:
        assert isinstance(result, CheckResult) and result.accounts == 308
    finally:
        await result.sandbox.aclose()  # whoever takes the result closes the sandbox it opened
