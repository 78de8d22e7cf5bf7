"""The `customer-tui` command: picks a connection, checks it, and starts the app, the sandbox or a tool."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from tui import __version__
from tui.config.connection import PLATFORMS, Connection, UnsupportedPlatform
from tui.config.errors import ConfigError
from tui.config.resolve import (
    CONNECT_HINT,
    ENV_API_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_TENANT,
    KIBO_CONNECT_HINT,
    PROFILE_ENV,
    Overrides,
    Settings,
    describe_profiles,
    is_unconfigured,
    load_settings,
    resolve_connection,
)
from tui.connect.errors import SandboxUnavailable
from tui.connect.preflight import CheckResult, ConnectionProblem, check_connection, load_check
from tui.core.crash import crash_paragraph, debugging, print_crash
from tui.core.session_policy import SessionPolicy, clean_ticket

T = TypeVar("T")

PROG = "customer-tui"
EXIT_CONFIG = 2
EXIT_CONNECTION = 3

DESCRIPTION = """\
Find, inspect and fix Emporix customer profiles and Kibo Commerce B2B accounts from the
terminal.

With nothing configured it starts on the embedded sandbox (demo data, no account needed;
--platform kibo opens its Kibo side). Connect a real tenant with a profile in the config file
(see `customer-tui profiles`), or an Emporix one with --api-url/--tenant and the environment
variables EMPORIX_CLIENT_ID and EMPORIX_CLIENT_SECRET.
"""

EPILOG = """\
commands:
  customer-tui sandbox [...]      run the sandbox as an HTTP server (see `customer-tui sandbox --help`)
  customer-tui profiles           list the configured profiles and where their secrets come from
  customer-tui screenshots [...]  render the main screens from the sandbox into SVG files
  customer-tui serve ssh|web      serve the app to a team over SSH or in a browser (README:
                                  "Serving a team"); serve add-agent allows an agent

precedence: command-line flags > environment (EMPORIX_API_URL, EMPORIX_TENANT, EMPORIX_CLIENT_ID,
EMPORIX_CLIENT_SECRET, CUSTOMER_TUI_PROFILE) > the config file ($CUSTOMER_TUI_CONFIG or the
user config directory).
"""


def build_parser() -> argparse.ArgumentParser:
    """The parser for the app itself (the commands have their own)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--profile", metavar="NAME", help="use this profile from the config file")
    parser.add_argument(
        "--sandbox", action="store_true", help="use the embedded sandbox, whatever is configured"
    )
    parser.add_argument(
        "--platform",
        choices=PLATFORMS,
        help="emporix or kibo: which side of the embedded sandbox to open; with a profile, the "
        "platform it must be",
    )
    parser.add_argument(
        "--read-only", action="store_true", help="never change anything (hides every change action)"
    )
    parser.add_argument(
        "--mask",
        action="store_true",
        help="mask mode: e-mails, phones, streets and postcodes masked on screen (screen sharing)",
    )
    parser.add_argument(
        "--ticket",
        metavar="T",
        type=_ticket_arg,
        help="the ticket you work on (e.g. T-1234): every change is journalled with it",
    )
    parser.add_argument(
        "--api-url", metavar="URL", help="the API base URL, e.g. https://api.emporix.io"
    )
    parser.add_argument("--tenant", metavar="T", help="the tenant name")
    parser.add_argument(
        "--client-id", metavar="ID", help="the API client id (else $EMPORIX_CLIENT_ID)"
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        type=Path,
        help="read this config file (else $CUSTOMER_TUI_CONFIG)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the connection (sign in, read the first page), print the result and exit",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _ticket_arg(text: str) -> str | None:
    try:
        return clean_ticket(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def run_app(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Resolve the connection, check it, then hand the terminal to the app."""
    from tui.emporix.logs import configure_logging

    settings = load_settings(args.config, env)
    # Every request and response goes to the debug log (secrets redacted), for troubleshooting.
    configure_logging()
    overrides = Overrides.from_namespace(args)
    connection = resolve_connection(overrides, env, settings)
    if connection.sandbox and not args.sandbox and is_unconfigured(overrides, env, settings):
        hint = KIBO_CONNECT_HINT if connection.platform == "kibo" else CONNECT_HINT
        print(hint.format(path=settings.path), file=sys.stderr)
    if args.check:
        result = asyncio.run(check_connection(connection))
        print(result.summary(connection))
        if result.sandbox is not None:
            asyncio.run(result.sandbox.aclose())
        return 0
    load_check(connection)
    checking = _beside(lambda: asyncio.run(check_connection(connection)))
    # Wrong URL, secret, tenant or scope: said now, in words, rather than on a blank screen (a
    # broken data file of the embedded sandbox too). The app signs in with the check's token
    # and opens with its first page: two round trips fewer before the first screen.
    _import_ui()  # while the check waits on the network (or the sandbox answers it)
    checked = checking.result()
    policy = SessionPolicy(ticket=args.ticket) if args.ticket else None
    return start_ui(connection, settings, checked, policy, masked=args.mask)


def _beside(work: Callable[[], T]) -> Future[T]:
    """`work()` in a thread of its own, its result or exception in the future. A daemon thread:
    ctrl+c while a check waits on the network still quits at once."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:
            future.set_exception(exc)

    threading.Thread(target=run, name="connection-check", daemon=True).start()
    return future


def _import_ui() -> None:
    """Textual and the first screen's modules: about half of the start-up's own work, done here
    while the connection check waits on the network instead of after it."""
    import tui.ui.app  # noqa: F401  (deferred: --help, profiles and errors never load Textual)


def start_ui(
    connection: Connection,
    settings: Settings,
    checked: CheckResult | None = None,
    policy: SessionPolicy | None = None,
    *,
    masked: bool = False,
) -> int:
    """Run the Textual app until the agent quits; `checked`, the connection check, saves it the
    first sign-in and the first search; `policy`, who the agent is and what they may do;
    `masked`, start in mask mode."""
    # Imported here so `--help`, `profiles` and errors never wait for Textual to load.
    from tui.ui.app import CustomerTuiApp

    # Textual writes every frame from a thread of its own, which needs the GIL for each write;
    # at Python's default 5 ms it waits up to that long behind the event loop per write (the
    # first frame queues behind a dozen of the terminal's set-up sequences: 15-20 ms late).
    sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
    app = CustomerTuiApp(
        connection, settings=settings, checked=checked, policy=policy, masked=masked
    )
    app.run()
    if app.crashed is not None:
        print(crash_paragraph(app.crashed, app.crash_report), file=sys.stderr)
    return app.return_code or 0


def profiles_command(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """`customer-tui profiles`: what is configured, without any secret."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} profiles",
        description="List the profiles in the config file and where each one's secret comes "
        "from. Secrets themselves are never shown.",
    )
    parser.add_argument("--config", metavar="PATH", type=Path, help="read this config file")
    args = parser.parse_args(argv)
    settings = load_settings(args.config, env)
    exists = settings.path is not None and settings.path.exists()
    print(f"Config file: {settings.path}{'' if exists else ' (not created yet)'}")
    rows = describe_profiles(settings, env)
    for row in rows:
        mark = "*" if row["default"] else " "
        tags = [
            t for t in (row["label"], row["color"], "read-only" if row["read_only"] else "") if t
        ]
        print(f"{mark} {row['name']}" + (f"  [{', '.join(tags)}]" if tags else ""))
        where = f"tenant {row['tenant'] or '(not set)'} at {row['api_url'] or '(not set)'}"
        if row["platform"] == "kibo":
            where += f", site {row['site'] or '(not set)'}"
            if row["auth_url"]:
                where += f", signs in at {row['auth_url']}"
        print(f"    {row['platform']}: {where}")
        print(f"    client {row['client_id'] or '(not set)'}; secret from {row['secret']}")
    default_mark = " " if any(r["default"] for r in rows) else "*"
    print(f"{default_mark} sandbox  [built in]")
    print("    emporix: embedded sandbox, tenant demo, client demo-agent (demo data, no account)")
    print("    kibo: the same sandbox's Kibo side, tenant 10000, site 10001, client kibo-agent")
    print("          (--platform kibo)")
    overriding = [
        name
        for name in (PROFILE_ENV, ENV_API_URL, ENV_TENANT, ENV_CLIENT_ID, ENV_CLIENT_SECRET)
        if env.get(name)
    ]
    if overriding:
        print(f"Environment overrides in effect: {', '.join(overriding)}")
    if not rows:
        print('No profiles yet: see the README, section "Connecting to a real tenant".')
    return 0


def sandbox_command(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """`customer-tui sandbox`: the sandbox as a real HTTP server."""
    from tui.sandbox.server import main as sandbox_main

    return int(sandbox_main(list(argv)) or 0)


def screenshots_command(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """`customer-tui screenshots`: SVGs of the main screens, rendered from the sandbox."""
    from tui.screenshots import main as screenshots_main

    return screenshots_main(list(argv))


def serve_command(argv: Sequence[str], env: Mapping[str, str]) -> int:
    """`customer-tui serve ssh|web|add-agent`: the app served to a team from this host."""
    from tui.serve.cli import main as serve_main

    return serve_main(argv, env)


COMMANDS: dict[str, Callable[[Sequence[str], Mapping[str, str]], int]] = {
    "sandbox": sandbox_command,
    "profiles": profiles_command,
    "screenshots": screenshots_command,
    "serve": serve_command,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status instead of raising."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    env = os.environ
    try:
        if args_list and args_list[0] in COMMANDS:
            return COMMANDS[args_list[0]](args_list[1:], env)
        args = build_parser().parse_args(args_list)
        return run_app(args, env)
    except SystemExit as exc:
        # argparse exits for --help, --version and usage errors; callers get the status back.
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (ConfigError, UnsupportedPlatform) as exc:
        return _fail(str(exc), EXIT_CONFIG)
    except (ConnectionProblem, SandboxUnavailable) as exc:
        return _fail(str(exc), EXIT_CONNECTION)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if debugging(env):
            raise
        print_crash(exc, "the command line, before or after the screen")
        return 1
