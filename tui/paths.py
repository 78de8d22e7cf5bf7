"""Every file and directory the app uses, and the app's name, in one place: nothing else calls platformdirs."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "customer-tui"
"""The name of the app's directories (and of the command)."""


def config_file() -> Path:
    """The default config file, when $CUSTOMER_TUI_CONFIG names no other."""
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def sandbox_data_file() -> Path:
    """The embedded sandbox's SQLite file; a file so that a demo's edits survive a restart."""
    return platformdirs.user_data_path(APP_NAME) / "sandbox.sqlite3"


def journal_file() -> Path:
    """The journal of every change: the platform's per-user state directory."""
    return state_dir() / "journal.jsonl"


def state_dir() -> Path:
    """The per-user state directory: the journal, the recent lists, crash reports, views."""
    return platformdirs.user_state_path(APP_NAME)


def recent_file(agent: str | None = None) -> Path:
    """The recently opened records; one file per agent when served (every agent runs as the
    host's one OS user)."""
    name = "recent.json" if agent is None else f"recent-{_safe(agent)}.json"
    return state_dir() / name


def _safe(agent: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in agent)[:64]


def crash_dir() -> Path:
    """Crash reports (no local variables, secrets or customer data), in the state directory."""
    return state_dir() / "crash"


def views_dir() -> Path:
    """Long texts written out when no pager can show them, in the state directory."""
    return state_dir() / "views"


def log_file() -> Path:
    """The HTTP debug log (`--log`'s default), in the per-user log directory."""
    return platformdirs.user_log_path(APP_NAME) / f"{APP_NAME}.log"


def cache_dir() -> Path:
    """Per-user cache: things that can be rebuilt (the benchmarks' seeded data files)."""
    return platformdirs.user_cache_path(APP_NAME)


def history_file(kind: str, profile: str, agent: str | None = None) -> Path:
    """An agent's earlier searches or commands (`kind`) on one profile; one file per profile and
    served agent, since every agent runs as the host's one OS user."""
    who = "" if agent is None else f"-{_safe(agent)}"
    return state_dir() / "history" / f"{kind}-{_safe(profile)}{who}.json"
