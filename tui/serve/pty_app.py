"""One agent's app in its own process on a pseudo-terminal: bytes in, bytes out, a window size.

A process per session keeps the apps apart (a crash, a slow search or a leak stays in one) and
makes the clean end simple: when the process is gone, nothing of the session is left."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import struct
import sys
import termios
from collections.abc import Callable, Mapping, Sequence

STOP_TIMEOUT = 3.0
"""How long a session's app gets to end on SIGTERM before it is killed."""
_READ = 64 * 1024
_MAX_INPUT = 1024 * 1024
"""Input not yet taken by the app beyond this is dropped: a runaway paste must not grow the server."""


def session_command(
    policy_json: str, config: str | None = None, platform: str | None = None
) -> list[str]:
    """The command line of one served session's app (see tui/serve/session.py)."""
    argv = [sys.executable, "-m", "tui.serve.session", "--policy", policy_json]
    if config:
        argv += ["--config", config]
    if platform:
        argv += ["--platform", platform]
    return argv


class PtyApp:
    """Starts the app on the slave side of a new pty; `on_output` gets what it draws, `on_exit`
    its exit status once it has ended and its output is drained."""

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        on_output: Callable[[bytes], None],
        on_exit: Callable[[int], None],
    ) -> None:
        self.argv = list(argv)
        self.env = dict(env)
        self.on_output = on_output
        self.on_exit = on_exit
        self.process: asyncio.subprocess.Process | None = None
        self._master = -1
        self._pending = bytearray()
        self._reading = False
        self._waiter: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def start(self, cols: int, rows: int) -> None:
        master, slave = os.openpty()
        self._master = master
        self._set_size(slave, cols, rows)
        try:
            # A new session, so that the child can make this pty its controlling terminal and the
            # kernel sends it SIGWINCH when the agent's window changes size.
            self.process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self.env,
                start_new_session=True,
            )
        except BaseException:
            os.close(master)
            self._master = -1
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self.resume_output()
        self._waiter = asyncio.get_running_loop().create_task(self._wait(), name="pty app wait")

    @staticmethod
    def _set_size(fd: int, cols: int, rows: int) -> None:
        cols, rows = max(1, min(cols, 1000)), max(1, min(rows, 1000))
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def resize(self, cols: int, rows: int) -> None:
        if self._master >= 0:
            self._set_size(self._master, cols, rows)

    def pause_output(self) -> None:
        """The client reads slower than the app draws: stop reading until it catches up."""
        if self._reading and self._master >= 0:
            asyncio.get_running_loop().remove_reader(self._master)
            self._reading = False

    def resume_output(self) -> None:
        if not self._reading and self._master >= 0:
            asyncio.get_running_loop().add_reader(self._master, self._readable)
            self._reading = True

    def _readable(self) -> None:
        try:
            data = os.read(self._master, _READ)
        except BlockingIOError:
            return
        except OSError:  # EIO: every slave descriptor is closed, the app has ended
            data = b""
        if not data:
            self.pause_output()
            return
        self.on_output(data)

    def write(self, data: bytes) -> None:
        """Keystrokes for the app; kept and written as the pty takes them, never blocking."""
        if self._master < 0:
            return
        if len(self._pending) + len(data) > _MAX_INPUT:
            return
        was_empty = not self._pending
        self._pending += data
        if was_empty:
            self._flush()

    def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            written = os.write(self._master, self._pending)
        except BlockingIOError:
            written = 0
        except OSError:
            self._pending.clear()
            written = 0
        del self._pending[:written]
        if self._pending:
            loop.add_writer(self._master, self._writable)

    def _writable(self) -> None:
        asyncio.get_running_loop().remove_writer(self._master)
        self._flush()

    async def _wait(self) -> None:
        assert self.process is not None
        code = await self.process.wait()
        self._drain()
        self._close()
        self.on_exit(code)

    def _drain(self) -> None:
        """What the app wrote last (its goodbye, or why it could not start) still reaches the agent."""
        if self._master < 0:
            return
        for _ in range(64):
            try:
                data = os.read(self._master, _READ)
            except OSError:
                return
            if not data:
                return
            self.on_output(data)

    def _close(self) -> None:
        if self._master < 0:
            return
        loop = asyncio.get_running_loop()
        self.pause_output()
        loop.remove_writer(self._master)
        os.close(self._master)
        self._master = -1
        self._pending.clear()

    async def stop(self) -> None:
        """End the app (SIGTERM, then SIGKILL) and wait until its process and pty are gone."""
        process = self.process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), STOP_TIMEOUT)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
        if self._waiter is not None:
            await self._waiter
        self._close()
