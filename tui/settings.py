"""Profiles and the config file: where they live, how they are validated, and which one wins."""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from tui.config_errors import ConfigError, describe_validation_error, line_of, toml_error_message
from tui.connection import APP_NAME, Connection, UnsupportedPlatform
from tui.secret_sources import SecretError, file_secret_refusal, read_secret_command

__all__ = [
    "DEFAULT_API_URL",
    "ConfigError",
    "Overrides",
    "Profile",
    "SecretError",
    "Settings",
    "config_path",
    "load_settings",
    "resolve_connection",
]

DEFAULT_API_URL = "https://api.emporix.io"
CONFIG_ENV = "CUSTOMER_TUI_CONFIG"
PROFILE_ENV = "CUSTOMER_TUI_PROFILE"
SANDBOX_PROFILE = "sandbox"
ENV_API_URL = "EMPORIX_API_URL"
ENV_TENANT = "EMPORIX_TENANT"
ENV_CLIENT_ID = "EMPORIX_CLIENT_ID"
ENV_CLIENT_SECRET = "EMPORIX_CLIENT_SECRET"
CONNECT_HINT = (
    "Running on the embedded SANDBOX. To connect a real tenant: set EMPORIX_CLIENT_ID and "
    "EMPORIX_CLIENT_SECRET, then run `customer-tui --api-url https://api.emporix.io --tenant "
    "YOUR_TENANT` (or add a profile to {path}; see the README)."
)


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The config file: $CUSTOMER_TUI_CONFIG, else config.toml in the user config directory."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def check_api_url(value: str) -> str:
    """An http(s) URL with a host, without a trailing slash; raises ValueError otherwise."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{value!r} is not an http(s) URL; write the API's base URL, e.g. {DEFAULT_API_URL!r}"
        )
    return value.rstrip("/")


class Profile(BaseModel):
    """One place an agent works: a tenant on an API, the client to log in with, how it looks."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    platform: Literal["emporix", "kibo"] = "emporix"
    """Which commerce platform: "emporix" (supported) or "kibo" (listed, not yet openable)."""
    api_url: str | None = None
    """Base URL of the API, e.g. "https://api.emporix.io" (the default for Emporix)."""
    tenant: str | None = None
    """The tenant name, as in the API paths (`/customer/{tenant}/customers`)."""
    site: str | None = None
    """Kibo only: the site id sent with every call."""
    client_id: str | None = None
    """The API key's client id (a service client with customer.customer_read, and _manage to edit)."""
    secret_env: str | None = None
    """Name of an environment variable that holds the client secret, e.g. "ACME_PROD_SECRET"."""
    secret_command: str | None = None
    """A command whose first output line is the secret, e.g. "pass show emporix/prod"; no shell."""
    client_secret: SecretStr | None = None
    """The secret itself; honoured only while the config file is readable by its owner alone."""
    read_only: bool = Field(default=False, strict=True)
    """Never change anything through this profile (production triage, training)."""
    label: str | None = None
    """A short name shown in the header, e.g. "PROD" or "Staging EU"."""
    color: str | None = None
    """Header colour for this profile (a Textual colour: "red", "#aa0000", "darkgreen")."""

    @field_validator("api_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else check_api_url(value)

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if value is None:
            return None
        # Imported lazily: only a configured colour should cost loading Textual's colour parser.
        from textual.color import Color, ColorParseError

        try:
            Color.parse(value)
        except ColorParseError:
            raise ValueError(
                f'{value!r} is not a colour; use a name like "red" or a hex value like "#aa0000"'
            ) from None
        return value

    @model_validator(mode="after")
    def _one_secret_source(self) -> Profile:
        sources = [
            name
            for name in ("secret_env", "secret_command", "client_secret")
            if getattr(self, name) is not None
        ]
        if len(sources) > 1:
            raise ValueError(
                f"set only one of {', '.join(sources)} so it is clear where the secret comes from"
            )
        return self

    def secret_origin(self, path: Path | None, env: Mapping[str, str] | None = None) -> str:
        """Where this profile's secret comes from, in words, without the secret."""
        env = os.environ if env is None else env
        if self.secret_env:
            state = "set" if env.get(self.secret_env) else "NOT SET"
            return f"env ${self.secret_env} ({state})"
        if self.secret_command:
            return f"command `{self.secret_command}`"
        if self.client_secret is not None:
            if path is not None and file_secret_refusal(path, "") is not None:
                return f"config file, REFUSED: run chmod 600 {shlex.quote(str(path))}"
            return "config file (owner-only)"
        return f"none in the profile (set ${ENV_CLIENT_SECRET})"


class Settings(BaseModel):
    """Everything in the config file."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    default_profile: str | None = None
    """The profile used when neither --profile nor $CUSTOMER_TUI_PROFILE names one."""
    profiles: dict[str, Profile] = Field(default_factory=dict)
    """Named profiles, one [profiles.NAME] table each."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key overrides: binding id -> keys, e.g. search = "slash,ctrl+f" (see `?` in the app)."""
    theme: str | None = None
    """A Textual theme name, e.g. "textual-dark", "nord", "gruvbox"."""

    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The file these settings came from; None when there was none."""
        return self._path


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the config file; a missing file is an empty configuration."""
    path = config_path(env) if path is None else path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        settings = Settings()
        settings._path = path
        return settings
    except OSError as exc:
        raise ConfigError(
            f"Cannot read the config file {path}: {exc.strerror}. Check that it is a file you "
            f"can read, or point {CONFIG_ENV} at another one."
        ) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(
            f"Config file {path} is not UTF-8 text. Save it as UTF-8 and try again."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(toml_error_message(path, text, exc)) from None
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(path, text, exc, _known_keys)) from None
    settings._path = path
    default = settings.default_profile
    if default and default not in settings.profiles and default != SANDBOX_PROFILE:
        line = line_of(text, ("default_profile",))
        where = f"{path}, line {line}" if line else str(path)
        raise ConfigError(
            f"Config file {where}: default_profile = {default!r} names no profile. "
            f"{_known_profiles_sentence(settings)} Fix default_profile, or add a "
            f"[profiles.{default}] table."
        )
    return settings


def _known_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys that are valid at a place in the file, for "did you mean" hints."""
    if len(loc) >= 3 and loc[0] == "profiles":
        return list(Profile.model_fields)
    return list(Settings.model_fields)


def _known_profiles_sentence(settings: Settings) -> str:
    if not settings.profiles:
        return "The file defines no profiles."
    return "Profiles defined: " + ", ".join(sorted(settings.profiles)) + "."


@dataclass(frozen=True)
class Overrides:
    """What the command line asked for; every field left None defers to environment and file."""

    profile: str | None = None
    sandbox: bool = False
    read_only: bool = False
    api_url: str | None = None
    tenant: str | None = None
    client_id: str | None = None

    @classmethod
    def from_namespace(cls, ns: argparse.Namespace) -> Overrides:
        """Take the matching attributes of parsed arguments."""
        return cls(
            **{name: getattr(ns, name) for name in cls.__dataclass_fields__ if hasattr(ns, name)}
        )


def is_unconfigured(overrides: Overrides, env: Mapping[str, str], settings: Settings) -> bool:
    """True when nothing at all points at a real tenant: the app then starts on the sandbox."""
    return not (
        overrides.profile
        or overrides.api_url
        or overrides.tenant
        or overrides.client_id
        or env.get(PROFILE_ENV)
        or any(env.get(v) for v in (ENV_API_URL, ENV_TENANT, ENV_CLIENT_ID, ENV_CLIENT_SECRET))
        or settings.profiles
    )


def pick_profile(
    overrides: Overrides, env: Mapping[str, str], settings: Settings
) -> tuple[str, Profile] | None:
    """The chosen profile (flag, then $CUSTOMER_TUI_PROFILE, then default_profile); None if none."""
    name = overrides.profile or env.get(PROFILE_ENV) or settings.default_profile
    if name is None:
        if len(settings.profiles) == 1 and not (overrides.api_url or env.get(ENV_API_URL)):
            return next(iter(settings.profiles.items()))
        if len(settings.profiles) > 1 and not (overrides.api_url or env.get(ENV_API_URL)):
            raise ConfigError(
                f"{settings.path} defines several profiles ({', '.join(sorted(settings.profiles))}) "
                'and no default_profile. Pass --profile NAME, or set default_profile = "NAME" at '
                "the top of the file."
            )
        return None
    if name in settings.profiles:
        return name, settings.profiles[name]
    if name == SANDBOX_PROFILE:
        return None
    source = (
        "--profile"
        if overrides.profile
        else (f"${PROFILE_ENV}" if env.get(PROFILE_ENV) else "default_profile")
    )
    close = difflib.get_close_matches(name, list(settings.profiles), n=1)
    did_you_mean = f" Did you mean {close[0]!r}?" if close else ""
    raise ConfigError(
        f"{source} names the profile {name!r}, which is not in {settings.path}.{did_you_mean} "
        f"{_known_profiles_sentence(settings)} Run `customer-tui profiles` to list them."
    )


def resolve_connection(
    args: Overrides | argparse.Namespace | None = None,
    env: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> Connection:
    """Combine flags, environment and file (in that order of precedence) into one Connection.

    Raises ConfigError (or SecretError) with a message fit to show the agent as it is, and
    UnsupportedPlatform for a Kibo profile.
    """
    overrides = (
        args
        if isinstance(args, Overrides)
        else Overrides.from_namespace(args)
        if args
        else Overrides()
    )
    env = os.environ if env is None else env
    settings = load_settings(env=env) if settings is None else settings

    explicit = overrides.profile or env.get(PROFILE_ENV)
    sandbox_named = SANDBOX_PROFILE not in settings.profiles and (
        explicit == SANDBOX_PROFILE
        or (
            not explicit
            and settings.default_profile == SANDBOX_PROFILE
            and not (overrides.api_url or env.get(ENV_API_URL))
        )
    )
    if overrides.sandbox or sandbox_named:
        if overrides.api_url or overrides.tenant:
            raise ConfigError(
                "--sandbox uses the embedded sandbox, so --api-url and --tenant make no sense with "
                "it. Drop --sandbox to connect to a real tenant, or drop --api-url/--tenant."
            )
        return Connection.sandbox_default(read_only=overrides.read_only)
    if is_unconfigured(overrides, env, settings):
        return Connection.sandbox_default(read_only=overrides.read_only)

    picked = pick_profile(overrides, env, settings)
    name, profile = picked if picked else ("command line", Profile())

    if profile.platform == "kibo":
        raise UnsupportedPlatform(
            f"Profile {name!r} is a Kibo profile: this version of customer-tui lists Kibo profiles "
            "but cannot open them yet; choose an Emporix profile or --sandbox."
        )

    def layered(flag: str | None, env_name: str, file_value: str | None) -> str | None:
        return flag or env.get(env_name) or file_value

    api_url = layered(overrides.api_url, ENV_API_URL, profile.api_url) or DEFAULT_API_URL
    try:
        api_url = check_api_url(api_url)
    except ValueError as exc:
        origin = "--api-url" if overrides.api_url else f"${ENV_API_URL}"
        raise ConfigError(f"{origin}: {exc}.") from None
    tenant = layered(overrides.tenant, ENV_TENANT, profile.tenant)
    client_id = layered(overrides.client_id, ENV_CLIENT_ID, profile.client_id)
    where = f"profile {name!r} in {settings.path}" if picked else "the command line"
    missing = []
    if not tenant:
        missing.append(f'a tenant (--tenant, ${ENV_TENANT}, or tenant = "..." in a profile)')
    if not client_id:
        missing.append(f'a client id (${ENV_CLIENT_ID} or client_id = "..." in a profile)')
    if missing:
        raise ConfigError(
            f"Cannot connect to {api_url} from {where}: it needs {' and '.join(missing)}. "
            'See the README, section "Connecting to a real tenant".'
        )
    assert tenant is not None and client_id is not None
    secret = _secret(name, profile, env, settings.path, picked is not None)
    return Connection(
        name=name,
        platform=profile.platform,
        api_url=api_url,
        tenant=tenant,
        client_id=client_id,
        client_secret=secret,
        read_only=overrides.read_only or profile.read_only,
        label=profile.label,
        color=profile.color,
        site=profile.site,
    )


def _secret(
    name: str, profile: Profile, env: Mapping[str, str], path: Path | None, from_profile: bool
) -> SecretStr:
    """The client secret: $EMPORIX_CLIENT_SECRET, else the profile's own source."""
    if env.get(ENV_CLIENT_SECRET):
        return SecretStr(env[ENV_CLIENT_SECRET])
    if profile.secret_env:
        value = env.get(profile.secret_env)
        if not value:
            raise SecretError(
                f"Profile {name!r} takes its client secret from the environment variable "
                f"${profile.secret_env}, which is not set (or empty). Export it, e.g. "
                f"`export {profile.secret_env}=...` from your password manager, and try again."
            )
        return SecretStr(value)
    if profile.secret_command:
        return read_secret_command(name, profile.secret_command)
    if profile.client_secret is not None:
        assert path is not None
        refusal = file_secret_refusal(path, name)
        if refusal:
            raise SecretError(refusal)
        return profile.client_secret
    where = f"profile {name!r}" if from_profile else "the command line"
    raise SecretError(
        f"No client secret for {where}: set ${ENV_CLIENT_SECRET}, or give the profile "
        'secret_env = "VAR", secret_command = "pass show ..." or (in an owner-only file) '
        "client_secret."
    )


def describe_profiles(
    settings: Settings, env: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """One row per profile for `customer-tui profiles`: everything but the secret itself."""
    env = os.environ if env is None else env
    default = settings.default_profile or (
        next(iter(settings.profiles)) if len(settings.profiles) == 1 else None
    )
    rows: list[dict[str, Any]] = []
    for name, profile in sorted(settings.profiles.items()):
        rows.append(
            {
                "name": name,
                "default": name == default,
                "platform": profile.platform,
                "api_url": profile.api_url
                or (DEFAULT_API_URL if profile.platform == "emporix" else ""),
                "tenant": profile.tenant or "",
                "site": profile.site or "",
                "client_id": profile.client_id or "",
                "secret": profile.secret_origin(settings.path, env),
                "read_only": profile.read_only,
                "label": profile.label or "",
                "color": profile.color or "",
            }
        )
    return rows
