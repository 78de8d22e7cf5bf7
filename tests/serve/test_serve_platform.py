"""`serve ssh|web --platform kibo`: with no profile configured, sessions open the sandbox's Kibo side."""

from __future__ import annotations

import os
from pathlib import Path

import asyncssh
import pytest

from tests.serve.conftest import public_line
from tests.serve.ssh_support import Terminal
from tui.config.connection import Connection
from tui.connect.backends import open_backend
from tui.core.session_policy import SessionPolicy
from tui.serve import session
from tui.serve.agents import add_agent
from tui.serve.cli import _serving_what
from tui.serve.pty_app import session_command
from tui.serve.ssh import AppServer, load_host_key


def test_the_session_command_carries_the_platform_only_when_given() -> None:
    assert session_command("{}", "/c.toml", "kibo")[-4:] == [
        "--config",
        "/c.toml",
        "--platform",
        "kibo",
    ]
    assert "--platform" not in session_command("{}", None)


def test_a_session_without_profiles_opens_the_sandboxs_kibo_side() -> None:
    connection, _ = session.resolve(SessionPolicy(agent="alice"), None, "kibo")
    assert connection.sandbox and connection.platform == "kibo"
    assert (connection.tenant, connection.site) == ("10000", "10001")
    emporix, _ = session.resolve(SessionPolicy(agent="alice"), None)
    assert emporix.sandbox and emporix.platform == "emporix"


def test_configured_profiles_keep_their_own_platform(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Path(os.environ["CUSTOMER_TUI_CONFIG"])
    config.write_text(
        '[profiles.shop]\ntenant = "demo"\nclient_id = "c"\nsecret_env = "S"\n', encoding="utf-8"
    )
    monkeypatch.setenv("S", "x")
    connection, _ = session.resolve(SessionPolicy(agent="alice"), None, "kibo")
    assert connection.name == "shop" and connection.platform == "emporix"
    assert "--platform kibo ignored" in _serving_what(None, os.environ, "kibo")


def test_the_banner_says_which_side_of_the_sandbox_is_served() -> None:
    assert _serving_what(None, os.environ, "kibo") == (
        "no profile configured: serving the embedded sandbox (its Kibo side, demo data)"
    )
    assert _serving_what(None, os.environ, None).endswith("embedded sandbox (demo data)")


@pytest.mark.e2e
async def test_an_agent_served_with_platform_kibo_is_on_the_kibo_side(
    tmp_path: Path, keys: dict[str, asyncssh.SSHKey]
) -> None:
    agents = tmp_path / "agents.toml"
    add_agent(agents, "alice", key_text=public_line(keys["alice"]))
    await open_backend(Connection.sandbox_default(platform="kibo")).close()
    server = AppServer(agents_path=agents, host_key=load_host_key(tmp_path / "hk"), platform="kibo")
    port = await server.start("127.0.0.1", 0)
    try:
        term = await Terminal.open(port, keys["alice"])
        # At 80 columns the header names the platform and the agent; the client from 100.
        await term.wait_for("Kibo · tenant 10000 · site 10001 · alice")
        term.resize(120, 30)
        await term.wait_for("alice as kibo-agent")
        await term.close()
    finally:
        await server.close()
