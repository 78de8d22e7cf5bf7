"""`customer-tui serve ssh` as a team lead starts it, reached with the OpenSSH client."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pyte
import pytest

from tests.serve.conftest import public_line
from tests.serve.ssh_support import WAIT
from tui.serve.agents import add_agent

pytestmark = pytest.mark.e2e

SSH = shutil.which("ssh")
CLI = [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


async def _line_matching(stream: asyncio.StreamReader, pattern: str) -> re.Match[str]:
    seen = []
    async with asyncio.timeout(WAIT):
        while True:
            line = (await stream.readline()).decode()
            if not line:
                raise AssertionError(f"serve ssh ended without {pattern!r}: {''.join(seen)}")
            seen.append(line)
            if m := re.search(pattern, line):
                return m


@pytest.fixture
async def served(tmp_path: Path, keys: dict[str, asyncssh.SSHKey]) -> AsyncIterator[dict[str, str]]:
    """`serve ssh --port 0` in its own process; its port, fingerprint and host key path."""
    agents = tmp_path / "agents.toml"
    add_agent(agents, "alice", key_text=public_line(keys["alice"]))
    host_key = tmp_path / "host_key"
    proc = await asyncio.create_subprocess_exec(
        *CLI,
        "serve",
        "ssh",
        "--port",
        "0",
        "--agents",
        str(agents),
        "--host-key",
        str(host_key),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert proc.stdout is not None
    try:
        port = (await _line_matching(proc.stdout, r"listening on 127\.0\.0\.1:(\d+)")).group(1)
        fingerprint = (await _line_matching(proc.stdout, r"fingerprint (SHA256:\S+)")).group(1)
        yield {"port": port, "fingerprint": fingerprint, "host_key": str(host_key)}
    finally:
        proc.terminate()
        assert await asyncio.wait_for(proc.wait(), WAIT) == 0


def test_the_host_key_is_made_once_private_and_its_fingerprint_is_what_ssh_sees(
    tmp_path: Path,
) -> None:
    from tui.serve.ssh import load_host_key

    path = tmp_path / "k"
    first = load_host_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_host_key(path).public_data == first.public_data
    if shutil.which("ssh-keygen"):
        pub = tmp_path / "k.pub"
        pub.write_bytes(first.export_public_key())
        shown = subprocess.run(["ssh-keygen", "-l", "-f", str(pub)], capture_output=True, text=True)
        assert first.get_fingerprint("sha256") in shown.stdout


@pytest.mark.skipif(SSH is None, reason="the OpenSSH client is not installed")
async def test_the_openssh_client_gets_the_app_checking_the_printed_host_key(
    served: dict[str, str], tmp_path: Path, keys: dict[str, asyncssh.SSHKey]
) -> None:
    identity = tmp_path / "id_alice"
    keys["alice"].write_private_key(str(identity))
    identity.chmod(0o600)
    known = tmp_path / "known_hosts"
    host_pub = asyncssh.read_private_key(served["host_key"]).export_public_key().decode()
    known.write_text(f"[127.0.0.1]:{served['port']} {host_pub}")
    assert asyncssh.read_private_key(served["host_key"]).get_fingerprint() == served["fingerprint"]
    assert SSH is not None
    proc = await asyncio.create_subprocess_exec(
        SSH,
        "-tt",
        "-p",
        served["port"],
        "-i",
        str(identity),
        "-F",
        "/dev/null",
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        f"UserKnownHostsFile={known}",
        "-o",
        "SetEnv=NO_COLOR=1",
        "127.0.0.1",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)

    async def until(text: str) -> None:
        assert proc.stdout is not None
        async with asyncio.timeout(WAIT):
            while text not in "\n".join(screen.display):
                data = await proc.stdout.read(65536)
                assert data, f"ssh ended before {text!r}:\n" + "\n".join(screen.display)
                stream.feed(data)

    try:
        await until("John Smith")
        proc.stdin.write(b"dubois")
        await until("Marie Dubois")
        proc.stdin.write(b"\x11")  # Ctrl+Q
        assert await asyncio.wait_for(proc.wait(), WAIT) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
