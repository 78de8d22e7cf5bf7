"""The request log goes to a file under the log directory, with tokens and secrets redacted."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emporix.conftest import ServiceFactory
from tui.emporix.logs import configure_logging, default_log_path, redact_body


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(tmp_path / "logs" / "client.log")
    yield path
    logger = logging.getLogger("tui")
    for handler in list(logger.handlers):
        if handler.get_name() == "customer-tui-file":
            logger.removeHandler(handler)
            handler.close()
    logger.setLevel(logging.NOTSET)


def test_the_default_log_file_is_in_the_platform_log_directory(isolated_dirs: Path) -> None:
    path = default_log_path()
    assert path.name == "customer-tui.log" and "customer-tui" in str(path.parent)


async def test_requests_and_responses_are_logged_without_secrets(
    make_service: ServiceFactory, log_file: Path
) -> None:
    svc, rec = await make_service()
    await svc.get_customer("10000001")
    token = next(r.headers["authorization"] for r in rec.requests if "authorization" in r.headers)
    token_value = token.split()[1]
    text = log_file.read_text(encoding="utf-8")  # noqa: ASYNC240 - a small local file, read once
    assert "-> GET http://sandbox.local/customer/demo/customers/10000001" in text
    assert "<- 200 GET" in text and "John" in text
    assert "client_secret=%2A%2A%2A" in text or "client_secret=***" in text
    assert "'authorization': '***'" in text
    assert "demo-secret" not in text
    assert token_value not in text  # neither in the header nor in the token answer


def test_bodies_are_redacted_in_form_json_and_text() -> None:
    form = redact_body(
        b"grant_type=client_credentials&client_secret=abc&client_id=x",
        "application/x-www-form-urlencoded",
    )
    assert "abc" not in form and "client_id=x" in form
    answer = redact_body(b'{"access_token": "tok123", "expires_in": 10}', "application/json")
    assert "tok123" not in answer and '"expires_in": 10' in answer
    assert "tok9" not in redact_body(b"Authorization: Bearer tok9", "text/plain")


def test_a_long_json_body_is_cut_and_its_secrets_redacted_even_where_it_is_cut() -> None:
    """Only the start of a long body is logged (and read); a secret cut in half is still hidden."""
    rows = [{"customerNumber": str(n), "password": f"pw-{n}", "note": "x" * 60} for n in range(80)]
    body = json.dumps(rows).encode()
    text = redact_body(body, "application/json")
    assert len(text) <= 4000 and '"customerNumber": "0"' in text
    assert "pw-" not in text and '"password": "***"' in text
    for cut in range(1, 40):  # the 4,000th character falls anywhere in the secret's pair
        head = b'{"note": "' + b"y" * (4000 - 10 - cut) + b'", '
        tail = b'"accessToken": "tok en with spaces, and, commas", "hash": 12345}'
        logged = redact_body(head + tail + b" " * 100, "application/json")
        assert not {"tok", "en", "spaces", "commas", "12345"} & set(re.findall(r"\w+", logged))


async def test_nothing_is_logged_unless_configured(
    make_service: ServiceFactory, tmp_path: Path
) -> None:
    svc, _ = await make_service()
    await svc.get_customer("10000001")
    assert not any(isinstance(h, logging.FileHandler) for h in logging.getLogger("tui").handlers)


def test_reconfiguring_moves_the_log(tmp_path: Path) -> None:
    first = configure_logging(tmp_path / "a.log")
    second = configure_logging(tmp_path / "b.log")
    handlers = [h for h in logging.getLogger("tui").handlers if h.get_name() == "customer-tui-file"]
    assert len(handlers) == 1 and first != second
    logging.getLogger("tui.emporix.http").debug("hello")
    assert "hello" in second.read_text(encoding="utf-8")
    for handler in handlers:
        logging.getLogger("tui").removeHandler(handler)
        handler.close()
