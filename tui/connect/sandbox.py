"""The embedded sandbox: the local emulator reached in-process, for a connection that asks for it."""

from __future__ import annotations

import sqlite3

import httpx

from tui.config.connection import Connection, sandbox_data_path
from tui.connect.errors import SandboxUnavailable
from tui.sandbox import SandboxConfig, create_app

__all__ = ["sandbox_transport"]


def sandbox_transport(connection: Connection) -> httpx.ASGITransport:
    """An httpx transport into a sandbox app on the connection's data file (the default file
    under the user data directory unless it names another)."""
    db_path = connection.data_path or sandbox_data_path()
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        app = create_app(SandboxConfig(db_path=db_path))
    except (sqlite3.Error, OSError) as exc:
        raise SandboxUnavailable(
            f"The embedded sandbox cannot open its data file {db_path}: {exc}. The file "
            "holds only demo data: delete it to start afresh (or check the directory's "
            "permissions and free space)."
        ) from None
    return httpx.ASGITransport(app=app)
