"""Kibo profiles resolve to a Connection; what is missing is named with where it goes; --platform."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest

from tui.config.resolve import (
    ConfigError,
    Overrides,
    SecretError,
    connection_for_profile,
    load_settings,
    profile_choices,
    resolve_connection,
)

KIBO = """\
default_profile = "b2b"

[profiles.b2b]
platform = "kibo"
api_url = "https://t12345.sandbox.mozu.com/api"
tenant = "12345"
site = "67890"
client_id = "acme.b2b_tool.1.0.0.Release"
secret_env = "KIBO_SECRET"
label = "B2B"

[profiles.shop]
tenant = "acme"
client_id = "shop-client"
secret_env = "SHOP_SECRET"
"""


@pytest.fixture
def cfg(isolated_dirs: Path) -> Path:
    return Path(os.environ["CUSTOMER_TUI_CONFIG"])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


def test_a_kibo_profile_becomes_a_kibo_connection_with_tenant_site_and_secret(cfg: Path) -> None:
    write(cfg, KIBO)
    connection = resolve_connection(Overrides(), {"KIBO_SECRET": "kibo-s3cret"}, load_settings())
    assert connection.platform == "kibo" and connection.name == "b2b"
    assert connection.api_url == "https://t12345.sandbox.mozu.com/api"
    assert (connection.tenant, connection.site) == ("12345", "67890")
    assert connection.client_id == "acme.b2b_tool.1.0.0.Release"
    assert connection.client_secret.get_secret_value() == "kibo-s3cret"
    assert connection.auth_url is None and not connection.sandbox and connection.label == "B2B"


def test_auth_url_is_taken_when_kibo_signs_in_elsewhere(cfg: Path) -> None:
    write(cfg, KIBO.replace('label = "B2B"', 'auth_url = "https://home.mozu.com/"'))
    connection = resolve_connection(Overrides(), {"KIBO_SECRET": "x"}, load_settings())
    assert connection.auth_url == "https://home.mozu.com"


def test_missing_api_url_tenant_and_site_are_each_named_with_where_to_put_them(cfg: Path) -> None:
    write(cfg, '[profiles.k]\nplatform = "kibo"\nclient_id = "app"\nsecret_env = "K"\n')
    with pytest.raises(ConfigError) as caught:
        resolve_connection(Overrides(), {"K": "x"}, load_settings())
    text = str(caught.value)
    assert "\n" not in text
    assert "Kibo profile 'k' cannot connect" in text
    for wanted in ('api_url = "https://t12345.sandbox.mozu.com/api"', 'tenant = "12345"'):
        assert wanted in text
    assert 'site = "67890"' in text and "x-vol-site" in text
    assert f"[profiles.k] of {cfg}" in text
    assert "client_id" not in text.split("needs", 1)[1]  # it is there: not asked for


def test_only_the_missing_site_is_asked_for(cfg: Path) -> None:
    write(cfg, KIBO.replace('site = "67890"\n', ""))
    with pytest.raises(ConfigError) as caught:
        resolve_connection(Overrides(), {"KIBO_SECRET": "x"}, load_settings())
    text = str(caught.value)
    assert 'it needs site = "67890"' in text and "Add it to [profiles.b2b]" in text
    assert "tenant =" not in text and "api_url =" not in text


def test_a_tenant_or_site_that_is_not_a_number_says_kibo_ids_are_numbers(cfg: Path) -> None:
    write(cfg, KIBO.replace('tenant = "12345"', 'tenant = "t12345"'))
    with pytest.raises(ConfigError, match="'t12345', but Kibo tenant ids are numbers"):
        resolve_connection(Overrides(), {"KIBO_SECRET": "x"}, load_settings())
    write(cfg, KIBO.replace('site = "67890"', 'site = "main"'))
    with pytest.raises(ConfigError, match=r"site in \[profiles.b2b\].*'main'"):
        resolve_connection(Overrides(), {"KIBO_SECRET": "x"}, load_settings())


def test_flags_override_the_kibo_profile_but_emporix_variables_never_reach_it(cfg: Path) -> None:
    write(cfg, KIBO)
    env = {
        "KIBO_SECRET": "kibo-s3cret",
        "EMPORIX_API_URL": "https://api.emporix.io",
        "EMPORIX_TENANT": "acme",
        "EMPORIX_CLIENT_ID": "emporix-client",
        "EMPORIX_CLIENT_SECRET": "emporix-s3cret",
    }
    connection = resolve_connection(
        Overrides(tenant="777", client_id="other.app"), env, load_settings()
    )
    assert connection.api_url == "https://t12345.sandbox.mozu.com/api"
    assert (connection.tenant, connection.client_id) == ("777", "other.app")
    assert connection.client_secret.get_secret_value() == "kibo-s3cret"


def test_a_kibo_profile_without_a_secret_says_the_emporix_secret_is_not_sent(cfg: Path) -> None:
    write(cfg, KIBO.replace('secret_env = "KIBO_SECRET"\n', ""))
    with pytest.raises(SecretError) as caught:
        resolve_connection(
            Overrides(), {"EMPORIX_CLIENT_SECRET": "emporix-s3cret"}, load_settings()
        )
    text = str(caught.value)
    assert "Kibo profile 'b2b'" in text and "secret_env" in text and "never sent to Kibo" in text
    assert "emporix-s3cret" not in text


def test_the_secret_is_in_no_repr_and_no_log_line(
    cfg: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    script = tmp_path / "secret.py"
    script.write_text("print('cmd-s3cret-kibo')\n", encoding="utf-8")
    command = f"{sys.executable} {script}"
    write(cfg, KIBO.replace('secret_env = "KIBO_SECRET"', f'secret_command = "{command}"'))
    caplog.set_level(logging.DEBUG)
    settings = load_settings()
    connection = resolve_connection(Overrides(), {}, settings)
    assert connection.client_secret.get_secret_value() == "cmd-s3cret-kibo"
    for shown in (repr(connection), str(connection), repr(settings), caplog.text):
        assert "cmd-s3cret-kibo" not in shown


def test_platform_kibo_on_the_sandbox_opens_its_kibo_side() -> None:
    settings = load_settings()
    for overrides in (Overrides(platform="kibo"), Overrides(platform="kibo", sandbox=True)):
        connection = resolve_connection(overrides, {}, settings)
        assert connection.sandbox and connection.platform == "kibo"
        assert (connection.tenant, connection.site, connection.client_id) == (
            "10000",
            "10001",
            "kibo-agent",
        )
    emporix = resolve_connection(Overrides(platform="emporix", sandbox=True), {}, settings)
    assert emporix.sandbox and emporix.platform == "emporix" and emporix.tenant == "demo"


def test_platform_against_a_profile_of_the_other_platform_names_the_ones_that_fit(
    cfg: Path,
) -> None:
    write(cfg, KIBO.replace('default_profile = "b2b"', 'default_profile = "shop"'))
    with pytest.raises(ConfigError) as caught:
        resolve_connection(Overrides(platform="kibo"), {"SHOP_SECRET": "x"}, load_settings())
    text = str(caught.value)
    assert "\n" not in text
    assert "--platform kibo asks for Kibo, but the profile 'shop' is an Emporix profile" in text
    assert "Kibo profiles: b2b (pass --profile NAME)" in text and "--sandbox" in text
    with pytest.raises(ConfigError, match=r"'b2b' is a Kibo profile.*Emporix profiles: shop"):
        resolve_connection(Overrides(profile="b2b", platform="emporix"), {}, load_settings())
    chosen = resolve_connection(
        Overrides(profile="b2b", platform="kibo"), {"KIBO_SECRET": "x"}, load_settings()
    )
    assert chosen.platform == "kibo"


def test_platform_kibo_with_only_emporix_flags_asks_for_a_profile() -> None:
    with pytest.raises(ConfigError) as caught:
        resolve_connection(
            Overrides(platform="kibo", api_url="https://t1.sandbox.mozu.com/api", tenant="1"),
            {},
            load_settings(),
        )
    assert 'connected through a profile (platform = "kibo")' in str(caught.value)


def test_switching_to_a_kibo_profile_inside_the_app_resolves_it(cfg: Path) -> None:
    write(cfg, KIBO)
    connection = connection_for_profile("b2b", load_settings(), {"KIBO_SECRET": "x"})
    assert connection.platform == "kibo" and connection.site == "67890"


def test_palette_lines_describe_a_kibo_profile_without_refusing_it(cfg: Path) -> None:
    write(cfg, KIBO)
    lines = dict(profile_choices(load_settings()))
    assert lines["b2b"] == "B2B: Kibo 12345, site 67890 @ https://t12345.sandbox.mozu.com/api"
    assert "cannot" not in " ".join(lines.values())
