"""`customer-tui sandbox` serves the Kibo side too: its banner names it, and a plain HTTP client uses it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.test_sandbox_http import RunningSandbox

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server() -> Iterator[RunningSandbox]:
    running = RunningSandbox("--customers", "50", "--memory")
    yield running
    running.stop()


def test_the_banner_names_the_kibo_side(server: RunningSandbox) -> None:
    text = server.banner()
    assert f"Kibo B2B sandbox at {server.url}/kibo/api" in text
    assert re.search(r"tenant: +10000 \(x-vol-tenant\), site: 10001", text)
    assert "client:   kibo-agent (secret: demo-secret)" in text


def test_a_plain_client_signs_in_and_reads_accounts_over_the_socket(server: RunningSandbox) -> None:
    base = server.url + "/kibo/api"
    with httpx.Client(base_url=base, timeout=10) as client:
        body = {
            "client_id": "kibo-agent",
            "client_secret": "demo-secret",
            "grant_type": "client_credentials",
        }
        token = client.post("/platform/applications/authtickets/oauth", json=body).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "x-vol-tenant": "10000"}
        page = client.get("/commerce/customer/b2baccounts/1001/users", headers=headers).json()
        assert page["totalCount"] == 7 and page["items"][0]["firstName"] == "Alice"
        refused = client.get(
            "/commerce/customer/b2baccounts", params={"filter": "id eq"}, headers=headers
        )
        assert (
            refused.status_code == 400
            and refused.json()["errorCode"] == "MISSING_OR_INVALID_PARAMETER"
        )
