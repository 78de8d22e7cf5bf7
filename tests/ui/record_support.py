"""Helpers for the record screens' Pilot tests: the app on the embedded sandbox's Kibo side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.support.waiting import settle, until
from tests.ui.changes_support import screen_is
from tui.config.connection import Connection
from tui.connect.sandbox import sandbox_transport
from tui.kibo.client import KiboClient
from tui.sandbox import SandboxConfig, create_app
from tui.ui.app import CustomerTuiApp
from tui.ui.screens.record_detail import RecordDetailScreen
from tui.ui.widgets.key_footer import KeyFooter

ALICE = "1001/e920715f4e1ecaa2f3cdc375f937d256"
PAUL = "1001/1783439705ba76c8c7908d9326797ede"
LARS = "1001/7b2dcc027097feabb6a13b8b0e2fff2d"
YUKI = "1001/86d755c4a019ac81c3453697b8d7358d"


def kibo_connection(tmp_path: Path, *, read_only: bool = False) -> Connection:
    return Connection.sandbox_default(
        platform="kibo", data_path=tmp_path / "s.db", read_only=read_only
    )


def kibo_app(tmp_path: Path, *, read_only: bool = False) -> CustomerTuiApp:
    return CustomerTuiApp(kibo_connection(tmp_path, read_only=read_only))


def colleague(tmp_path: Path) -> KiboClient:
    """Another agent's client on the same sandbox file: changes behind the app's back."""
    conn = kibo_connection(tmp_path)
    return KiboClient(
        conn.api_url,
        conn.tenant,
        conn.site,
        conn.client_id,
        conn.client_secret,
        transport=sandbox_transport(conn),
    )


def stored_user(tmp_path: Path, key: str) -> dict[str, Any]:
    """The user as the sandbox stores it, bypassing every client."""
    account, _, user_id = key.partition("/")
    store = create_app(SandboxConfig(db_path=tmp_path / "s.db")).state.kibo.store
    doc = store.user(int(account), user_id)
    assert doc is not None
    return dict(doc)


def stored_account(tmp_path: Path, account_id: int) -> dict[str, Any]:
    store = create_app(SandboxConfig(db_path=tmp_path / "s.db")).state.kibo.store
    doc = store.account(account_id)
    assert doc is not None
    return dict(doc)


async def open_record(pilot: Pilot[Any], kind: str, key: str) -> RecordDetailScreen:
    """Push the detail screen of one record (as `app.open_record` will) and wait for it."""
    app = pilot.app
    await settle(pilot)
    # What the start-up said (the list's first page) is not what these tests look at.
    app.clear_notifications()
    app.last_error = ""  # type: ignore[attr-defined]
    app.push_screen(RecordDetailScreen(kind, key))
    screen: RecordDetailScreen = await screen_is(pilot, RecordDetailScreen)
    await until(pilot, lambda: screen.record is not None, f"{kind} {key} to load")
    await settle(pilot)
    return screen


def offered(pilot: Pilot[Any]) -> dict[str, str]:
    """Key -> what it does, for the keys the screen offers right now (as the key bar and help
    read them)."""
    return {
        key: active.binding.description
        for key, active in pilot.app.screen.active_bindings.items()
        if active.enabled
    }


def on_key_bar(pilot: Pilot[Any]) -> list[str]:
    return pilot.app.screen.query_one(KeyFooter).keys_shown


def record_notices(app: Any) -> list[str]:
    """Every notice the app shows from now on, title and message, in order."""
    said: list[str] = []
    original = app.notify

    def notify(message: str, *, title: str = "", **kwargs: Any) -> None:
        said.append(f"{title}: {message}")
        original(message, title=title, **kwargs)

    app.notify = notify
    return said


def embedded_sandboxes(monkeypatch: Any) -> list[Any]:
    """The embedded sandbox apps the app opens from now on (real ones, only remembered), so a
    test can turn their faults on: latency, dropped connections."""
    from tui.connect import sandbox

    opened: list[Any] = []
    real = sandbox.create_app

    def remembered(config: SandboxConfig) -> Any:
        app = real(config)
        opened.append(app)
        return app

    monkeypatch.setattr(sandbox, "create_app", remembered)
    return opened
