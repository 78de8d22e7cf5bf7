"""Where a client secret may come from besides the environment: a command, or an owner-only file."""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
from pathlib import Path

from pydantic import SecretStr

from tui.config.errors import ConfigError

SECRET_COMMAND_TIMEOUT = 30.0
"""Seconds a secret command may take; long enough for a password manager's unlock prompt."""


class SecretError(ConfigError):
    """The client secret could not be obtained; str() says from where and what to do."""


def file_secret_refusal(path: Path, profile: str) -> str | None:
    """Why a secret in this config file must not be used (others can read it), or None if it may."""
    if os.name == "nt":
        # Windows has no POSIX modes; the user profile directory is private by default.
        return None
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError as exc:
        return f"Cannot check the permissions of {path}: {exc.strerror}."
    if mode & 0o077 == 0:
        return None
    who = f"profile {profile!r}" if profile else "a profile"
    return (
        f"Refusing the client_secret of {who}: {path} can be read by other users "
        f"(mode {mode:04o}). Run `chmod 600 {shlex.quote(str(path))}` and try again, or move the secret out of "
        "the file (secret_env or secret_command)."
    )


def read_secret_command(profile: str, command: str) -> SecretStr:
    """Run the profile's secret_command (no shell) and take the first line it prints."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise SecretError(
            f"Profile {profile!r}: secret_command {command!r} cannot be split into words ({exc}); "
            "check its quotes."
        ) from None
    if not argv:
        raise SecretError(f"Profile {profile!r}: secret_command is empty.")
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SECRET_COMMAND_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise SecretError(
            f"Profile {profile!r}: secret_command {command!r} failed: {argv[0]!r} was not found. "
            "Install it or fix the path (the command runs without a shell; wrap pipes in "
            "sh -c '...')."
        ) from None
    except subprocess.TimeoutExpired:
        raise SecretError(
            f"Profile {profile!r}: secret_command {command!r} did not finish within "
            f"{SECRET_COMMAND_TIMEOUT:.0f} s. Unlock your password manager first, then try again."
        ) from None
    except OSError as exc:
        raise SecretError(
            f"Profile {profile!r}: secret_command {command!r} could not run: {exc.strerror}."
        ) from None
    # stdout is the secret; only stderr may ever be shown.
    stderr = " ".join(done.stderr.split())[:300]
    said = f" It said: {stderr}" if stderr else ""
    if done.returncode != 0:
        raise SecretError(
            f"Profile {profile!r}: secret_command {command!r} failed with exit status "
            f"{done.returncode}.{said}"
        )
    lines = done.stdout.splitlines()
    secret = lines[0].strip() if lines else ""
    if not secret:
        raise SecretError(
            f"Profile {profile!r}: secret_command {command!r} printed nothing; it must print the "
            f"client secret on its first line.{said}"
        )
    return SecretStr(secret)
