"""The command line with Kibo: --platform, `profiles`, and --check on a Kibo profile over a socket."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.network import serve
from tui import cli, paths
from tui.config.connection import Connection
from tui.connect.preflight import CheckResult
from tui.sandbox.kibo import PREFIX

SECRET = "demo-secret"


@pytest.fixture
def cfg(isolated_dirs: Path) -> Path:
    return Path(os.environ["CUSTOMER_TUI_CONFIG"])


def write_config(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


class Started(list[Connection]):
    """The connections the app would have started with, and the check handed to each."""

    def __init__(self) -> None:
        super().__init__()
        self.checks: list[object] = []


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Started:
    calls = Started()

    def fake_start_ui(
        connection: Connection, settings: object, checked: object = None, *_: object, **__: object
    ) -> int:
        calls.append(connection)
        calls.checks.append(checked)
        sandbox = getattr(checked, "sandbox", None)
        if sandbox is not None:  # the embedded sandbox the check opened: the app would close it
            asyncio.run(sandbox.aclose())
        return 0

    monkeypatch.setattr(cli, "start_ui", fake_start_ui)
    return calls


@pytest.fixture(scope="module")
def live_sandbox() -> Iterator[str]:
    from tui.sandbox import SandboxConfig, create_app

    with serve(create_app(SandboxConfig(customers=50)), lifespan="on") as url:
        yield url


def kibo_profile(url: str, *, client_id: str = "kibo-agent", default: bool = True) -> str:
    head = 'default_profile = "b2b"\n\n' if default else ""
    return (
        f"{head}[profiles.b2b]\n"
        'platform = "kibo"\n'
        f'api_url = "{url}{PREFIX}"\n'
        'tenant = "10000"\n'
        'site = "10001"\n'
        f'client_id = "{client_id}"\n'
        'secret_env = "KIBO_SECRET"\n'
        'label = "B2B"\n'
    )


SHOP = """
[profiles.shop]
tenant = "acme"
client_id = "shop-client"
secret_env = "SHOP_SECRET"
"""


def test_platform_kibo_starts_the_app_on_the_sandboxs_kibo_side_with_a_hint(
    started: Started, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--platform", "kibo"]) == 0
    connection = started[0]
    assert connection.sandbox and connection.platform == "kibo" and connection.site == "10001"
    checked = started.checks[0]  # the sandbox's Kibo side, checked: the app goes on with it
    assert isinstance(checked, CheckResult) and checked.kibo_token is not None
    assert checked.first_accounts is not None and checked.sandbox is not None
    err = capsys.readouterr().err
    assert "SANDBOX's Kibo side" in err and 'platform = "kibo"' in err


def test_platform_kibo_check_on_the_embedded_sandbox_says_what_works(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["--platform", "kibo", "--sandbox", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: Kibo tenant 10000, site 10001 at sandbox.local")
    assert "308 B2B accounts visible" in out


def test_platform_emporix_is_the_sandboxs_customer_side(started: Started) -> None:
    assert cli.main(["--platform", "emporix", "--sandbox"]) == 0
    assert started[0].platform == "emporix" and started[0].tenant == "demo"


def test_an_unknown_platform_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--platform", "sap"]) == 2
    assert "invalid choice: 'sap'" in capsys.readouterr().err


def test_platform_against_the_default_profiles_platform_is_one_clear_line(
    cfg: Path, started: Started, capsys: pytest.CaptureFixture[str], live_sandbox: str
) -> None:
    write_config(
        cfg, 'default_profile = "shop"\n' + kibo_profile(live_sandbox, default=False) + SHOP
    )
    assert cli.main(["--platform", "kibo"]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "the profile 'shop' is an Emporix profile" in err and "Kibo profiles: b2b" in err
    assert started == []


def test_check_on_a_kibo_profile_over_a_socket_says_what_works_and_hides_the_secret(
    cfg: Path,
    live_sandbox: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(cfg, kibo_profile(live_sandbox))
    monkeypatch.setenv("KIBO_SECRET", SECRET)
    assert cli.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: Kibo tenant 10000, site 10001 at 127.0.0.1:")
    assert "Customer Read" in out and SECRET not in out
    log = paths.log_file().read_text(encoding="utf-8")
    assert "authtickets/oauth" in log and SECRET not in log


def test_a_kibo_profile_is_checked_and_the_check_handed_to_the_app(
    cfg: Path, live_sandbox: str, started: Started, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(cfg, kibo_profile(live_sandbox))
    monkeypatch.setenv("KIBO_SECRET", SECRET)
    assert cli.main(["--platform", "kibo"]) == 0
    assert started[0].platform == "kibo" and not started[0].sandbox
    checked = started.checks[0]
    assert isinstance(checked, CheckResult) and checked.platform == "kibo"
    assert checked.accounts == 308 and checked.token is None and checked.first_page is None


def test_a_wrong_kibo_secret_stops_before_the_screen_with_invalid_credentials(
    cfg: Path,
    live_sandbox: str,
    started: Started,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_config(cfg, kibo_profile(live_sandbox))
    monkeypatch.setenv("KIBO_SECRET", "wrong-kibo-secret")
    assert cli.main([]) == cli.EXIT_CONNECTION
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "401 INVALID_CREDENTIALS" in err
    assert "shared secret is wrong" in err and "wrong-kibo-secret" not in err
    assert started == []


def test_profiles_lists_a_kibo_profile_with_its_site_and_secret_source(
    cfg: Path, live_sandbox: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = kibo_profile(live_sandbox).replace('label = "B2B"', 'auth_url = "https://home.mozu.com"')
    write_config(cfg, text + SHOP.replace('secret_env = "SHOP_SECRET"\n', ""))
    assert cli.main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "* b2b\n" in out
    assert f"    kibo: tenant 10000 at {live_sandbox}{PREFIX}, site 10001, signs in at " in out
    assert "client kibo-agent; secret from env $KIBO_SECRET (NOT SET)" in out
    assert "emporix: tenant acme at https://api.emporix.io" in out
    assert "none in the profile (set $EMPORIX_CLIENT_SECRET)" in out
    assert "kibo: the same sandbox's Kibo side, tenant 10000, site 10001" in out
    assert "cannot" not in out


def test_profiles_says_a_kibo_profile_without_a_secret_source_needs_its_own(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(cfg, '[profiles.k]\nplatform = "kibo"\ntenant = "1"\n')
    assert cli.main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "kibo: tenant 1 at (not set), site (not set)" in out
    assert "none in the profile (add secret_env, secret_command or client_secret)" in out
