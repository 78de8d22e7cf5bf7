"""The customer-tui command: flags, commands, and a clear paragraph (never a traceback) for each failure."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.network import free_port, serve
from tui import __version__, cli
from tui.config.connection import Connection
from tui.connect.preflight import CheckResult
from tui.emporix.auth import Token

SECRET_VALUES = ("file-secret-123", "env-secret-456", "override-secret-789")


@pytest.fixture
def cfg(isolated_dirs: Path) -> Path:
    return Path(os.environ["CUSTOMER_TUI_CONFIG"])


def write_config(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


class StartLog(list[Connection]):
    """The connections the app was started with; `checks`: the connection check each was handed."""

    def __init__(self) -> None:
        super().__init__()
        self.checks: list[object] = []
        self.masked: list[bool] = []


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> StartLog:
    """Record what the app would be started with, instead of taking over the terminal."""
    calls = StartLog()

    def fake_start_ui(
        connection: Connection,
        settings: object,
        checked: object = None,
        policy: object = None,
        *,
        masked: bool = False,
    ) -> int:
        calls.append(connection)
        calls.checks.append(checked)
        sandbox = getattr(checked, "sandbox", None)
        if sandbox is not None:  # the embedded sandbox the check opened: the app would close it
            asyncio.run(sandbox.aclose())
        calls.masked.append(masked)
        return 0

    monkeypatch.setattr(cli, "start_ui", fake_start_ui)
    return calls


@pytest.fixture(scope="module")
def live_sandbox() -> Iterator[str]:
    """The sandbox served by uvicorn on a loopback socket; yields its base URL."""
    from tui.sandbox import SandboxConfig, create_app

    with serve(create_app(SandboxConfig(customers=50)), lifespan="on") as url:
        yield url


def demo_env(
    monkeypatch: pytest.MonkeyPatch, client: str = "demo-agent", secret: str = "demo-secret"
) -> None:
    monkeypatch.setenv("EMPORIX_CLIENT_ID", client)
    monkeypatch.setenv("EMPORIX_CLIENT_SECRET", secret)


# --- flags that answer and exit -------------------------------------------------------------


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"customer-tui {__version__}"


def test_help_lists_flags_commands_and_precedence(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for text in ("--profile", "--sandbox", "--read-only", "--api-url", "--tenant", "--check"):
        assert text in out
    for command in ("customer-tui sandbox", "customer-tui profiles", "customer-tui screenshots"):
        assert command in out
    assert "flags > environment" in out


def test_profiles_has_its_own_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["profiles", "--help"]) == 0
    assert "never shown" in capsys.readouterr().out


def test_sandbox_and_screenshots_commands_have_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sandbox", "--help"]) == 0
    assert "--port" in capsys.readouterr().out
    assert cli.main(["screenshots", "--help"]) == 0
    assert "--out" in capsys.readouterr().out


def test_python_dash_m_tui_runs_the_same_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tui", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"customer-tui {__version__}"


def test_unknown_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--colour", "red"]) == 2
    assert "unrecognized arguments: --colour" in capsys.readouterr().err


# --- starting with and without configuration ------------------------------------------------


def test_no_configuration_starts_the_sandbox_with_a_hint(
    started: list[Connection], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([]) == 0
    assert len(started) == 1 and started[0].sandbox
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--api-url" in err and "EMPORIX_CLIENT_ID" in err


def test_explicit_sandbox_starts_without_the_hint(
    started: list[Connection], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--sandbox", "--read-only"]) == 0
    assert started[0].sandbox and started[0].read_only
    assert capsys.readouterr().err == ""


def test_mask_flag_starts_the_app_in_mask_mode(started: StartLog) -> None:
    assert cli.main(["--sandbox"]) == 0
    assert cli.main(["--sandbox", "--mask"]) == 0
    assert started.masked == [False, True]


def test_check_on_the_embedded_sandbox_reports_access(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--sandbox", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: SANDBOX")
    assert "read and change" in out


def test_requests_go_to_the_debug_log_without_the_secret(
    live_sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.emporix.logs import default_log_path

    demo_env(monkeypatch)
    assert cli.main(["--api-url", live_sandbox, "--tenant", "demo", "--check"]) == 0
    log = default_log_path().read_text(encoding="utf-8")
    assert "POST " + live_sandbox + "/oauth/token" in log
    assert "/customer/demo/customers" in log
    assert "demo-secret" not in log
    assert "Bearer " not in log


def test_broken_sandbox_data_file_is_named_before_the_ui_starts(
    started: list[Connection], capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.config.connection import sandbox_data_path

    path = sandbox_data_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    assert cli.main(["--sandbox"]) == cli.EXIT_CONNECTION
    err = capsys.readouterr().err
    assert str(path) in err and "delete it" in err
    assert "Traceback" not in err
    assert started == []


# --- broken configuration -------------------------------------------------------------------


def test_broken_config_is_one_paragraph_with_file_and_line(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(cfg, '[profiles.prod]\ntenant = "acme"\nread_only = maybe\n')
    assert cli.main([]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert f"{cfg}, line 3" in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_broken_config_is_reported_by_profiles_too(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(cfg, '[profiles.prod]\ntenannt = "acme"\n')
    assert cli.main(["profiles"]) == cli.EXIT_CONFIG
    assert "Did you mean 'tenant'?" in capsys.readouterr().err


def test_world_readable_secret_is_refused_with_chmod(
    cfg: Path, capsys: pytest.CaptureFixture[str], started: list[Connection]
) -> None:
    write_config(
        cfg,
        '[profiles.p]\ntenant = "t"\nclient_id = "c"\nclient_secret = "file-secret-123"\n',
        mode=0o644,
    )
    assert cli.main([]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert f"chmod 600 {cfg}" in err
    assert "file-secret-123" not in err
    assert started == []


def test_unknown_profile_exits_with_the_known_ones(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(cfg, '[profiles.prod]\ntenant = "t"\n')
    assert cli.main(["--profile", "staging"]) == cli.EXIT_CONFIG
    assert "Profiles defined: prod" in capsys.readouterr().err


def test_kibo_profile_missing_settings_says_in_one_line_what_and_where(
    cfg: Path, capsys: pytest.CaptureFixture[str], started: list[Connection]
) -> None:
    write_config(cfg, '[profiles.k]\nplatform = "kibo"\ntenant = "1"\nsite = "2"\n')
    assert cli.main(["--profile", "k"]) == cli.EXIT_CONFIG
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Kibo profile 'k' cannot connect" in err
    assert "api_url =" in err and f"[profiles.k] of {cfg}" in err
    assert started == []


# --- profiles never show a secret -----------------------------------------------------------


PROFILES = """\
default_profile = "prod"

[profiles.prod]
tenant = "acme"
client_id = "prod-client"
secret_env = "ACME_PROD_SECRET"
label = "PROD"
color = "red"
read_only = true

[profiles.eu]
tenant = "acme-eu"
client_id = "eu-client"
client_secret = "file-secret-123"

[profiles.cmd]
tenant = "acme-cmd"
client_id = "cmd-client"
secret_command = "pass show emporix/cmd"

[profiles.kibo]
platform = "kibo"
api_url = "https://t1.example.com"
tenant = "1"
site = "2"
"""


def test_profiles_lists_sources_but_no_secret(
    cfg: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(cfg, PROFILES)
    monkeypatch.setenv("ACME_PROD_SECRET", "env-secret-456")
    monkeypatch.setenv("EMPORIX_CLIENT_SECRET", "override-secret-789")
    assert cli.main(["profiles"]) == 0
    out = capsys.readouterr().out
    for secret in SECRET_VALUES:
        assert secret not in out
    assert f"Config file: {cfg}" in out
    assert "* prod  [PROD, red, read-only]" in out
    assert "env $ACME_PROD_SECRET (set)" in out
    assert "config file (owner-only)" in out
    assert "command `pass show emporix/cmd`" in out
    assert "kibo: tenant 1 at https://t1.example.com, site 2" in out
    assert "cannot open" not in out
    assert "sandbox  [built in]" in out
    assert "Environment overrides in effect: EMPORIX_CLIENT_SECRET" in out


def test_profiles_flags_a_file_secret_others_can_read(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(cfg, PROFILES, mode=0o644)
    assert cli.main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert f"REFUSED: run chmod 600 {cfg}" in out
    assert "file-secret-123" not in out


def test_profiles_without_a_file_points_to_the_readme(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "(not created yet)" in out
    assert "* sandbox  [built in]" in out
    assert "Connecting to a real tenant" in out


# --- a real server: each way a connection fails ---------------------------------------------


def test_check_against_a_live_server_succeeds(
    live_sandbox: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_env(monkeypatch)
    assert cli.main(["--api-url", live_sandbox, "--tenant", "demo", "--check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: demo @ 127.0.0.1")
    assert "customer.customer_manage" in out
    assert "demo-secret" not in out


def test_real_tenant_is_checked_before_the_ui_starts(
    live_sandbox: str, started: list[Connection], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_env(monkeypatch, client="demo-viewer")
    assert cli.main(["--api-url", live_sandbox, "--tenant", "demo"]) == 0
    assert started[0].client_id == "demo-viewer" and not started[0].sandbox


def test_the_app_is_handed_the_checks_token_and_first_page_on_every_connection(
    live_sandbox: str, started: StartLog, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_env(monkeypatch)
    assert cli.main(["--api-url", live_sandbox, "--tenant", "demo"]) == 0
    checked = started.checks[0]
    assert isinstance(checked, CheckResult)
    assert isinstance(checked.token, Token) and "customer.customer_read" in checked.token.scopes
    # The list the search screen opens with: everyone, unsorted, the first 60 (of 50 here).
    page = checked.first_page
    assert page is not None and page.page_number == 1 and page.page_size == 60
    assert page.total == checked.customers == 50 and len(page.items) == 50
    assert "first_page" not in repr(checked) and "token" not in repr(checked)
    # The embedded sandbox is checked too: the app goes on with the sandbox, token and page.
    assert cli.main(["--sandbox"]) == 0
    embedded = started.checks[1]
    assert isinstance(embedded, CheckResult) and embedded.token is not None
    assert embedded.first_page is not None and embedded.first_page.page_size == 60


def test_unreachable_api_names_the_url_and_the_cause(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, started: list[Connection]
) -> None:
    demo_env(monkeypatch)
    url = f"http://127.0.0.1:{free_port()}"
    assert cli.main(["--api-url", url, "--tenant", "demo"]) == cli.EXIT_CONNECTION
    err = capsys.readouterr().err
    assert f"Cannot reach the API at {url}" in err
    assert "refused" in err.lower() or "connect" in err.lower()
    assert "Nothing was changed" in err
    assert "Traceback" not in err
    assert started == []


def test_bad_credentials_say_401_and_where_to_look(
    live_sandbox: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_env(monkeypatch, secret="wrong-secret")
    assert cli.main(["--api-url", live_sandbox, "--tenant", "demo"]) == cli.EXIT_CONNECTION
    err = capsys.readouterr().err
    assert "rejected the credentials of client 'demo-agent'" in err
    assert "401" in err
    assert "wrong-secret" not in err


def test_wrong_tenant_repeats_what_the_api_says(
    live_sandbox: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_env(monkeypatch)
    assert cli.main(["--api-url", live_sandbox, "--tenant", "acme"]) == cli.EXIT_CONNECTION
    err = capsys.readouterr().err
    assert "tenant 'acme' refused the first request" in err
    assert "403" in err and "not valid for tenant" in err


def test_missing_read_scope_is_named(
    live_sandbox: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.sandbox.config import DEMO_CLIENTS, RESTRICTION_MANAGE, DemoClient

    monkeypatch.setitem(
        DEMO_CLIENTS,
        "demo-noread",
        DemoClient("demo-noread", frozenset({RESTRICTION_MANAGE}), frozenset({"main"})),
    )
    demo_env(monkeypatch, client="demo-noread")
    assert cli.main(["--api-url", live_sandbox, "--tenant", "demo"]) == cli.EXIT_CONNECTION
    err = capsys.readouterr().err
    assert "lacks the scope customer.customer_read" in err
    assert "403" in err
