"""The agents file: who may use the served app, with which keys and tokens, and what they may do."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
import tomlkit

from tui.config.errors import ConfigError
from tui.config.profiles import config_path
from tui.core.session_policy import SessionPolicy

AGENTS_FILE = "agents.toml"
ROLES = ("agent", "lead")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

HEADER = """\
# Who may use customer-tui served from this host (`customer-tui serve ssh` / `serve web`).
# One table per agent; their name is what the journal records for their changes.
#   keys           SSH public keys (the lines of their id_ed25519.pub); public-key sign-in only
#   profiles       the profiles they may open; empty or missing = the default profile only
#   read_only      true: they can look but never change anything
#   require_ticket true: every change asks for a ticket reference first
#   role           "agent", or "lead": sees every agent's changes in the Activity screen
#   web_tokens     sha256 hashes of browser access tokens (`serve add-agent NAME --web-token`)
# Keep this file 0600: the server refuses to start when others may read or write it.
"""


class AgentsError(ConfigError):
    """The agents file cannot be used; str() says which file, what is wrong and how to fix it."""


def agents_path(env: Mapping[str, str] | None = None) -> Path:
    """agents.toml beside the config file (the user config directory by default)."""
    return config_path(env).parent / AGENTS_FILE


def token_hash(token: str) -> str:
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Agent:
    """One entry of the agents file."""

    name: str
    keys: tuple[asyncssh.SSHKey, ...] = ()
    profiles: tuple[str, ...] = ()
    read_only: bool = False
    require_ticket: bool = False
    role: str = "agent"
    web_tokens: tuple[str, ...] = ()

    @property
    def lead(self) -> bool:
        return self.role == "lead"

    def has_key(self, key: asyncssh.SSHKey) -> bool:
        return any(k.public_data == key.public_data for k in self.keys)

    def has_token(self, token: str) -> bool:
        wanted = token_hash(token)
        return any(hmac.compare_digest(wanted, t) for t in self.web_tokens)

    def policy(self, *, default_profile: str | None = None) -> SessionPolicy:
        """The rules the agent's app runs under. No profiles listed: the default one only."""
        profiles = self.profiles or ((default_profile,) if default_profile else ())
        return SessionPolicy(
            agent=self.name,
            profiles=profiles,
            read_only=self.read_only,
            require_ticket=self.require_ticket,
            lead=self.lead,
            served=True,
        )


@dataclass(frozen=True)
class Agents:
    """Every agent of the file, by name."""

    path: Path
    agents: Mapping[str, Agent]

    def by_key(self, key: asyncssh.SSHKey) -> Agent | None:
        return next((a for a in self.agents.values() if a.has_key(key)), None)

    def by_token(self, token: str) -> Agent | None:
        return next((a for a in self.agents.values() if a.has_token(token)), None)

    @property
    def has_tokens(self) -> bool:
        return any(a.web_tokens for a in self.agents.values())


def check_private(path: Path) -> None:
    """Refuse a file others may read or write: it decides who reaches production data."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AgentsError(
            f"{path} may be read or written by other users (mode {stat.filemode(mode)}). "
            f"Anyone who can write it can let themselves in: run `chmod 600 {path}`."
        )


def load_agents(path: Path) -> Agents:
    """The agents file, checked; a missing file is no agents (everyone is refused)."""
    try:
        check_private(path)
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Agents(path, {})
    except tomllib.TOMLDecodeError as exc:
        raise AgentsError(f"{path} is not valid TOML: {exc}. Fix that line.") from None
    except OSError as exc:
        raise AgentsError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    table = data.get("agents", {})
    if not isinstance(table, dict):
        raise AgentsError(f"{path}: `agents` must be a table of [agents.NAME] sections.")
    return Agents(path, {name: _agent(path, name, raw) for name, raw in table.items()})


def _agent(path: Path, name: str, raw: Any) -> Agent:
    where = f"{path}, [agents.{name}]"
    if not _NAME.match(name):
        raise AgentsError(f"{where}: an agent's name is letters, digits and . _ - (at most 64).")
    if not isinstance(raw, dict):
        raise AgentsError(f"{where} must be a table.")
    known = {"keys", "profiles", "read_only", "require_ticket", "role", "web_tokens"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise AgentsError(
            f"{where}: unknown key {unknown[0]!r}; known: {', '.join(sorted(known))}."
        )
    keys = []
    for i, text in enumerate(_strings(where, raw, "keys")):
        try:
            keys.append(asyncssh.import_public_key(text))
        except (asyncssh.KeyImportError, ValueError) as exc:
            raise AgentsError(
                f"{where}: keys[{i}] is not an SSH public key ({exc}). Paste one line of a .pub "
                "file, e.g. ssh-ed25519 AAAA… name@laptop."
            ) from None
    role = raw.get("role", "agent")
    if role not in ROLES:
        raise AgentsError(f'{where}: role is "agent" or "lead", not {role!r}.')
    flags = {}
    for flag in ("read_only", "require_ticket"):
        value = raw.get(flag, False)
        if not isinstance(value, bool):
            raise AgentsError(f"{where}: {flag} is true or false, not {value!r}.")
        flags[flag] = value
    return Agent(
        name=name,
        keys=tuple(keys),
        profiles=tuple(_strings(where, raw, "profiles")),
        role=role,
        web_tokens=tuple(_strings(where, raw, "web_tokens")),
        **flags,
    )


def _strings(where: str, raw: Mapping[str, Any], key: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AgentsError(f'{where}: {key} is a list of strings, e.g. {key} = ["…"].')
    return list(value)


def add_agent(
    path: Path,
    name: str,
    *,
    key_text: str | None = None,
    profiles: Sequence[str] = (),
    read_only: bool | None = None,
    require_ticket: bool | None = None,
    role: str | None = None,
    web_token: bool = False,
) -> str | None:
    """Add or update one agent, keeping the file's comments and layout; returns a new web token
    (shown once; only its hash is kept) when asked for one."""
    if not _NAME.match(name):
        raise AgentsError(f"{name!r}: an agent's name is letters, digits and . _ - (at most 64).")
    if key_text is not None:
        try:
            asyncssh.import_public_key(key_text)
        except (asyncssh.KeyImportError, ValueError) as exc:
            raise AgentsError(f"That is not an SSH public key ({exc}).") from None
    try:
        check_private(path)
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = tomlkit.parse(HEADER)
    except Exception as exc:
        raise AgentsError(f"Cannot update {path}: {exc}") from None
    if "agents" not in doc:
        doc["agents"] = tomlkit.table(is_super_table=True)
    agents = doc["agents"]
    if name not in agents:
        agents[name] = tomlkit.table()
    entry = agents[name]
    if key_text is not None:
        keys = entry.setdefault("keys", tomlkit.array())
        line = key_text.strip()
        if line not in [str(k) for k in keys]:
            keys.append(line)
    if profiles:
        entry["profiles"] = list(profiles)
    if read_only is not None:
        entry["read_only"] = read_only
    if require_ticket is not None:
        entry["require_ticket"] = require_ticket
    if role is not None:
        entry["role"] = role
    token = None
    if web_token:
        token = secrets.token_urlsafe(24)
        tokens = entry.setdefault("web_tokens", tomlkit.array())
        tokens.append(token_hash(token))
    _write_private(path, tomlkit.dumps(doc))
    load_agents(path)  # what we wrote must load: fail here, not when the server starts
    return token


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o600)
    tmp.replace(path)
