"""Loopback sockets for the tests: a port nothing listens on, and an ASGI app served by uvicorn."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A loopback port that was free a moment ago: nothing listens there (a refused connection)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(app: Any, *, lifespan: str = "auto", timeout: float = 15) -> Iterator[str]:
    """Serve `app` with uvicorn on an ephemeral loopback port in a thread; yields its base URL.

    The socket listens before uvicorn starts, so clients may connect at once (the backlog holds
    them); start-up is awaited on an event the server itself sets, never by sleeping.
    """
    import uvicorn

    class _Server(uvicorn.Server):
        def __init__(self, config: uvicorn.Config) -> None:
            super().__init__(config)
            self.ready = threading.Event()

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            try:
                await super().startup(sockets=sockets)
            finally:
                self.ready.set()

        def install_signal_handlers(self) -> None:  # the test runner owns the signals
            pass

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = _Server(uvicorn.Config(app, log_level="warning", lifespan=lifespan))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        if not server.ready.wait(timeout=timeout) or not server.started:
            raise RuntimeError("the app did not start on the loopback socket")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=timeout)
        sock.close()
