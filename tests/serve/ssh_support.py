"""An SSH client with a terminal emulator: what an agent's terminal would show, read by tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from typing import Any

import asyncssh
import pyte

from tui.ui.type_ahead import GUARD_SECONDS

WAIT = 45.0
"""Every wait is bounded: a session starts a Python process on a busy 2-core machine."""


class Terminal:
    """One agent's SSH session with a pty, rendered by pyte as their terminal would."""

    def __init__(self, conn: asyncssh.SSHClientConnection, cols: int = 80, rows: int = 24) -> None:
        self.conn = conn
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.process: asyncssh.SSHClientProcess[bytes] | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self.closed = asyncio.Event()

    @classmethod
    async def open(
        cls,
        port: int,
        key: asyncssh.SSHKey,
        *,
        cols: int = 80,
        rows: int = 24,
        env: Mapping[str, str] | None = None,
    ) -> Terminal:
        conn = await connect(port, key)
        term = cls(conn, cols, rows)
        term.process = await conn.create_process(
            term_type="xterm-256color",
            term_size=(cols, rows),
            env=dict(env or {}),
            encoding=None,
        )
        term._reader = asyncio.get_running_loop().create_task(term._read())
        return term

    async def _read(self) -> None:
        assert self.process is not None
        try:
            while True:
                data = await self.process.stdout.read(65536)
                if not data:
                    break
                self.raw += data
                self.stream.feed(data)
                self._changed.set()
        except (asyncssh.Error, OSError):
            pass
        finally:
            self.closed.set()
            self._changed.set()

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, *texts: str, within: float = WAIT) -> str:
        """Until every text is on the screen at once; fails with the screen shown."""
        return await self.wait_until(lambda screen: all(t in screen for t in texts), within)

    async def wait_until(self, shown: Callable[[str], bool], within: float = WAIT) -> str:
        """Until `shown(screen text)` holds; fails with the screen shown."""

        async def until() -> None:
            while not shown(self.text):
                if self.closed.is_set():
                    raise AssertionError(f"session ended first:\n{self.text}")
                self._changed.clear()
                await self._changed.wait()

        try:
            await asyncio.wait_for(until(), within)
        except TimeoutError:
            raise AssertionError(f"not shown within {within}s:\n{self.text}") from None
        return self.text

    async def wait_closed(self, within: float = WAIT) -> int | None:
        await asyncio.wait_for(self.closed.wait(), within)
        assert self.process is not None
        await asyncio.wait_for(self.process.wait_closed(), within)
        return self.process.exit_status

    def send(self, keys: str | bytes) -> None:
        assert self.process is not None
        self.process.stdin.write(keys.encode() if isinstance(keys, str) else keys)

    def resize(self, cols: int, rows: int) -> None:
        assert self.process is not None
        self.screen.resize(rows, cols)
        self.process.change_terminal_size(cols, rows)

    async def close(self) -> None:
        self.conn.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.conn.wait_closed(), WAIT)
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, WAIT)


async def connect(
    port: int, key: asyncssh.SSHKey | None, **options: Any
) -> asyncssh.SSHClientConnection:
    """A client that offers exactly what it is given: no agent, no keys from ~/.ssh."""
    return await asyncio.wait_for(
        asyncssh.connect(
            "127.0.0.1",
            port,
            username="agent",
            known_hosts=None,
            client_keys=[key] if key is not None else None,
            agent_path=None,
            **options,
        ),
        WAIT,
    )


async def read_the_question() -> None:
    """Pause as an agent reading a dialog does before answering it.

    A dialog that can lead to a change ignores the keys of its first moments (the type-ahead
    guard, tui/ui/type_ahead.py), so that keys typed before it appeared never answer it. A served
    app runs in another process, where the guard cannot be watched; this is the one wait the tests
    make on a clock, and it is the guard's own documented length, not a guess at a worker's.
    """
    await asyncio.sleep(GUARD_SECONDS + 0.1)
