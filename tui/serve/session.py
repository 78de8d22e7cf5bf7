"""One served agent's app: the process `serve ssh` starts on a pty and `serve web` per tab.

Run as `python -m tui.serve.session --policy JSON [--config PATH]`. The policy (who the agent is,
which profiles, read-only, ticket, lead) comes from the server's agents file, never from the
agent; the profiles and their secrets are read here, on the host, and never leave it."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import sys
import termios
from dataclasses import replace
from pathlib import Path

from tui.config.connection import PLATFORMS, Connection, UnsupportedPlatform
from tui.config.errors import ConfigError
from tui.config.profiles import SANDBOX_PROFILE, Settings, load_settings
from tui.config.resolve import Overrides, resolve_connection
from tui.connect.backends import open_backend
from tui.connect.errors import SandboxUnavailable
from tui.connect.preflight import ConnectionProblem, check_connection
from tui.core.session_policy import SessionPolicy

EXIT_REFUSED = 2


def take_terminal() -> None:
    """Make our pty the controlling terminal, so window changes arrive as SIGWINCH."""
    if os.isatty(0):
        with contextlib.suppress(OSError):
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def first_profile(policy: SessionPolicy, settings: Settings) -> str | None:
    """The profile the session opens: the default when the agent may use it, else the agent's
    first; None (the config's own choice) for an agent without a list."""
    if not policy.profiles:
        return None
    if settings.default_profile in policy.profiles:
        return settings.default_profile
    for name in policy.profiles:
        if name in settings.profiles or name == SANDBOX_PROFILE:
            return name
    raise ConfigError(
        f"None of your profiles ({', '.join(policy.profiles)}) is configured on this host. "
        "Ask your team lead to check the agents file."
    )


def resolve(
    policy: SessionPolicy, config: Path | None, platform: str | None = None
) -> tuple[Connection, Settings]:
    env = os.environ
    settings = load_settings(config, env)
    name = first_profile(policy, settings)
    # `serve --platform` picks the embedded sandbox's side; a configured profile keeps its own.
    wanted = platform if not settings.profiles else None
    connection = resolve_connection(
        Overrides(profile=name, read_only=policy.read_only, platform=wanted), env, settings
    )
    return connection, settings


def run(policy: SessionPolicy, config: Path | None, platform: str | None = None) -> int:
    from tui.emporix.logs import configure_logging

    connection, settings = resolve(policy, config, platform)
    if not policy.profiles:
        # Pinned to what it opened with: the palette offers no other profile.
        policy = replace(policy, profiles=(connection.name,))
    configure_logging()
    checked = None
    if connection.sandbox:
        asyncio.run(open_backend(connection).close())
    else:
        checked = asyncio.run(check_connection(connection))
    from tui.ui.app import CustomerTuiApp

    app = CustomerTuiApp(connection, settings=settings, checked=checked, policy=policy)
    app.run()
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="customer-tui serve session")
    parser.add_argument("--policy", required=True)
    parser.add_argument("--config", type=Path)
    parser.add_argument("--platform", choices=PLATFORMS)
    args = parser.parse_args(argv)
    take_terminal()
    policy = SessionPolicy.from_json(args.policy)
    try:
        return run(policy, args.config, args.platform)
    except (ConfigError, UnsupportedPlatform, ConnectionProblem, SandboxUnavailable) as exc:
        print(f"customer-tui: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        print(
            f"customer-tui: unexpected error: {type(exc).__name__}. Your team lead can find "
            "more in the host's debug log.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
