"""Client speed against the sandbox with injected latency: concurrent paging and smart search.

Run: .venv/bin/python benchmarks/client_bench.py [--latency-ms 50] [--rounds 5]
Prints a table with each ratio, its target and PASS/FAIL; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.emporix.client import CustomerService  # noqa: E402
from tui.emporix.query import plan_search  # noqa: E402
from tui.sandbox import DEMO_SECRET, TENANT  # noqa: E402

PAGES, PAGE_SIZE, CONCURRENCY = 10, 60, 10
SEARCH_TEXT = "smith"


_CHILD = """
import socket, sys, uvicorn
from tui.sandbox import SandboxConfig, create_app

class Server(uvicorn.Server):
    async def startup(self, sockets=None):
        await super().startup(sockets=sockets)
        print("ready", flush=True)

    def install_signal_handlers(self):
        pass

customers, latency, fd = (int(a) for a in sys.argv[1:4])
app = create_app(SandboxConfig(customers=customers, latency_ms=latency))
Server(uvicorn.Config(app, log_level="warning")).run(sockets=[socket.socket(fileno=fd)])
"""


@contextmanager
def serve(customers: int, latency_ms: int) -> Iterator[str]:
    """The sandbox in its own process on an ephemeral loopback port, as a real server would be.

    A separate process keeps the server's work from competing with the client's for one GIL.
    Start-up is awaited by reading the child's "ready" line, not by sleeping.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(customers), str(latency_ms), str(sock.fileno())],
        pass_fds=[sock.fileno()],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            raise SystemExit("sandbox did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        child.terminate()
        child.wait(15)
        sock.close()


async def timed_together(fns: list[Callable[[], Awaitable[Any]]], rounds: int) -> list[float]:
    """Median seconds of each function over `rounds` rounds, after one warm-up of each.

    The functions take turns within every round, so a machine that gets busier or quieter
    during the run affects all of them alike and the ratios stay fair.
    """
    for fn in fns:
        await fn()
    samples: list[list[float]] = [[] for _ in fns]
    for _ in range(rounds):
        for fn, own in zip(fns, samples, strict=True):
            start = time.perf_counter()
            await fn()
            own.append(time.perf_counter() - start)
    return [statistics.median(own) for own in samples]


async def measure(url: str, rounds: int) -> list[tuple[str, str, str, bool]]:
    async with CustomerService(url, TENANT, "demo-agent", DEMO_SECRET) as svc:
        await svc.authenticate()

        async def sequential() -> None:
            for number in range(1, PAGES + 1):
                await svc.list_customers(page_number=number, page_size=PAGE_SIZE)

        async def concurrent() -> None:
            pages = await svc.fetch_pages(count=PAGES, page_size=PAGE_SIZE, concurrency=CONCURRENCY)
            assert sum(len(p.items) for p in pages) == PAGES * PAGE_SIZE

        seq, conc = await timed_together([sequential, concurrent], rounds)

        queries = [q for q in plan_search(SEARCH_TEXT).queries if q]

        def single(q: str) -> Callable[[], Awaitable[Any]]:
            async def run() -> None:
                await svc.search_customers(q, page_size=PAGE_SIZE)

            return run

        async def smart() -> None:
            await svc.find(SEARCH_TEXT, page_size=PAGE_SIZE).next_page()

        *singles, smart_time = await timed_together([*map(single, queries), smart], rounds)

    paging_ratio = seq / conc
    search_ratio = smart_time / max(singles)
    return [
        (
            f"{PAGES} pages of {PAGE_SIZE}: sequential {seq * 1000:.0f} ms / "
            f"concurrent (max {CONCURRENCY}) {conc * 1000:.0f} ms",
            f"{paging_ratio:.2f}x",
            ">= 4.00x",
            paging_ratio >= 4.0,
        ),
        (
            f"smart search '{SEARCH_TEXT}' ({len(queries)} queries) {smart_time * 1000:.0f} ms / "
            f"slowest single {max(singles) * 1000:.0f} ms",
            f"{search_ratio:.2f}x",
            "<= 1.30x",
            search_ratio <= 1.3,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--customers", type=int, default=2000)
    args = parser.parse_args(argv)
    with serve(args.customers, args.latency_ms) as url:
        rows = asyncio.run(measure(url, args.rounds))
    width = max(len(r[0]) for r in rows)
    print(
        f"Client benchmark: sandbox process over loopback, {args.customers} customers, "
        f"{args.latency_ms} ms latency, median of {args.rounds}; "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())} (1/5/15 min) "
        f"on {os.cpu_count()} CPUs (a busy machine lowers both ratios)"
    )
    print(f"{'measurement':<{width}}  {'ratio':>7}  {'target':>8}  result")
    for what, value, target, ok in rows:
        print(f"{what:<{width}}  {value:>7}  {target:>8}  {'PASS' if ok else 'FAIL'}")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
