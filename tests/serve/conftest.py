"""Serve fixtures: agents with their own keys, an agents file, and `serve ssh` on a free port."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from tui.config.connection import Connection
from tui.connect.backends import open_service
from tui.core.journal import journal_path
from tui.serve.agents import add_agent
from tui.serve.ssh import AppServer, Limits, load_host_key


@pytest.fixture(scope="session")
def keys() -> dict[str, asyncssh.SSHKey]:
    """One key pair per person; `stranger` is in no agents file."""
    return {
        name: asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
        for name in ("alice", "bob", "lead", "stranger")
    }


def public_line(key: asyncssh.SSHKey) -> str:
    return key.export_public_key().decode().strip()


@pytest.fixture
def agents_file(tmp_path: Path, keys: dict[str, asyncssh.SSHKey]) -> Path:
    path = tmp_path / "agents.toml"
    add_agent(path, "alice", key_text=public_line(keys["alice"]))
    add_agent(path, "bob", key_text=public_line(keys["bob"]), require_ticket=True)
    add_agent(path, "lead", key_text=public_line(keys["lead"]), role="lead", read_only=True)
    return path


ServerFactory = Callable[..., Any]


@pytest.fixture
async def ssh_server(tmp_path: Path, agents_file: Path) -> AsyncIterator[ServerFactory]:
    """Starts `serve ssh`'s server on a free loopback port: `await ssh_server(limits=...)`."""
    started: list[AppServer] = []

    # The embedded sandbox's data is made once, before the first session (as the CLI does).
    await open_service(Connection.sandbox_default()).aclose()

    async def start(limits: Limits | None = None) -> tuple[AppServer, int]:
        server = AppServer(
            agents_path=agents_file,
            host_key=load_host_key(tmp_path / "host_key"),
            limits=limits,
        )
        port = await server.start("127.0.0.1", 0)
        started.append(server)
        return server, port

    yield start
    for server in started:
        await server.close()


def journal_lines() -> list[dict[str, Any]]:
    path = journal_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
