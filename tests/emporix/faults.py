"""Deterministic use of the sandbox's fault injection from client tests."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any


class AlwaysFaulty(random.Random):
    """A random source for `faults.rng` under which every enabled fault fires, with a chosen status.

    The sandbox draws a number below each fault rate and picks 500 or 503 at random; this makes
    the draw always fire and the pick always `status`, so a test knows exactly what happens.
    """

    def __init__(self, status: int = 503) -> None:
        super().__init__(0)
        self.status = status

    def random(self) -> float:
        return 0.0

    def choice(self, seq: Sequence[Any]) -> Any:
        return self.status if self.status in seq else seq[0]


def inject(state: Any, *, status: int = 503, **rates: float) -> None:
    """Turn faults on: e.g. inject(state, error_rate=1.0, status=503)."""
    state.faults.rng = AlwaysFaulty(status)
    for name, value in rates.items():
        setattr(state.faults, name, value)


def heal(state: Any) -> None:
    state.faults.off()
