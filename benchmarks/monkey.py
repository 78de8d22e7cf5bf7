"""The monkey on many seeds: random keys at 80x24 on a fresh sandbox per seed; prints a table.

Run: python benchmarks/monkey.py --seeds 50 [--keys 1000] [--faults both|on|off] [--first 1]
Each seed gets its own throwaway sandbox (300 customers) and its own temporary home, so the
agent's real journal and recent list are never touched. A seed fails when an exception escapes
(CUSTOMER_TUI_DEBUG=1 makes every one reach us), a key takes longer than 5 s, or a change is
journalled without a confirmation dialog before it. Exit status 1 when any seed failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


async def one_seed(seed: int, keys: int, faults: bool) -> tuple[str, str]:
    from tests.ui.conftest import sandbox_connection
    from tests.ui.monkey import run_seed
    from tui.connect.sandbox_host import ThreadedASGITransport
    from tui.core.journal import Journal
    from tui.emporix.client import CustomerService
    from tui.sandbox import DEMO_SECRET, TENANT, SandboxConfig, create_app
    from tui.ui.app import CustomerTuiApp

    with tempfile.TemporaryDirectory(prefix="monkey-") as home:
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[var] = str(Path(home) / var.lower())
        sandbox = create_app(SandboxConfig(customers=300))
        if faults:
            sandbox.state.sandbox.faults.error_rate = 0.1
            sandbox.state.sandbox.faults.drop_rate = 0.05
        service = CustomerService(
            "http://sandbox.local",
            TENANT,
            "demo-agent",
            DEMO_SECRET,
            transport=ThreadedASGITransport(sandbox),
        )
        try:
            run = await run_seed(
                lambda: CustomerTuiApp(sandbox_connection(), service=service),
                seed,
                keys,
                journal=Journal(),
            )
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            return "FAILED", f"{type(exc).__name__}: {exc} ({where.filename}:{where.lineno})"
        finally:
            await service.aclose()
    said = (
        f"slowest key {run.slowest * 1000:.0f} ms ({run.slowest_key}), {run.dialogs} dialogs, "
        f"{run.changes} changes, {run.restarts} restarts"
    )
    if run.problems:
        return "FAILED", "; ".join(run.problems[:3]) + f" — {said}"
    return "ok", said


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first", type=int, default=1, help="the first seed")
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--faults", choices=("both", "on", "off"), default="both")
    args = parser.parse_args(argv)
    os.environ["CUSTOMER_TUI_DEBUG"] = "1"
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    modes = {"both": (False, True), "on": (True,), "off": (False,)}[args.faults]
    failed = 0
    for seed in range(args.first, args.first + args.seeds):
        for faults in modes:
            started = time.perf_counter()
            verdict, said = await one_seed(seed, args.keys, faults)
            failed += verdict != "ok"
            took = time.perf_counter() - started
            print(
                f"seed {seed:>4} faults {'on ' if faults else 'off'} {verdict:<6} {took:5.1f} s  {said}"
            )
            sys.stdout.flush()
    print(f"\n{failed} failed" if failed else "\nevery seed passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
