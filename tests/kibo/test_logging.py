"""The Kibo request log: every exchange in the debug log, with secrets and tokens replaced by ***."""

from __future__ import annotations

import logging

import pytest

from tests.kibo.conftest import KiboFactory
from tui.http.logs import redact_body
from tui.sandbox.kibo import SECRET


async def test_the_log_has_the_requests_but_no_secret_or_token(
    make_kibo: KiboFactory, caplog: pytest.LogCaptureFixture
) -> None:
    client, _ = await make_kibo()
    with caplog.at_level(logging.DEBUG, logger="tui.kibo.http"):
        await client.get_account(1001)
    text = caplog.text
    token = client.auth.current.value.get_secret_value()  # type: ignore[union-attr]
    refresh = client.auth.current.refresh_token.get_secret_value()  # type: ignore[union-attr]
    assert "authtickets/oauth" in text and "/b2baccounts/1001" in text
    assert SECRET not in text and token not in text and refresh not in text
    assert '"client_secret": "***"' in text and "'authorization': '***'" in text


def test_a_long_body_is_cut_and_still_redacted() -> None:
    start = b'{"externalPassword": "hunter2", "pad": "' + b"x" * 5000 + b'"}'
    assert "hunter2" not in redact_body(start) and len(redact_body(start)) < 4100
