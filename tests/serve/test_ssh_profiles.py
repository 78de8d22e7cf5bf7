"""Served sessions on real profiles: each agent gets only their profiles; the secret stays here."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import asyncssh
import pytest

from tests.serve.conftest import public_line
from tests.serve.ssh_support import Terminal
from tui.serve.agents import add_agent
from tui.serve.ssh import AppServer, load_host_key

pytestmark = pytest.mark.e2e

SECRET = "demo-secret"
"""The sandbox's demo client secret, configured here as a profile's secret would be."""


@pytest.fixture
def profiles(live_sandbox_url: str) -> Path:
    config = Path(os.environ["CUSTOMER_TUI_CONFIG"])
    body = 'default_profile = "staging"\n'
    for name, label in (("staging", "STAGING"), ("prod", "PROD")):
        body += (
            f'[profiles.{name}]\napi_url = "{live_sandbox_url}"\ntenant = "demo"\n'
            f'client_id = "demo-agent"\nclient_secret = "{SECRET}"\nlabel = "{label}"\n'
        )
    config.write_text(body)
    config.chmod(0o600)
    return config


async def test_each_agent_opens_only_their_profiles_and_no_secret_reaches_them(
    profiles: Path, tmp_path: Path, keys: dict[str, asyncssh.SSHKey]
) -> None:
    agents = tmp_path / "agents.toml"
    add_agent(agents, "alice", key_text=public_line(keys["alice"]), profiles=["prod"])
    add_agent(agents, "bob", key_text=public_line(keys["bob"]))  # the default profile only
    server = AppServer(agents_path=agents, host_key=load_host_key(tmp_path / "hk"))
    port = await server.start("127.0.0.1", 0)
    try:
        alice = await Terminal.open(port, keys["alice"])
        bob = await Terminal.open(port, keys["bob"])
        await asyncio.gather(alice.wait_for("PROD", "John Smith"), bob.wait_for("STAGING"))
        for term in (alice, bob):
            term.send("\x10")  # Ctrl+P: the palette lists profile switches it allows
            await term.wait_for("Search for commands")
            term.send("switch profile")
        await asyncio.gather(alice.wait_for("No matches"), bob.wait_for("No matches"))
        for term in (alice, bob):
            assert SECRET.encode() not in term.raw
        await asyncio.gather(alice.close(), bob.close())
    finally:
        await server.close()
