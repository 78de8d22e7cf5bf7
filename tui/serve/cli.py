"""`customer-tui serve ssh|web|add-agent`: serve the app to a team from this host."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tui.config.connection import PLATFORMS
from tui.config.errors import ConfigError
from tui.config.profiles import config_path, load_settings
from tui.serve.agents import add_agent, agents_path, load_agents
from tui.serve.lifetime import until_stopped

PROG = "customer-tui serve"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--agents", metavar="PATH", type=Path, help="the agents file (default: beside the config)"
    )
    parser.add_argument("--config", metavar="PATH", type=Path, help="the config file (profiles)")


def _platform(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--platform",
        choices=PLATFORMS,
        help="with no profile configured: which side of the embedded sandbox to serve "
        "(default emporix); configured profiles keep their own platform",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Serve the app to a team from this host: the profiles and their secrets stay "
        "here; agents connect with ssh or a browser and every change is journalled under their "
        "name from the agents file.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{ssh,web,add-agent}")

    ssh = sub.add_parser("ssh", help="serve the app over SSH (public keys from the agents file)")
    ssh.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ssh.add_argument("--port", type=int, default=2222, help="port (default 2222; 0 picks one)")
    ssh.add_argument(
        "--host-key", metavar="PATH", type=Path, help="the host key (made on first start)"
    )
    ssh.add_argument("--max-sessions", type=int, default=25, help="sessions at once (default 25)")
    ssh.add_argument(
        "--max-per-agent", type=int, default=3, help="sessions per agent at once (default 3)"
    )
    ssh.add_argument(
        "--idle-timeout",
        type=float,
        default=30,
        metavar="MINUTES",
        help="end a session after this long without a key press (default 30)",
    )
    _common(ssh)
    _platform(ssh)

    web = sub.add_parser("web", help="serve the app in a browser (textual-serve), one per tab")
    web.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    web.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks one)")
    web.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when behind a proxy (e.g. https://support.example.com)",
    )
    web.add_argument(
        "--max-sessions", type=int, default=25, help="tabs at once over all agents (default 25)"
    )
    _common(web)
    _platform(web)

    add = sub.add_parser("add-agent", help="allow an agent (add or update their entry)")
    add.add_argument("name", help="the agent's name, as the journal will record it")
    add.add_argument("--key", metavar="PUBLIC_KEY_FILE", type=Path, help="their SSH public key")
    add.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="P",
        help="a profile they may open (repeat; default: the default profile only)",
    )
    add.add_argument("--read-only", action="store_true", default=None, help="never change anything")
    add.add_argument(
        "--require-ticket", action="store_true", default=None, help="changes need a ticket"
    )
    add.add_argument("--lead", action="store_true", help="team lead: sees every agent's changes")
    add.add_argument(
        "--web-token",
        action="store_true",
        help="make a browser access token for them (printed once)",
    )
    _common(add)
    return parser


def _agents_file(args: argparse.Namespace, env: Mapping[str, str]) -> Path:
    if args.agents is not None:
        return Path(args.agents).expanduser()
    if args.config is not None:
        return Path(args.config).expanduser().parent / "agents.toml"
    return agents_path(env)


def add_agent_command(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    path = _agents_file(args, env)
    if args.key is None and not args.web_token:
        print(
            f"{PROG} add-agent: give --key PUBLIC_KEY_FILE, --web-token, or both.", file=sys.stderr
        )
        return 2
    key_text = None
    if args.key is not None:
        try:
            key_text = Path(args.key).expanduser().read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"Cannot read {args.key}: {exc.strerror or exc}.") from None
        if "PRIVATE KEY" in key_text:
            raise ConfigError(
                f"{args.key} is a private key: give the public one ({args.key}.pub). "
                "The private key never leaves the agent's machine."
            )
    token = add_agent(
        path,
        args.name,
        key_text=key_text,
        profiles=args.profile,
        read_only=args.read_only,
        require_ticket=args.require_ticket,
        role="lead" if args.lead else None,
        web_token=args.web_token,
    )
    agent = load_agents(path).agents[args.name]
    print(f"Agent {agent.name} in {path}: {len(agent.keys)} key(s), role {agent.role}", end="")
    print(f", profiles {', '.join(agent.profiles) or '(the default)'}", end="")
    print(", read-only" if agent.read_only else "", end="")
    print(", ticket required" if agent.require_ticket else "")
    if token:
        print(f"Web token (shown once, keep it like a password): {token}")
        print("Give the agent the URL  http://HOST:PORT/?token=" + token)
    return 0


def _serving_what(config: Path | None, env: Mapping[str, str], platform: str | None) -> str:
    """What the sessions open, in one line; makes the sandbox's data before the first session,
    so that a classroom connecting at once does not make it twenty times over."""
    settings = load_settings(config, env)
    if not settings.profiles:
        from tui.config.connection import Connection
        from tui.connect.backends import open_backend

        side = platform or "emporix"
        asyncio.run(open_backend(Connection.sandbox_default(platform=side)).close())
        what = "its Kibo side, " if side == "kibo" else ""
        return f"no profile configured: serving the embedded sandbox ({what}demo data)"
    ignored = f" (--platform {platform} ignored: each profile has its own)" if platform else ""
    return f"profiles from {settings.path}: {', '.join(sorted(settings.profiles))}{ignored}"


def ssh_command(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from tui.serve.ssh import HOST_KEY_FILE, AppServer, Limits, load_host_key

    agents = _agents_file(args, env)
    key_path = args.host_key or (
        (args.config.parent if args.config else config_path(env).parent) / HOST_KEY_FILE
    )
    server = AppServer(
        agents_path=agents,
        host_key=load_host_key(Path(key_path).expanduser()),
        limits=Limits(args.max_sessions, args.max_per_agent, args.idle_timeout * 60),
        config_path=args.config,
        platform=args.platform,
    )

    what = _serving_what(args.config, env, args.platform)

    async def serve() -> None:
        port = await server.start(args.host, args.port)
        count = len(load_agents(agents).agents)
        print(f"customer-tui serve ssh: listening on {args.host}:{port}", flush=True)
        print(f"Host key {key_path}, fingerprint {server.fingerprint}")
        print(f"Agents file {agents}: {count} agent(s)")
        if not count:
            print("  nobody can sign in yet: customer-tui serve add-agent NAME --key THEIR_KEY.pub")
        print(what)
        print(f"Agents connect with:  ssh -p {port} {args.host}   (Ctrl+C here stops)", flush=True)
        try:
            await until_stopped()
        finally:
            await server.close()

    asyncio.run(serve())
    return 0


def web_command(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from tui.serve.web import WebServer

    server = WebServer(
        agents_path=_agents_file(args, env),
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        config_path=args.config,
        max_sessions=args.max_sessions,
        platform=args.platform,
    )
    return server.run(banner=_serving_what(args.config, env, args.platform))


def main(argv: Sequence[str], env: Mapping[str, str]) -> int:
    args = build_parser().parse_args(list(argv))
    if args.command == "add-agent":
        return add_agent_command(args, env)
    try:
        if args.command == "ssh":
            return ssh_command(args, env)
        return web_command(args, env)
    except OSError as exc:  # the port is taken, or the address is not this host's
        where = f"{args.host}:{args.port}"
        print(
            f"{PROG} {args.command}: cannot listen on {where}: {exc.strerror or exc}.",
            file=sys.stderr,
        )
        return 3
