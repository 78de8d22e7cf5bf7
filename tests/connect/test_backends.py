"""The one map from a profile's platform to its backend, and the embedded sandbox behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config.connection import Connection, UnsupportedPlatform
from tui.connect.backends import BACKENDS, open_backend, open_service
from tui.connect.errors import SandboxUnavailable
from tui.emporix.backend import EmporixBackend
from tui.kibo.backend import KiboBackend


def remote(platform: str) -> Connection:
    return Connection(
        name="p",
        platform=platform,
        api_url="https://api.example.invalid",
        tenant="t",
        client_id="c",
        client_secret="s",
        site="1",
    )


async def test_the_sandbox_connection_opens_an_emporix_backend_that_signs_in(
    tmp_path: Path,
) -> None:
    backend = open_backend(Connection.sandbox_default(data_path=tmp_path / "s.sqlite3"))
    try:
        assert isinstance(backend, EmporixBackend)
        access = await backend.sign_in()
        assert access.can_change
        customer = await backend.get("customer", "10000001")
        assert customer.number == "10000001"
    finally:
        await backend.close()


async def test_each_platform_in_the_map_opens_its_own_backend() -> None:
    assert set(BACKENDS) == {"emporix", "kibo"}
    emporix, kibo = open_backend(remote("emporix")), open_backend(remote("kibo"))
    try:
        assert isinstance(emporix, EmporixBackend) and emporix.platform == "emporix"
        assert isinstance(kibo, KiboBackend) and kibo.platform == "kibo"
    finally:
        await emporix.close()
        await kibo.close()


def test_an_unknown_platform_is_refused_in_words() -> None:
    with pytest.raises(UnsupportedPlatform, match="'sap' profile"):
        open_backend(remote("sap"))
    with pytest.raises(UnsupportedPlatform, match="only open Emporix"):
        open_service(remote("kibo"))


def test_a_sandbox_file_that_cannot_be_opened_says_which_and_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(SandboxUnavailable, match="delete it to start afresh"):
        open_service(Connection.sandbox_default(data_path=blocker / "s.sqlite3"))
