"""Which connection wins: command-line flags over environment over the config file, and the secret."""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from tui.config.connection import Connection
from tui.config.errors import ConfigError
from tui.config.profiles import (
    CONFIG_ENV,
    DEFAULT_API_URL,
    ENV_CLIENT_SECRET,
    SANDBOX_PROFILE,
    Profile,
    Settings,
    check_api_url,
    config_path,
    describe_profiles,
    known_profiles_sentence,
    load_settings,
    profile_choices,
)
from tui.config.secrets import SecretError, file_secret_refusal, read_secret_command

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_API_URL",
    "ConfigError",
    "Overrides",
    "Profile",
    "SecretError",
    "Settings",
    "config_path",
    "connection_for_profile",
    "describe_profiles",
    "load_settings",
    "profile_choices",
    "resolve_connection",
]

PROFILE_ENV = "CUSTOMER_TUI_PROFILE"
ENV_API_URL = "EMPORIX_API_URL"
ENV_TENANT = "EMPORIX_TENANT"
ENV_CLIENT_ID = "EMPORIX_CLIENT_ID"
CONNECT_HINT = (
    "Running on the embedded SANDBOX. To connect a real tenant: set EMPORIX_CLIENT_ID and "
    "EMPORIX_CLIENT_SECRET, then run `customer-tui --api-url https://api.emporix.io --tenant "
    "YOUR_TENANT` (or add a profile to {path}; see the README)."
)
KIBO_CONNECT_HINT = (
    "Running on the embedded SANDBOX's Kibo side. To connect a real Kibo tenant, add a profile "
    'with platform = "kibo" to {path} (README: "Connecting a real Kibo tenant").'
)


@dataclass(frozen=True)
class Overrides:
    """What the command line asked for; every field left None defers to environment and file."""

    profile: str | None = None
    sandbox: bool = False
    read_only: bool = False
    api_url: str | None = None
    tenant: str | None = None
    client_id: str | None = None
    platform: str | None = None
    """--platform: which side of the embedded sandbox, and which platform a profile must be."""

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
        f"{known_profiles_sentence(settings)} Run `customer-tui profiles` to list them."
    )


def resolve_connection(
    args: Overrides | argparse.Namespace | None = None,
    env: Mapping[str, str] | None = None,
    settings: Settings | None = None,
) -> Connection:
    """Combine flags, environment and file (in that order of precedence) into one Connection.

    Raises ConfigError (or SecretError) with a message fit to show the agent as it is.
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
            chosen = "--sandbox" if overrides.sandbox else f"the profile {SANDBOX_PROFILE!r}"
            raise ConfigError(
                f"{chosen} means the embedded sandbox, which has its own URL and tenant, so "
                "--api-url and --tenant cannot be used with it. Drop one or the other."
            )
        return _sandbox(overrides)
    if is_unconfigured(overrides, env, settings):
        return _sandbox(overrides)

    picked = pick_profile(overrides, env, settings)
    name, profile = picked if picked else ("command line", Profile())
    if overrides.platform and overrides.platform != profile.platform:
        raise ConfigError(_platform_mismatch(overrides.platform, name, profile, settings, picked))
    if profile.platform == "kibo":
        return _kibo_connection(name, profile, overrides, env, settings)

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


def _sandbox(overrides: Overrides) -> Connection:
    """The embedded sandbox, on the side --platform names (Emporix unless told)."""
    return Connection.sandbox_default(
        read_only=overrides.read_only, platform=overrides.platform or "emporix"
    )


def _platform_mismatch(
    wanted: str, name: str, profile: Profile, settings: Settings, picked: object
) -> str:
    """Why --platform and the chosen profile disagree, and which profiles would fit."""
    shown = _PLATFORM_NAMES.get(wanted, wanted)
    fitting = sorted(n for n, p in settings.profiles.items() if p.platform == wanted)
    if fitting:
        hint = f"{shown} profiles: {', '.join(fitting)} (pass --profile NAME)"
    else:
        hint = f"{settings.path} has no {shown} profile"
    if not picked:
        return (
            f"--platform {wanted} without a {shown} profile: --api-url, --tenant, --client-id "
            f"and the EMPORIX_* variables describe an Emporix tenant; a {shown} tenant is "
            f'connected through a profile (platform = "{wanted}"). {hint}; or use --sandbox '
            f"for the embedded sandbox's {shown} side."
        )
    article = "an" if profile.platform == "emporix" else "a"
    return (
        f"--platform {wanted} asks for {shown}, but the profile {name!r} is {article} "
        f"{_PLATFORM_NAMES.get(profile.platform, profile.platform)} profile. {hint}; or drop "
        f"--platform, or add --sandbox for the embedded sandbox's {shown} side."
    )


_PLATFORM_NAMES = {"emporix": "Emporix", "kibo": "Kibo"}

_KIBO_NEEDS = {
    "api_url": 'api_url = "https://t12345.sandbox.mozu.com/api" (the tenant\'s API host)',
    "tenant": 'tenant = "12345" (the tenant id, the 12345 of t12345; or --tenant)',
    "site": 'site = "67890" (the site id, sent as x-vol-site)',
    "client_id": 'client_id = "..." (the application key; or --client-id)',
}


def _kibo_connection(
    name: str, profile: Profile, overrides: Overrides, env: Mapping[str, str], settings: Settings
) -> Connection:
    """A Kibo profile as a Connection: flags over the file; the EMPORIX_* variables never
    apply (an Emporix URL, client or secret is not Kibo's)."""
    values = {
        "api_url": overrides.api_url or profile.api_url,
        "tenant": overrides.tenant or profile.tenant,
        "site": profile.site,
        "client_id": overrides.client_id or profile.client_id,
    }
    table = f"[profiles.{name}] of {settings.path}"
    missing = [_KIBO_NEEDS[key] for key, value in values.items() if not value]
    if missing:
        raise ConfigError(
            f"Kibo profile {name!r} cannot connect: it needs {'; and '.join(missing)}. Add "
            f"{'it' if len(missing) == 1 else 'them'} to {table}; see the README, section "
            '"Connecting a real Kibo tenant".'
        )
    for key in ("tenant", "site"):
        value = str(values[key]).strip()
        if not value.isdigit():
            origin = "--tenant" if key == "tenant" and overrides.tenant else f"{key} in {table}"
            raise ConfigError(
                f"Kibo profile {name!r}: {origin} is {value!r}, but Kibo {key} ids are numbers; "
                f"write {_KIBO_NEEDS[key]}."
            )
        values[key] = value
    api_url = str(values["api_url"])
    try:
        api_url = check_api_url(api_url)
    except ValueError as exc:
        raise ConfigError(f"--api-url: {exc}.") from None
    return Connection(
        name=name,
        platform="kibo",
        api_url=api_url,
        tenant=str(values["tenant"]),
        site=str(values["site"]),
        client_id=str(values["client_id"]),
        client_secret=_secret(name, profile, env, settings.path, True),
        read_only=overrides.read_only or profile.read_only,
        label=profile.label,
        color=profile.color,
        auth_url=profile.auth_url,
    )


def _secret(
    name: str, profile: Profile, env: Mapping[str, str], path: Path | None, from_profile: bool
) -> SecretStr:
    """The client secret: $EMPORIX_CLIENT_SECRET (Emporix only), else the profile's own source."""
    if env.get(ENV_CLIENT_SECRET) and profile.platform != "kibo":
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
    if profile.platform == "kibo":
        raise SecretError(
            f"No client secret (the application's shared secret) for Kibo {where}: give the "
            'profile secret_env = "VAR", secret_command = "pass show ..." or (in an owner-only '
            f"file) client_secret. ${ENV_CLIENT_SECRET} is for Emporix and never sent to Kibo."
        )
    raise SecretError(
        f"No client secret for {where}: set ${ENV_CLIENT_SECRET}, or give the profile "
        'secret_env = "VAR", secret_command = "pass show ..." or (in an owner-only file) '
        "client_secret."
    )


def connection_for_profile(
    name: str,
    settings: Settings,
    env: Mapping[str, str] | None = None,
    *,
    read_only: bool = False,
) -> Connection:
    """The connection for a profile picked inside the app (the palette's "Switch profile").

    The profile is taken as written: the EMPORIX_* and CUSTOMER_TUI_PROFILE overrides apply to
    the start only, or every profile would point at the same tenant. `secret_env` variables are
    still read from the environment. Raises like `resolve_connection`.
    """
    env = os.environ if env is None else env
    overridden = {PROFILE_ENV, ENV_API_URL, ENV_TENANT, ENV_CLIENT_ID, ENV_CLIENT_SECRET}
    own_env = {k: v for k, v in env.items() if k not in overridden}
    return resolve_connection(Overrides(profile=name, read_only=read_only), own_env, settings)
