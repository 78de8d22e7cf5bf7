"""The embedded sandbox: the local emulator reached in-process, for a connection that asks for it."""

from __future__ import annotations

import sqlite3

from tui.config.connection import Connection, sandbox_data_path
from tui.connect.errors import SandboxUnavailable
from tui.connect.sandbox_host import ThreadedASGITransport
from tui.core.private_files import private_dir
from tui.sandbox import SandboxConfig, create_app

__all__ = ["sandbox_transport"]


def sandbox_transport(connection: Connection) -> ThreadedASGITransport:
    """An httpx transport into a sandbox app on the connection's data file (the default file
    under the user data directory unless it names another), run off the UI's loop: no answer
    the sandbox computes can freeze the screen."""
    db_path = connection.data_path or sandbox_data_path()
    try:
        private_dir(db_path.parent)
        app = create_app(SandboxConfig(db_path=db_path))
    except (sqlite3.Error, OSError) as exc:
        raise SandboxUnavailable(
            f"The embedded sandbox cannot open its data file {db_path}: {exc}. The file "
            "holds only demo data: delete it to start afresh (or check the directory's "
            "permissions and free space)."
        ) from None
    return ThreadedASGITransport(app)
