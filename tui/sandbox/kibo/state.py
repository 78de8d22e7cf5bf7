"""The live parts of the Kibo side: its store, its tokens, its clock; `app.state.kibo`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.requests import Request

from .auth import AppTokens
from .store import KiboStore


@dataclass
class KiboState:
    """Reachable as `app.state.kibo` (on the sandbox app too); tests may use `store` directly."""

    store: KiboStore
    tokens: AppTokens
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def now(self) -> str:
        return self.wall_clock().strftime("%Y-%m-%dT%H:%M:%S.000Z")


def kibo(request: Request) -> KiboState:
    state: KiboState = request.app.state.kibo
    return state
