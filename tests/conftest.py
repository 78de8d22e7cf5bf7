"""Shared fixtures: isolated directories, an in-process sandbox and a client bound to it."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "tests" / "contracts"
"""The API contracts, kept in the project so that a fresh clone tests alone."""


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Keep every test away from the real config, data, state and log directories."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("CUSTOMER_TUI_CONFIG", str(home / "config.toml"))
    for var in (
        "EMPORIX_API_URL",
        "EMPORIX_TENANT",
        "EMPORIX_CLIENT_ID",
        "EMPORIX_CLIENT_SECRET",
        "CUSTOMER_TUI_PROFILE",
    ):
        monkeypatch.delenv(var, raising=False)
    # Tests see every exception as a developer does (Textual re-raises it at the end of the
    # Pilot run); the tests of what an agent sees after a bug unset this.
    monkeypatch.setenv("CUSTOMER_TUI_DEBUG", "1")
    yield home


@pytest.fixture(autouse=True)
def _switch_interval_left_as_found() -> Iterator[None]:
    """A hosted sandbox shortens the interpreter's thread switch interval while it runs; one left
    running (or a count left over) would change every later test's thread timing."""
    before = sys.getswitchinterval()
    yield
    after = sys.getswitchinterval()
    if after != before:
        sys.setswitchinterval(before)
        pytest.fail(f"the switch interval was left at {after * 1000:g} ms (was {before * 1000:g})")


@pytest.fixture
def specs_dir() -> Path:
    return SPECS


@pytest.fixture
def sandbox_app():  # type: ignore[no-untyped-def]
    """A fresh in-memory sandbox with 300 deterministic customers."""
    from tui.sandbox import SandboxConfig, create_app

    return create_app(SandboxConfig(customers=300))


@pytest.fixture
async def service(sandbox_app) -> AsyncIterator[object]:  # type: ignore[no-untyped-def]
    """A client for demo-agent, talking to the in-process sandbox through ASGITransport."""
    from tests.support.services import sandbox_service

    svc = sandbox_service(sandbox_app)
    async with svc:
        yield svc


@pytest.fixture
def live_sandbox_url(sandbox_app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The `sandbox_app` served by uvicorn on an ephemeral loopback port; yields its base URL.

    Tests can still adjust `sandbox_app.state.sandbox.faults` while it runs.
    """
    from tests.support.network import serve

    with serve(sandbox_app) as url:
        yield url
