"""Config file, profiles, precedence and secret sources: what resolves, and what each mistake says."""

from __future__ import annotations

import ast
import inspect
import os
import shlex
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from pydantic import SecretStr

from tui.config import secrets as secret_sources
from tui.config.connection import Connection
from tui.config.resolve import (
    ConfigError,
    Overrides,
    Profile,
    SecretError,
    Settings,
    config_path,
    load_settings,
    resolve_connection,
)

PROD = """\
default_profile = "prod"

[profiles.prod]
api_url = "https://api.emporix.io"
tenant = "acme"
client_id = "prod-client"
secret_env = "ACME_PROD_SECRET"
label = "PROD"
color = "red"
read_only = true

[profiles.staging]
api_url = "https://staging.example.com/"
tenant = "acme-staging"
client_id = "staging-client"
secret_env = "ACME_STAGING_SECRET"
"""


def write_config(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def cfg(isolated_dirs: Path) -> Path:
    return Path(os.environ["CUSTOMER_TUI_CONFIG"])


def python_command(code: str) -> str:
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"


# --- where the file is ---------------------------------------------------------------------


def test_config_path_follows_environment_variable(tmp_path: Path) -> None:
    assert config_path({"CUSTOMER_TUI_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"


def test_config_path_defaults_to_user_config_dir(tmp_path: Path) -> None:
    path = config_path({})
    assert path.name == "config.toml"
    assert path.parent.name == "customer-tui"


def test_missing_file_is_empty_configuration_and_sandbox(cfg: Path) -> None:
    settings = load_settings()
    assert settings.profiles == {}
    assert settings.path == cfg
    connection = resolve_connection(Overrides(), {}, settings)
    assert connection.sandbox
    assert connection.client_id == "demo-agent"


def test_every_settings_field_has_a_docstring() -> None:
    # Read from the source: pydantic's use_attribute_docstrings would do it at every start-up,
    # and that costs tens of milliseconds before the first screen.
    tree = ast.parse(Path(inspect.getfile(Settings)).read_text(encoding="utf-8"))
    for model in (Settings, Profile):
        body = next(
            n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == model.__name__
        ).body
        documented = {
            field.target.id
            for field, after in pairwise(body)
            if isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
            and after.value.value.strip()
        }
        for name in model.model_fields:
            assert name in documented, f"{model.__name__}.{name} has no docstring"


# --- each kind of broken file ---------------------------------------------------------------


def test_invalid_toml_names_file_line_and_the_line(cfg: Path) -> None:
    write_config(cfg, 'default_profile = "x"\n[profiles.x]\ntenant = acme\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    text = str(err.value)
    assert str(cfg) in text
    assert "line 3" in text
    assert "tenant = acme" in text
    assert "double quotes" in text


def test_unknown_key_names_profile_line_and_suggests_the_right_key(cfg: Path) -> None:
    write_config(cfg, '[profiles.prod]\ntenant = "acme"\nclient-id = "x"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    text = str(err.value)
    assert f"{cfg}, line 3" in text
    assert "[profiles.prod]" in text
    assert "client-id" in text
    assert "Did you mean 'client_id'?" in text


def test_unknown_top_level_key_is_refused(cfg: Path) -> None:
    write_config(cfg, 'default-profile = "prod"\n')
    with pytest.raises(ConfigError, match="Did you mean 'default_profile'"):
        load_settings()


def test_quoted_boolean_is_refused_with_how_to_write_it(cfg: Path) -> None:
    write_config(cfg, '[profiles.prod]\ntenant = "acme"\nread_only = "yes"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "line 3" in str(err.value)
    assert "read_only: must be true or false" in str(err.value)


def test_unknown_platform_lists_the_valid_ones(cfg: Path) -> None:
    write_config(cfg, '[profiles.p]\nplatform = "shopify"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "line 2" in str(err.value)
    assert "'emporix'" in str(err.value) and "'kibo'" in str(err.value)


def test_api_url_without_scheme_is_refused_with_an_example(cfg: Path) -> None:
    write_config(cfg, '[profiles.p]\n\napi_url = "api.emporix.io"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "line 3" in str(err.value)
    assert "https://api.emporix.io" in str(err.value)


def test_bad_colour_is_refused(cfg: Path) -> None:
    write_config(cfg, '[profiles.p]\ncolor = "blurple"\n')
    with pytest.raises(ConfigError, match="'blurple' is not a colour"):
        load_settings()


def test_two_secret_sources_in_one_profile_are_refused(cfg: Path) -> None:
    write_config(
        cfg, '[profiles.p]\ntenant = "t"\nsecret_env = "A"\nsecret_command = "pass show x"\n'
    )
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "line 1" in str(err.value)
    assert "set only one of secret_env, secret_command" in str(err.value)


def test_profile_that_is_not_a_table_says_how_to_write_one(cfg: Path) -> None:
    write_config(cfg, 'profiles = { prod = "acme" }\n')
    with pytest.raises(ConfigError, match=r"write \[profiles.prod\]"):
        load_settings()


def test_default_profile_naming_no_profile_is_refused(cfg: Path) -> None:
    write_config(cfg, 'default_profile = "prd"\n\n[profiles.prod]\ntenant = "t"\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert f"{cfg}, line 1" in str(err.value)
    assert "Profiles defined: prod" in str(err.value)


def test_file_that_is_not_utf8_is_refused(cfg: Path) -> None:
    cfg.write_bytes(b'tenant = "\xff\xfe"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings()


def test_errors_never_echo_the_secret_value(cfg: Path) -> None:
    write_config(cfg, '[profiles.p]\nclient_secret = "hunter2-secret"\ntenant = 5\n')
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert "hunter2-secret" not in str(err.value)
    assert "tenant" in str(err.value)


# --- choosing a profile and precedence -------------------------------------------------------


def test_default_profile_is_used_with_its_settings(cfg: Path) -> None:
    write_config(cfg, PROD)
    connection = resolve_connection(Overrides(), {"ACME_PROD_SECRET": "s1"}, load_settings())
    assert connection.name == "prod"
    assert connection.tenant == "acme"
    assert connection.client_id == "prod-client"
    assert connection.read_only is True
    assert connection.label == "PROD" and connection.color == "red"
    assert connection.client_secret.get_secret_value() == "s1"
    assert not connection.sandbox


def test_profile_flag_beats_environment_beats_default(cfg: Path) -> None:
    write_config(cfg, PROD)
    settings = load_settings()
    env = {"CUSTOMER_TUI_PROFILE": "staging", "ACME_STAGING_SECRET": "s2", "ACME_PROD_SECRET": "s1"}
    assert resolve_connection(Overrides(), env, settings).name == "staging"
    assert resolve_connection(Overrides(profile="prod"), env, settings).name == "prod"


def test_flags_beat_environment_beat_file_for_each_field(cfg: Path) -> None:
    write_config(cfg, PROD)
    settings = load_settings()
    env = {
        "ACME_PROD_SECRET": "file-secret",
        "EMPORIX_API_URL": "https://env.example.com",
        "EMPORIX_TENANT": "env-tenant",
        "EMPORIX_CLIENT_ID": "env-client",
    }
    from_env = resolve_connection(Overrides(), env, settings)
    assert (from_env.api_url, from_env.tenant, from_env.client_id) == (
        "https://env.example.com",
        "env-tenant",
        "env-client",
    )
    flags = Overrides(api_url="https://flag.example.com", tenant="flag-tenant", client_id="fc")
    from_flags = resolve_connection(flags, env, settings)
    assert (from_flags.api_url, from_flags.tenant, from_flags.client_id) == (
        "https://flag.example.com",
        "flag-tenant",
        "fc",
    )
    from_file = resolve_connection(Overrides(), {"ACME_PROD_SECRET": "x"}, settings)
    assert from_file.tenant == "acme"


def test_environment_secret_beats_the_profile_secret(cfg: Path) -> None:
    write_config(cfg, PROD)
    env = {"ACME_PROD_SECRET": "file", "EMPORIX_CLIENT_SECRET": "env"}
    connection = resolve_connection(Overrides(), env, load_settings())
    assert connection.client_secret.get_secret_value() == "env"


def test_trailing_slash_is_dropped_from_the_api_url(cfg: Path) -> None:
    write_config(cfg, PROD)
    env = {"ACME_STAGING_SECRET": "s"}
    connection = resolve_connection(Overrides(profile="staging"), env, load_settings())
    assert connection.api_url == "https://staging.example.com"


def test_read_only_profile_stays_read_only_and_flag_adds_it(cfg: Path) -> None:
    write_config(cfg, PROD)
    settings = load_settings()
    env = {"ACME_PROD_SECRET": "a", "ACME_STAGING_SECRET": "b"}
    assert resolve_connection(Overrides(read_only=False), env, settings).read_only is True
    staging = Overrides(profile="staging", read_only=True)
    assert resolve_connection(staging, env, settings).read_only is True
    assert resolve_connection(Overrides(profile="staging"), env, settings).read_only is False


def test_environment_alone_connects_without_a_file() -> None:
    env = {
        "EMPORIX_TENANT": "acme",
        "EMPORIX_CLIENT_ID": "cid",
        "EMPORIX_CLIENT_SECRET": "sec",
    }
    connection = resolve_connection(Overrides(), env, Settings())
    assert connection.api_url == "https://api.emporix.io"
    assert connection.tenant == "acme"
    assert not connection.sandbox


def test_flags_without_client_id_say_what_is_missing() -> None:
    with pytest.raises(ConfigError) as err:
        resolve_connection(Overrides(api_url="https://x.example.com", tenant="t"), {}, Settings())
    assert "EMPORIX_CLIENT_ID" in str(err.value)
    assert "a tenant (" not in str(err.value)


def test_unknown_profile_suggests_the_close_one(cfg: Path) -> None:
    write_config(cfg, PROD)
    with pytest.raises(ConfigError) as err:
        resolve_connection(Overrides(profile="stagin"), {}, load_settings())
    assert "Did you mean 'staging'?" in str(err.value)


def test_several_profiles_without_default_ask_for_one(cfg: Path) -> None:
    write_config(cfg, PROD.replace('default_profile = "prod"\n', ""))
    with pytest.raises(ConfigError, match="--profile NAME"):
        resolve_connection(Overrides(), {}, load_settings())


def test_single_profile_is_used_without_a_default(cfg: Path) -> None:
    write_config(cfg, '[profiles.only]\ntenant = "t"\nclient_id = "c"\nsecret_env = "S"\n')
    assert resolve_connection(Overrides(), {"S": "x"}, load_settings()).name == "only"


def test_sandbox_flag_beats_every_profile(cfg: Path) -> None:
    write_config(cfg, PROD)
    connection = resolve_connection(Overrides(sandbox=True), {}, load_settings())
    assert connection.sandbox and connection.tenant == "demo"


def test_sandbox_is_a_built_in_profile_name(cfg: Path) -> None:
    write_config(cfg, PROD)
    env = {"CUSTOMER_TUI_PROFILE": "sandbox"}
    assert resolve_connection(Overrides(), env, load_settings()).sandbox


def test_sandbox_with_api_url_is_refused() -> None:
    with pytest.raises(ConfigError, match="--sandbox"):
        resolve_connection(Overrides(sandbox=True, api_url="https://x.example.com"), {}, Settings())


def test_a_kibo_profile_without_tenant_and_client_says_what_it_needs(cfg: Path) -> None:
    write_config(
        cfg, '[profiles.k]\nplatform = "kibo"\napi_url = "https://t1.example.com"\nsite = "s"\n'
    )
    settings = load_settings()
    assert settings.profiles["k"].site == "s"
    with pytest.raises(ConfigError) as err:
        resolve_connection(Overrides(profile="k"), {}, settings)
    assert "\n" not in str(err.value)
    assert "Kibo profile 'k' cannot connect" in str(err.value)
    assert "tenant =" in str(err.value) and "client_id =" in str(err.value)


# --- secret sources --------------------------------------------------------------------------


def test_secret_env_variable_that_is_not_set_is_named(cfg: Path) -> None:
    write_config(cfg, PROD)
    with pytest.raises(SecretError) as err:
        resolve_connection(Overrides(), {}, load_settings())
    assert "$ACME_PROD_SECRET" in str(err.value)


def test_secret_command_first_line_is_the_secret(cfg: Path) -> None:
    command = python_command("print('cmd-secret'); print('user: someone')")
    write_config(
        cfg, f'[profiles.p]\ntenant = "t"\nclient_id = "c"\nsecret_command = """{command}"""\n'
    )
    connection = resolve_connection(Overrides(), {}, load_settings())
    assert connection.client_secret.get_secret_value() == "cmd-secret"


def test_secret_command_failure_shows_stderr_but_never_stdout(cfg: Path) -> None:
    code = (
        "import sys; print('leaked' + '-secret'); sys.stderr.write('vault is locked'); sys.exit(3)"
    )
    write_config(
        cfg,
        f'[profiles.p]\ntenant = "t"\nclient_id = "c"\nsecret_command = """{python_command(code)}"""\n',
    )
    with pytest.raises(SecretError) as err:
        resolve_connection(Overrides(), {}, load_settings())
    assert "exit status 3" in str(err.value)
    assert "vault is locked" in str(err.value)
    assert "leaked-secret" not in str(err.value)


def test_secret_command_that_prints_nothing_is_refused(cfg: Path) -> None:
    write_config(
        cfg,
        f'[profiles.p]\ntenant = "t"\nclient_id = "c"\nsecret_command = """{python_command("pass")}"""\n',
    )
    with pytest.raises(SecretError, match="printed nothing"):
        resolve_connection(Overrides(), {}, load_settings())


def test_secret_command_not_installed_is_named(cfg: Path) -> None:
    write_config(
        cfg,
        '[profiles.p]\ntenant = "t"\nclient_id = "c"\nsecret_command = "no-such-tool-xyz get"\n',
    )
    with pytest.raises(SecretError, match="'no-such-tool-xyz' was not found"):
        resolve_connection(Overrides(), {}, load_settings())


def test_secret_command_that_hangs_times_out(cfg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secret_sources, "SECRET_COMMAND_TIMEOUT", 0.2)
    command = python_command("import time; time.sleep(30)")
    write_config(
        cfg, f'[profiles.p]\ntenant = "t"\nclient_id = "c"\nsecret_command = """{command}"""\n'
    )
    with pytest.raises(SecretError, match="did not finish"):
        resolve_connection(Overrides(), {}, load_settings())


OWNER_FILE = '[profiles.p]\ntenant = "t"\nclient_id = "c"\nclient_secret = "file-secret"\n'


def test_secret_in_owner_only_file_is_used(cfg: Path) -> None:
    write_config(cfg, OWNER_FILE, mode=0o600)
    connection = resolve_connection(Overrides(), {}, load_settings())
    assert connection.client_secret.get_secret_value() == "file-secret"


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_secret_in_file_others_can_read_is_refused_with_chmod(cfg: Path, mode: int) -> None:
    write_config(cfg, OWNER_FILE, mode=mode)
    with pytest.raises(SecretError) as err:
        resolve_connection(Overrides(), {}, load_settings())
    assert f"chmod 600 {cfg}" in str(err.value)
    assert "file-secret" not in str(err.value)


def test_no_secret_anywhere_says_where_to_put_one(cfg: Path) -> None:
    write_config(cfg, '[profiles.p]\ntenant = "t"\nclient_id = "c"\n')
    with pytest.raises(SecretError, match="EMPORIX_CLIENT_SECRET"):
        resolve_connection(Overrides(), {}, load_settings())


# --- the connection never shows its secret ---------------------------------------------------


def test_connection_repr_and_str_hide_the_secret() -> None:
    connection = Connection("p", "emporix", "https://x.example.com", "t", "c", SecretStr("zz-top"))
    assert "zz-top" not in repr(connection)
    assert "zz-top" not in str(connection)
    assert "zz-top" not in connection.title


def test_connection_wraps_a_plain_string_secret() -> None:
    connection = Connection("p", "emporix", "https://x.example.com", "t", "c", "plain")  # type: ignore[arg-type]
    assert isinstance(connection.client_secret, SecretStr)
    assert "plain" not in repr(connection)


def test_connection_title_says_where_the_agent_is() -> None:
    connection = Connection(
        "prod", "emporix", "https://api.emporix.io", "acme", "cid", SecretStr("s"), label="PROD"
    )
    assert connection.title == "PROD: acme @ api.emporix.io as cid"
    assert "SANDBOX" in Connection.sandbox_default().title
    assert "read-only" in Connection.sandbox_default(read_only=True).title


# --- switching profiles inside the app -------------------------------------------------------


def test_switching_profile_ignores_start_overrides_but_reads_secret_env(cfg: Path) -> None:
    from tui.config.resolve import connection_for_profile

    write_config(cfg, PROD)
    env = {
        "EMPORIX_TENANT": "forced-at-start",
        "EMPORIX_CLIENT_SECRET": "start-secret",
        "ACME_STAGING_SECRET": "staging-secret",
    }
    connection = connection_for_profile("staging", load_settings(), env)
    assert connection.tenant == "acme-staging"
    assert connection.client_secret.get_secret_value() == "staging-secret"


def test_switching_to_the_sandbox_and_keeping_read_only(cfg: Path) -> None:
    from tui.config.resolve import connection_for_profile

    write_config(cfg, PROD)
    connection = connection_for_profile("sandbox", load_settings(), {}, read_only=True)
    assert connection.sandbox and connection.read_only


def test_profile_choices_describe_each_profile_and_the_sandbox(cfg: Path) -> None:
    from tui.config.resolve import profile_choices

    write_config(cfg, PROD)
    choices = dict(profile_choices(load_settings()))
    assert choices["prod"] == "PROD: acme @ https://api.emporix.io, read-only"
    assert choices["staging"] == "acme-staging @ https://staging.example.com"
    assert "sandbox" in choices


# --- the README's config reference is a working file ----------------------------------------


def readme_text() -> str:
    return (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_readme_example_config_loads_and_resolves(cfg: Path) -> None:
    text = readme_text()
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    write_config(cfg, example)
    settings = load_settings()
    assert settings.default_profile in settings.profiles
    assert settings.profiles["kibo-b2b"].platform == "kibo"
    env = {"ACME_STAGING_SECRET": "s"}
    assert resolve_connection(Overrides(), env, settings).tenant == "acme-staging"
    eu = resolve_connection(Overrides(profile="eu-brand"), env, settings)
    assert eu.client_secret.get_secret_value() == "only-if-this-file-is-chmod-600"


def test_readme_reference_table_names_every_setting() -> None:
    text = readme_text()
    for name in [*Settings.model_fields, *Profile.model_fields]:
        forms = (f"| `{name}`", f"`{name}` /", f"/ `{name}`", f"| `[{name}")
        assert any(form in text for form in forms), name
