"""UI benchmarks: keystroke to results, opening, tabs, event-loop stalls, memory; prints a table.

Run: python benchmarks/ui_bench.py [--customers 100000] [--rounds 2]
(the rows are benchmarks/ui_keys.py's, which also runs on its own; start-up has its own script,
benchmarks/startup_bench.py, against the floor and on every connection). The sandbox runs in its
own process (uvicorn on a loopback port), so the memory and the event loop measured here are the
UI's own. A 100,000-customer data file is seeded once (about half a minute) and kept in the user
cache directory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ui_keys
from bench_support import print_table, sandbox_process

from tui.emporix.logs import configure_logging


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    ui_keys.add_arguments(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

    # As the command does: every request and response goes to the debug log (redacted).
    logs = tempfile.TemporaryDirectory(prefix="ui-bench-logs-")
    configure_logging(Path(logs.name) / "customer-tui.log")
    with sandbox_process(args.customers) as url, logs:
        # Working in the app: keystroke, open, tabs, stalls, memory (benchmarks/ui_keys.py).
        working = await ui_keys.measure(url, args.customers, args)
    return print_table(working)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
