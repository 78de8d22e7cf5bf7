"""`customer-tui serve ssh`: an SSH server that runs one app per session and nothing else.

Public keys only (from the agents file, re-read at every sign-in so an added agent needs no
restart); a shell request with a pty is the app; exec, subsystems (sftp), a shell without a pty,
port, agent and X11 forwarding are refused."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh

from tui.serve.agents import Agent, AgentsError, load_agents
from tui.serve.pty_app import PtyApp, session_command

log = logging.getLogger(__name__)

HOST_KEY_FILE = "ssh_host_ed25519_key"
CLIENT_ENV = frozenset({"NO_COLOR", "COLORTERM", "LANG", "LC_ALL", "LC_CTYPE"})
"""What the agent's client may set in the app's environment; everything else it sends (say an
EMPORIX_API_URL that would carry a profile's sign-in elsewhere) is ignored."""
_HOST_ENV_DROPPED = ("COLUMNS", "LINES", "ROWS", "TEXTUAL", "NO_COLOR", "COLORTERM", "TERM")


@dataclass(frozen=True)
class Limits:
    """How much one host gives: sessions overall and per agent, and how long a silent one lasts."""

    max_sessions: int = 25
    max_per_agent: int = 3
    idle_timeout: float = 30 * 60
    """Seconds without a keystroke before the session ends."""


def load_host_key(path: Path) -> asyncssh.SSHKey:
    """The host key, made on first start (ed25519, 0600) and reused, so agents' known_hosts
    entries stay valid."""
    if path.exists():
        if path.stat().st_mode & 0o077:
            raise AgentsError(f"{path} may be read by other users: run `chmod 600 {path}`.")
        return asyncssh.read_private_key(path)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="customer-tui host key")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key.export_private_key())
    return key


@dataclass
class _Counters:
    refused: int = 0
    served: int = 0
    by_agent: dict[str, int] = field(default_factory=dict)


class AppServer:
    """The SSH server and its sessions; `sessions` and `counters` are there to be measured."""

    def __init__(
        self,
        *,
        agents_path: Path,
        host_key: asyncssh.SSHKey,
        limits: Limits | None = None,
        config_path: Path | None = None,
        platform: str | None = None,
    ) -> None:
        self.agents_path = agents_path
        self.host_key = host_key
        self.limits = limits or Limits()
        self.config_path = config_path
        self.platform = platform
        """`serve --platform`: the embedded sandbox's side when no profile is configured."""
        self.sessions: set[_Session] = set()
        self.all_ended = asyncio.Event()
        self.all_ended.set()
        self.counters = _Counters()
        self._acceptor: asyncssh.SSHAcceptor | None = None

    @property
    def fingerprint(self) -> str:
        return self.host_key.get_fingerprint("sha256")

    async def start(self, host: str, port: int) -> int:
        """Listen; returns the port (useful with port 0)."""
        load_agents(self.agents_path)  # a broken agents file stops the start, in words
        self._acceptor = await asyncssh.create_server(
            lambda: _Connection(self),
            host,
            port,
            server_host_keys=[self.host_key],
            encoding=None,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            login_timeout=30,
            keepalive_interval=60,
            keepalive_count_max=3,
        )
        return int(self._acceptor.sockets[0].getsockname()[1])

    async def close(self) -> None:
        """Stop listening, end every session, and wait until their apps are gone."""
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()
        await asyncio.gather(*(s.end("The server is shutting down.") for s in list(self.sessions)))

    def forget(self, session: _Session) -> None:
        self.sessions.discard(session)
        if not self.sessions:
            self.all_ended.set()

    async def wait_all_ended(self) -> None:
        """Until no session is left (its app, process and pty gone): what tests measure."""
        await self.all_ended.wait()

    def admit(self, agent: Agent) -> str | None:
        """None when the agent may start one more session, else why not."""
        if len(self.sessions) >= self.limits.max_sessions:
            return f"This host is full ({self.limits.max_sessions} sessions). Try again later."
        mine = sum(1 for s in self.sessions if s.agent is agent or s.agent_name == agent.name)
        if mine >= self.limits.max_per_agent:
            return (
                f"You already have {mine} sessions open (at most {self.limits.max_per_agent}). "
                "Close one first."
            )
        return None

    def session_env(self, term: str, client_env: dict[str, str]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_HOST_ENV_DROPPED)}
        env["TERM"] = term or "xterm-256color"
        env.update({k: v for k, v in client_env.items() if k in CLIENT_ENV})
        return env


class _Connection(asyncssh.SSHServer):
    """One client connection: authentication and the refusals that need no channel."""

    def __init__(self, server: AppServer) -> None:
        self.server = server
        self.agent: Agent | None = None
        self._offered: Agent | None = None
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        try:
            agents = load_agents(self.server.agents_path)
        except AgentsError as exc:
            log.error("refusing sign-in: %s", exc)
            return False
        agent = agents.by_key(key)
        # asyncssh verifies the signature right after this call and completes the sign-in at
        # once, so the key seen last before auth_completed is the one that signed in.
        self._offered = agent
        return agent is not None

    def auth_completed(self) -> None:
        self.agent = self._offered

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        return False

    def connection_requested(self, *args: Any) -> bool:
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False

    def session_requested(self) -> asyncssh.SSHServerSession[bytes] | bool:
        if self.agent is None:
            return False
        return _Session(self.server, self.agent)


class _Session(asyncssh.SSHServerSession[bytes]):
    """One session channel: a pty and a shell request start the app; nothing else is served."""

    def __init__(self, server: AppServer, agent: Agent) -> None:
        self.server = server
        self.agent = agent
        self.agent_name = agent.name
        self.app: PtyApp | None = None
        self._chan: asyncssh.SSHServerChannel[bytes] | None = None
        self._term: str | None = None
        self._size = (80, 24)
        self._last_input = time.monotonic()
        self._idle: asyncio.Task[None] | None = None
        self._ending: asyncio.Task[None] | None = None
        self._starting: asyncio.Task[None] | None = None
        self._why = ""
        """Why the server ended the session (idle, shutdown), told to the agent at the end."""

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self._chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        self._term = term_type
        cols, rows = term_size[0], term_size[1]
        self._size = (cols or 80, rows or 24)
        return True

    def shell_requested(self) -> bool:
        # The app needs a terminal: `ssh -T host` (no pty) is refused rather than garbled.
        return self._term is not None

    def exec_requested(self, command: str) -> bool:
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        self._starting = asyncio.get_running_loop().create_task(
            self._start(), name=f"session {self.agent_name}"
        )

    async def _start(self) -> None:
        chan = self._chan
        assert chan is not None
        refusal = self.server.admit(self.agent)
        if refusal is not None:
            self.server.counters.refused += 1
            chan.write(f"customer-tui: {refusal}\r\n".encode())
            chan.exit(1)
            return
        self.server.sessions.add(self)
        self.server.all_ended.clear()
        self.server.counters.served += 1
        by_agent = self.server.counters.by_agent
        by_agent[self.agent_name] = by_agent.get(self.agent_name, 0) + 1
        policy = self.agent.policy().to_json()
        env = self.server.session_env(self._term or "", dict(chan.get_environment()))
        self.app = PtyApp(
            session_command(
                policy,
                str(self.server.config_path) if self.server.config_path else None,
                self.server.platform,
            ),
            env,
            on_output=self._output,
            on_exit=self._app_ended,
        )
        try:
            await self.app.start(*self._size)
        except OSError as exc:
            self.server.forget(self)
            chan.write(f"customer-tui: the app could not start ({exc.strerror}).\r\n".encode())
            chan.exit(1)
            return
        if self._chan is None:  # the agent left while the app was starting
            await self.app.stop()
            self.server.forget(self)
            return
        log.info("session started: agent %s, pid %s", self.agent_name, self.app.pid)
        self._idle = asyncio.get_running_loop().create_task(self._watch_idle(), name="idle")

    def _output(self, data: bytes) -> None:
        if self._chan is not None and not self._chan.is_closing():
            self._chan.write(data)

    def _app_ended(self, code: int) -> None:
        self.server.forget(self)
        if self._idle is not None and self._idle is not asyncio.current_task():
            self._idle.cancel()
        self._finish(1 if self._why else (code if code >= 0 else 1))

    def _finish(self, code: int) -> None:
        chan = self._chan
        if chan is not None and not chan.is_closing():
            if self._why:
                chan.write(f"\r\ncustomer-tui: {self._why}\r\n".encode())
            chan.exit(code)

    async def _watch_idle(self) -> None:
        timeout = self.server.limits.idle_timeout
        while True:
            left = self._last_input + timeout - time.monotonic()
            if left <= 0:
                await self.end(
                    f"No key pressed for {int(timeout // 60) or timeout} "
                    f"{'minutes' if timeout >= 60 else 'seconds'}: session ended."
                )
                return
            await asyncio.sleep(left)

    async def end(self, why: str) -> None:
        """End the app and then the channel, telling the agent why."""
        self._why = why
        if self.app is not None and self.app.process is not None:
            await self.app.stop()  # its end calls _app_ended, which says why and closes
        self.server.forget(self)
        self._finish(1)

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._last_input = time.monotonic()
        if self.app is not None:
            self.app.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self._size = (width or 80, height or 24)
        if self.app is not None:
            self.app.resize(*self._size)

    def pause_writing(self) -> None:
        if self.app is not None:
            self.app.pause_output()

    def resume_writing(self) -> None:
        if self.app is not None:
            self.app.resume_output()

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        # The agent closed the window or the network went: the app and its process go too.
        self._chan = None
        if self._idle is not None:
            self._idle.cancel()
        if self.app is not None and self.app.process is not None:
            self._ending = asyncio.get_running_loop().create_task(self._stop_app(), name="end")
        else:
            self.server.forget(self)

    async def _stop_app(self) -> None:
        assert self.app is not None
        with contextlib.suppress(Exception):
            await self.app.stop()
        self.server.forget(self)
