"""What can stop a connection from opening, apart from the API's own answers (kept light for the CLI)."""

from __future__ import annotations

__all__ = ["SandboxUnavailable"]


class SandboxUnavailable(Exception):
    """The embedded sandbox cannot open its data file; str() says which file and what to do."""
