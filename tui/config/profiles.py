"""The config file: profile and settings models, where the file lives, and loading it with clear errors."""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

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

from tui import paths
from tui.config.colours import is_colour
from tui.config.errors import ConfigError, describe_validation_error, line_of, toml_error_message
from tui.config.secrets import file_secret_refusal

DEFAULT_API_URL = "https://api.emporix.io"
CONFIG_ENV = "CUSTOMER_TUI_CONFIG"
SANDBOX_PROFILE = "sandbox"
ENV_CLIENT_SECRET = "EMPORIX_CLIENT_SECRET"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The config file: $CUSTOMER_TUI_CONFIG, else config.toml in the user config directory."""
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV]).expanduser()
    return paths.config_file()


def check_api_url(value: str) -> str:
    """An http(s) URL with a host, without a trailing slash; raises ValueError otherwise."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"{value!r} is not an http(s) URL; write the API's base URL, e.g. {DEFAULT_API_URL!r}"
        )
    return value.rstrip("/")


MAX_QUEUE_NAME = 40
MAX_QUEUE_TEXT = 2000


def check_queues(queues: dict[str, str]) -> dict[str, str]:
    """Queue names are short single lines; a queue's text is one line of search box text."""
    for name, text in queues.items():
        if not name.strip() or len(name) > MAX_QUEUE_NAME or not name.isprintable():
            raise ValueError(
                f"queue name {name!r} must be 1 to {MAX_QUEUE_NAME} printable characters on one line"
            )
        if len(text) > MAX_QUEUE_TEXT or not text.isprintable():
            raise ValueError(
                f"queue {name!r}: its search must be one line of at most {MAX_QUEUE_TEXT} characters"
            )
    return queues


def queues_for(
    settings: Settings | None, profile: str, platform: str = "emporix"
) -> dict[str, str]:
    """The queues an agent sees on `profile`: the file's shared queues of the platform
    ([queues] for Emporix, [kibo_queues] for Kibo: each is in its platform's search words), then
    the profile's own [profiles.NAME.queues] (one of the same name replaces the shared one, in
    its place)."""
    if settings is None:
        return {}
    found = dict(settings.kibo_queues if platform == "kibo" else settings.queues)
    own = settings.profiles.get(profile)
    if own is not None:
        found.update(own.queues)
    return found


class Profile(BaseModel):
    """One place an agent works: a tenant on an API, the client to log in with, how it looks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: Literal["emporix", "kibo"] = "emporix"
    """Which commerce platform: "emporix" (customers) or "kibo" (B2B accounts and their users)."""
    api_url: str | None = None
    """Base URL of the API: "https://api.emporix.io" (Emporix's default), or a Kibo tenant's
    "https://t12345.sandbox.mozu.com/api" (required for Kibo)."""
    tenant: str | None = None
    """Emporix: the tenant name of the API paths (`/customer/{tenant}/customers`); Kibo: the
    tenant id (the 12345 of t12345), sent as `x-vol-tenant`."""
    site: str | None = None
    """Kibo only: the site id sent with every call as `x-vol-site` (required for Kibo)."""
    auth_url: str | None = None
    """Kibo only: where the application signs in, when that is not the tenant's own host (e.g.
    "https://home.mozu.com"); by default the api_url."""
    client_id: str | None = None
    """The API client id: Emporix's service client (customer.customer_read, and _manage to
    edit), or the Kibo application key (e.g. "acme.b2b_tool.1.0.0.Release")."""
    secret_env: str | None = None
    """Name of an environment variable that holds the client secret, e.g. "ACME_PROD_SECRET"."""
    secret_command: str | None = None
    """A command whose first output line is the secret, e.g. "pass show emporix/prod"; no shell."""
    client_secret: SecretStr | None = None
    """The secret itself; honoured only while the config file is readable by its owner alone."""
    read_only: bool = Field(default=False, strict=True)
    """Never change anything through this profile (production triage, training)."""
    require_ticket: bool = Field(default=False, strict=True)
    """Every change through this profile asks for a ticket reference first (production)."""
    mask: bool = Field(default=False, strict=True)
    """Start in mask mode: contact data masked on screen, for sharing it (the palette and `:mask`
    switch it)."""
    label: str | None = None
    """A short name shown in the header, e.g. "PROD" or "Staging EU"."""
    color: str | None = None
    """Header colour for this profile (a Textual colour: "red", "#aa0000", "darkgreen")."""
    queues: dict[str, str] = Field(default_factory=dict)
    """Work queues for this profile only: name -> search text, after the file's [queues]."""

    @field_validator("queues")
    @classmethod
    def _queues(cls, value: dict[str, str]) -> dict[str, str]:
        return check_queues(value)

    @field_validator("api_url", "auth_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else check_api_url(value)

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not is_colour(value):
            raise ValueError(
                f'{value!r} is not a colour; use a name like "red" or a hex value like "#aa0000"'
            )
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
        if self.platform == "kibo":
            # $EMPORIX_CLIENT_SECRET is never sent to Kibo: an Emporix secret is not Kibo's.
            return "none in the profile (add secret_env, secret_command or client_secret)"
        return f"none in the profile (set ${ENV_CLIENT_SECRET})"


class Settings(BaseModel):
    """Everything in the config file."""

    model_config = ConfigDict(extra="forbid")

    default_profile: str | None = None
    """The profile used when neither --profile nor $CUSTOMER_TUI_PROFILE names one."""
    profiles: dict[str, Profile] = Field(default_factory=dict)
    """Named profiles, one [profiles.NAME] table each."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key overrides: binding id -> keys, e.g. search = "slash,ctrl+f" (see `?` in the app)."""
    theme: str | None = None
    """A Textual theme name, e.g. "textual-dark", "nord", "gruvbox"."""
    queues: dict[str, str] = Field(default_factory=dict)
    """Work queues for every Emporix profile: name -> what the search box would be given."""
    kibo_queues: dict[str, str] = Field(default_factory=dict)
    """Work queues for every Kibo connection, in the Kibo list's search words."""

    @field_validator("queues", "kibo_queues")
    @classmethod
    def _queues(cls, value: dict[str, str]) -> dict[str, str]:
        return check_queues(value)

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
    import tomllib  # only when there is a file to read

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
            f"{known_profiles_sentence(settings)} Fix default_profile, or add a "
            f"[profiles.{default}] table."
        )
    return settings


def _known_keys(loc: tuple[str | int, ...]) -> list[str]:
    """The keys that are valid at a place in the file, for "did you mean" hints."""
    if len(loc) >= 3 and loc[0] == "profiles":
        return list(Profile.model_fields)
    return list(Settings.model_fields)


def known_profiles_sentence(settings: Settings) -> str:
    if not settings.profiles:
        return "The file defines no profiles."
    return "Profiles defined: " + ", ".join(sorted(settings.profiles)) + "."


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
                "auth_url": profile.auth_url or "",
                "client_id": profile.client_id or "",
                "secret": profile.secret_origin(settings.path, env),
                "read_only": profile.read_only,
                "label": profile.label or "",
                "color": profile.color or "",
            }
        )
    return rows


def profile_choices(settings: Settings) -> list[tuple[str, str]]:
    """(name, one line saying where it points) per profile, the built-in sandbox last."""
    choices = []
    for name, profile in sorted(settings.profiles.items()):
        if profile.platform == "kibo":
            site = f", site {profile.site}" if profile.site else ""
            where = f"Kibo {profile.tenant or '?'}{site} @ {profile.api_url or '?'}"
        else:
            where = f"{profile.tenant or '?'} @ {profile.api_url or DEFAULT_API_URL}"
        ro = ", read-only" if profile.read_only else ""
        label = f"{profile.label}: " if profile.label else ""
        choices.append((name, f"{label}{where}{ro}"))
    if SANDBOX_PROFILE not in settings.profiles:
        choices.append((SANDBOX_PROFILE, "the embedded sandbox (demo data)"))
    return choices
