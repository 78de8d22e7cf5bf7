"""Shared fixtures: isolated directories, an in-process sandbox and a client bound to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT.parent / "shared" / "specs"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
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
    yield home


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
    import httpx

    from tui.emporix.client import CustomerService
    from tui.sandbox import DEMO_SECRET, TENANT

    svc = CustomerService(
        "http://sandbox.local",
        TENANT,
        "demo-agent",
        DEMO_SECRET,
        transport=httpx.ASGITransport(app=sandbox_app),
    )
    async with svc:
        yield svc
