"""The monkey: a thousand random keys per seed at 80x24, with and without sandbox faults."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import sandbox_connection
from tests.ui.monkey import MAX_PRESS_SECONDS, run_seed, store_versions
from tui.connect.sandbox_host import ThreadedASGITransport
from tui.core.journal import Journal
from tui.emporix.client import CustomerService
from tui.sandbox import DEMO_SECRET, TENANT
from tui.ui.app import CustomerTuiApp

KEYS = 1000


@pytest.mark.parametrize(("seed", "faults"), [(1, False), (2, True)])
async def test_a_thousand_random_keys_crash_nothing_hang_nothing_change_nothing_unasked(
    sandbox_app: Any, seed: int, faults: bool
) -> None:
    state = sandbox_app.state.sandbox
    if faults:
        state.faults.error_rate, state.faults.drop_rate = 0.1, 0.05
    numbers = range(10_000_001, 10_000_400)
    before = store_versions(state.store, numbers)
    journal = Journal()
    # Hosted as the app hosts its sandbox (its own loop and thread). The app does not close a
    # service it was given: one serves every restart.
    service = CustomerService(
        "http://sandbox.local",
        TENANT,
        "demo-agent",
        DEMO_SECRET,
        transport=ThreadedASGITransport(sandbox_app),
    )

    def app() -> CustomerTuiApp:
        return CustomerTuiApp(sandbox_connection(), service=service)

    try:
        run = await run_seed(app, seed, KEYS, journal=journal)
    finally:
        await service.aclose()
    assert run.presses == KEYS
    assert not run.problems, run.problems
    assert run.slowest <= MAX_PRESS_SECONDS
    # Every customer whose stored copy changed has a journal line: nothing changed unseen.
    after = store_versions(state.store, numbers)
    touched = {n for n in numbers if before[str(n)] != after[str(n)]}
    journalled = {e.customer_number for e in journal.recent(limit=100_000)}
    assert {str(n) for n in touched} <= journalled
