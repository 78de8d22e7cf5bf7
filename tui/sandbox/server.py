"""`customer-tui sandbox`: serve the sandbox over HTTP with uvicorn."""

from __future__ import annotations

import argparse
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from .app import create_app
from .config import DEMO_CLIENTS, DEMO_SECRET, TENANT, SandboxConfig, default_db_path
from .kibo import banner as kibo_banner
from .limits import DEFAULT_BUDGET_S


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="customer-tui sandbox",
        description="Run the local sandbox over HTTP: Emporix (Customer Service + OAuth), and Kibo "
        "B2B accounts under /kibo/api.",
    )
    p.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)"
    )
    p.add_argument(
        "--port", type=int, default=8780, help="port; 0 picks a free one (default: %(default)s)"
    )
    p.add_argument(
        "--customers", type=int, default=2000, help="customers to seed a new data file with"
    )
    p.add_argument(
        "--kibo-users",
        type=int,
        default=None,
        help="Kibo users to seed a new data file with, accounts in proportion "
        "(default: 300 accounts, about 3,300 users)",
    )
    p.add_argument("--seed", type=int, default=7, help="seed of the demo data generator")
    p.add_argument(
        "--data", type=Path, default=None, help="SQLite data file (default: user data dir)"
    )
    p.add_argument(
        "--memory", action="store_true", help="throwaway data, gone when the sandbox stops"
    )
    p.add_argument("--reset", action="store_true", help="discard the data file's edits and reseed")
    p.add_argument("--token-ttl", type=int, default=3600, help="token lifetime in seconds")
    p.add_argument("--latency-ms", type=int, default=0, help="added latency per request")
    p.add_argument("--jitter-ms", type=int, default=0, help="random extra latency, up to this")
    p.add_argument("--error-rate", type=float, default=0.0, help="share of 500/503 answers (0..1)")
    p.add_argument("--rate-limit-rate", type=float, default=0.0, help="share of 429 answers (0..1)")
    p.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds on a 429")
    p.add_argument(
        "--drop-rate", type=float, default=0.0, help="share of dropped connections (0..1)"
    )
    p.add_argument(
        "--time-budget",
        type=float,
        default=DEFAULT_BUDGET_S,
        help="seconds a request may run before it is stopped with a 400 (default: %(default)s)",
    )
    return p


def _banner(url: str, config: SandboxConfig, count: int) -> str:
    where = str(config.db_path) if config.db_path else "throwaway, gone when the sandbox stops"
    clients = ", ".join(DEMO_CLIENTS)
    return (
        f"Emporix sandbox ready at {url}\n"
        f"  tenant:   {TENANT}\n"
        f"  clients:  {clients} (secret: {DEMO_SECRET})\n"
        f"  data:     {where} ({count} customers)\n"
        f"  token:    curl -s {url}/oauth/token -d grant_type=client_credentials "
        f"-d client_id=demo-agent -d client_secret={DEMO_SECRET}\n"
        f"  list:     curl -s -H 'Authorization: Bearer <token>' "
        f"'{url}/customer/{TENANT}/customers?pageSize=5'\n"
        f"{kibo_banner(url)}\n"
        "Press Ctrl+C to stop."
    )


class _AnnouncingServer(uvicorn.Server):
    """Prints the banner once the socket is bound, so scripts can wait on that line."""

    def __init__(self, config: uvicorn.Config, sandbox: SandboxConfig, count: int) -> None:
        super().__init__(config)
        self.sandbox = sandbox
        self.count = count

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.should_exit or not self.servers:
            return
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(_banner(f"http://{shown}:{port}", self.sandbox, self.count), flush=True)


def _abort_connection(server: uvicorn.Server, client: object) -> bool:
    """Reset the connection a request came in on: a dropped connection, no answer at all."""
    for connection in list(server.server_state.connections):
        if getattr(connection, "client", None) == client and connection.transport is not None:
            connection.transport.abort()
            return True
    return False


def _port_problem(host: str, port: int) -> str | None:
    """A readable reason why the server could not listen there, checked before seeding."""
    if port == 0:
        return None
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        return (
            f"Cannot listen on {host}:{port}: {exc.strerror or exc}. "
            "Pick another port with --port N, or --port 0 for a free one."
        )
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name in ("error_rate", "rate_limit_rate", "drop_rate"):
        if not 0.0 <= getattr(args, name) <= 1.0:
            print(f"--{name.replace('_', '-')} must be between 0 and 1", file=sys.stderr)
            return 2
    config = SandboxConfig(
        customers=args.customers,
        kibo_users=args.kibo_users,
        seed=args.seed,
        db_path=None if args.memory else (args.data or default_db_path()),
        reset=args.reset,
        token_ttl=args.token_ttl,
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        error_rate=args.error_rate,
        rate_limit_rate=args.rate_limit_rate,
        retry_after=args.retry_after,
        drop_rate=args.drop_rate,
        time_budget=args.time_budget,
    )
    if args.time_budget <= 0:
        print("--time-budget must be more than 0 seconds", file=sys.stderr)
        return 2
    problem = _port_problem(args.host, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    started = time.perf_counter()
    if config.reset or config.db_path is None or not config.db_path.exists():
        kibo = f" and {config.kibo_users:,} Kibo users" if config.kibo_users else ""
        print(f"Seeding {config.customers:,} demo customers{kibo}…", flush=True)
    try:
        app = create_app(config)
    except Exception as exc:  # a broken or locked data file: say so, no traceback
        print(f"Cannot open the sandbox data at {config.db_path}: {exc}", file=sys.stderr)
        return 1
    state = app.state.sandbox
    for path in state.store.tightened:
        print(f"Note: {path} was readable by other users; it is now private (0600).", flush=True)
    count = state.store.count()
    if count != config.customers and not config.reset and config.db_path is not None:
        print(
            f"Note: the data file holds {count:,} customers (with your edits); "
            f"--reset reseeds it with {config.customers:,}.",
            flush=True,
        )
    print(f"Sandbox data ready in {time.perf_counter() - started:.1f} s", flush=True)
    server = _AnnouncingServer(
        uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", lifespan="off"),
        config,
        count,
    )
    state.faults.drop_hook = lambda client: _abort_connection(server, client)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    except SystemExit:
        # uvicorn exits when it cannot bind (someone took the port since the check above).
        print(_port_problem(args.host, args.port) or "The sandbox server stopped.", file=sys.stderr)
        return 1
    finally:
        state.store.close()
    return 0 if server.started else 1


if __name__ == "__main__":
    raise SystemExit(main())
