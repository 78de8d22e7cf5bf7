"""A server failing at sign-in is reported as the server's fault, with a retry worth trying."""

from __future__ import annotations

from typing import Any

import pytest

from tui.config.connection import Connection
from tui.connect.preflight import ConnectionProblem, check_connection


async def test_a_500_on_sign_in_says_it_is_the_servers_fault_and_to_retry(
    sandbox_app: Any, live_sandbox_url: str
) -> None:
    sandbox_app.state.sandbox.faults.error_rate = 1.0
    connection = Connection(
        name="live",
        platform="emporix",
        api_url=live_sandbox_url,
        tenant="demo",
        client_id="demo-agent",
        client_secret="demo-secret",
    )
    with pytest.raises(ConnectionProblem) as caught:
        await check_connection(connection)
    text = str(caught.value)
    assert "server's fault" in text and "try again" in text
    assert "Check the API URL and the credentials" not in text
