"""What the UI benchmarks share: a sandbox in its own process, the app's connection to it, waiting, the table."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence

from tui import paths
from tui.config.connection import Connection
from tui.sandbox import DEMO_SECRET, TENANT

SIZE = (120, 40)

Row = tuple[str, str, str, bool | None]
"""(measurement, result, target, met); met is None for a row shown for context."""


@contextlib.contextmanager
def sandbox_process(customers: int, extra: Sequence[str] = ()) -> Iterator[str]:
    """Start `customer-tui sandbox` on a free loopback port; yield its URL. `extra`: more of its
    options (e.g. `--latency-ms 300`); several may share one data file."""
    data = paths.cache_dir() / f"bench-{customers}.sqlite3"
    data.parent.mkdir(parents=True, exist_ok=True)
    code = "import sys; from tui.sandbox.server import main; sys.exit(main(sys.argv[1:]))"
    args = ["--port", "0", "--customers", str(customers), "--data", str(data), *extra]
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            found = re.search(r"http://127\.0\.0\.1:\d+", line)
            if found:
                yield found.group(0)
                break
        else:
            raise SystemExit(f"the sandbox did not start (exit code {proc.wait()})")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def connection(url: str) -> Connection:
    return Connection(
        name="bench", platform="emporix", api_url=url, tenant=TENANT,
        client_id="demo-agent", client_secret=DEMO_SECRET, label="BENCH",
    )  # fmt: skip


async def wait_until(condition: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)


def p95(values: Sequence[float]) -> float:
    values = list(values)
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def print_table(rows: Sequence[Row]) -> int:
    width = max(len(r[0]) for r in rows)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (other processes slow every row)\n")
    print(f"{'Measurement':<{width}}  {'Result':>9}  {'Target':>10}  OK")
    print("-" * (width + 30))
    for name, result, target, ok in rows:
        verdict = "" if ok is None else "PASS" if ok else "FAIL"
        print(f"{name:<{width}}  {result:>9}  {target:>10}  {verdict}")
    return 0 if all(r[3] is not False for r in rows) else 1
