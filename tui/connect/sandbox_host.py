"""Hosts the embedded sandbox off the UI's event loop: its own loop in a thread, reached by httpx."""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import Any

import httpx

__all__ = ["BorrowedTransport", "ThreadedASGITransport"]


class _LoopThread:
    """An asyncio loop running forever in a daemon thread (daemon: a stuck sandbox never keeps
    the process alive after the app has quit)."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            # As asyncio.run ends: a request still pending is cancelled and let finish, so its
            # caller hears CancelledError instead of waiting for ever, and no task is destroyed
            # pending (asyncio would print that on the terminal the app just gave back).
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            if pending:
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.close()

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        # A request still computing is abandoned rather than waited for: the app is quitting.
        self._thread.join(timeout=1.0)


SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL while another waits for it, while a sandbox is hosted.

Python's default (5 ms) is paid by the UI's loop each time it wakes while the sandbox computes
in Python: a 2 s search stalled painting for 75-97 ms; at 1 ms, 12 ms."""

_hosted = 0
_default_interval = sys.getswitchinterval()


def _hosting(started: bool) -> None:
    global _hosted, _default_interval
    if started:
        if _hosted == 0:
            _default_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_default_interval, SWITCH_INTERVAL))
        _hosted += 1
    elif _hosted > 0:
        _hosted -= 1
        if _hosted == 0:
            sys.setswitchinterval(_default_interval)


class ThreadedASGITransport(httpx.AsyncBaseTransport):
    """Like `httpx.ASGITransport`, but the ASGI app runs on its own event loop in its own thread.

    Whatever the sandbox computes (a long query, a big body to encode, middleware that never
    yields), the UI's loop only awaits a future meanwhile, so it keeps painting and answering
    keys; Python switches threads every few milliseconds. `app` stays reachable, so tests can
    still turn `app.state.sandbox.faults` on or change `app.state.sandbox.store` behind the UI.
    """

    def __init__(self, app: Any, *, name: str = "embedded-sandbox") -> None:
        self.app = app
        self._inner = httpx.ASGITransport(app=app)
        self._loop = _LoopThread(name)
        self._open = True
        _hosting(True)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # The body is read here, on the caller's loop, so the other loop never touches its stream.
        content = await request.aread()
        copy = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=content,
            extensions=request.extensions,
        )
        future = asyncio.run_coroutine_threadsafe(self._answer(copy), self._loop.loop)
        try:
            status, headers, body = await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()  # the UI gave up on it (a newer search): so does the sandbox
            raise
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))

    async def _answer(self, request: httpx.Request) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        return response.status_code, response.headers.raw, body

    async def aclose(self) -> None:
        self._loop.stop()
        if self._open:
            self._open = False
            _hosting(False)


class BorrowedTransport(httpx.AsyncBaseTransport):
    """Another client's way into a transport it does not own: closing that client leaves the
    transport open (the connection check's, into the sandbox it hands on to the app)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        pass
