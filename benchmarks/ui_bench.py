"""UI benchmarks: start-up, keystroke to results, opening, tabs, event-loop stalls, memory; prints a table.

Run: python benchmarks/ui_bench.py [--customers 100000] [--starts 7] [--rounds 2]
(the rows after start-up are benchmarks/ui_keys.py's, which also runs on its own). The sandbox
runs in its own process (uvicorn on a loopback port), so the memory and the event loop measured
here are the UI's own. A 100,000-customer data file is seeded once (about half a minute) and kept
in the user cache directory.

Start-up is what the agent waits for: from running the command in a terminal (a pseudo-terminal
here, 120x40) until the first results are on it, against a bare Textual app started the same way
until its label is. Both include Python's start and every import. (Linux and macOS only.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ui_keys
from bench_support import SIZE, print_table, sandbox_process

from tui.emporix.client import CustomerService
from tui.emporix.logs import configure_logging
from tui.sandbox import DEMO_SECRET, TENANT

BARE_APP = """\
from textual.app import App
from textual.widgets import Label

class OneLabel(App):
    def compose(self):
        yield Label("hello from a bare app")

OneLabel().run()
"""

FLOOR_APP = (
    # Without httpx's own CLI, as customer-tui imports it (see tui/__init__.py).
    'import sys\nsys.modules["httpx._main"] = None\nimport httpx\nfrom pydantic import BaseModel\n\n'
    "class Row(BaseModel):\n    name: str = ''\n\n" + BARE_APP
)
"""The bare app after importing the HTTP and model libraries customer-tui is built on (httpx,
pydantic): the least any app on them waits, shown for context."""


class Terminal:
    """Runs commands on a pseudo-terminal of SIZE and times them until a text is on the screen.

    Each run gets empty config, data and state directories (no config file, no recent list), and
    Python may keep its bytecode caches as an installed package would (the first run of each
    command warms them and is not counted).
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.home = tempfile.mkdtemp(prefix="ui-bench-")
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update(
            XDG_CONFIG_HOME=f"{self.home}/config", XDG_DATA_HOME=f"{self.home}/data",
            XDG_STATE_HOME=f"{self.home}/state", XDG_CACHE_HOME=f"{self.home}/cache",
            TERM="xterm-256color", COLORTERM="truecolor", **env,
        )  # fmt: skip
        self.env.pop("CUSTOMER_TUI_CONFIG", None)

    def close(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)

    def time_until(self, argv: list[str], text: str, limit: float = 30.0) -> float:
        """Seconds from starting `argv` until `text` is written to the terminal; then ctrl+q."""
        import fcntl
        import pty
        import struct
        import termios

        master, slave = pty.openpty()
        columns, lines = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=self.env, start_new_session=True
        )
        os.close(slave)
        wanted, seen, found = text.encode(), b"", None
        try:
            while time.perf_counter() - started < limit:
                ready, _, _ = select.select([master], [], [], 0.5)
                if not ready:
                    continue
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # the command ended and closed the terminal
                    break
                seen = seen[-len(wanted) :] + chunk
                if wanted in seen:
                    found = time.perf_counter() - started
                    os.write(master, b"\x11")  # ctrl+q
                    break
        finally:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(master)
        if found is None:
            raise SystemExit(f"{argv[0]}: {text!r} never appeared on the terminal")
        return found


async def first_query(url: str) -> float:
    async with CustomerService(url, TENANT, "demo-agent", DEMO_SECRET) as service:
        started = time.perf_counter()
        await service.find("").next_page()
        return time.perf_counter() - started


def start_commands(url: str, customers: int) -> tuple[list[str], str, list[str], str]:
    """(bare app command, its text; customer-tui on the sandbox at `url`, its first results)."""
    script = shutil.which("customer-tui", path=os.path.dirname(sys.executable))
    ours = [script] if script else [sys.executable, "-m", "tui"]
    return (
        [sys.executable, "-c", BARE_APP], "hello from a bare app",
        [*ours, "--api-url", url, "--tenant", TENANT], f" of {customers:,} ",
    )  # fmt: skip


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=7, help="start-ups measured (median)")
    ui_keys.add_arguments(parser)
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

    # As the command does: every request and response goes to the debug log (redacted).
    logs = tempfile.TemporaryDirectory(prefix="ui-bench-logs-")
    configure_logging(Path(logs.name) / "customer-tui.log")
    with sandbox_process(args.customers) as url, logs:
        bare_cmd, bare_text, our_cmd, our_text = start_commands(url, args.customers)
        terminal = Terminal(
            {"EMPORIX_CLIENT_ID": "demo-agent", "EMPORIX_CLIENT_SECRET": DEMO_SECRET}
        )
        try:
            terminal.time_until(bare_cmd, bare_text)  # warm-up: bytecode and file caches
            terminal.time_until(our_cmd, our_text)
            # Taken in turns, so that a busy moment of the machine slows both sides alike.
            floor_cmd = [sys.executable, "-c", FLOOR_APP]
            bare, floors, queries, starts = [], [], [], []
            for _ in range(args.starts):
                bare.append(terminal.time_until(bare_cmd, bare_text))
                floors.append(terminal.time_until(floor_cmd, bare_text))
                queries.append(await first_query(url))
                starts.append(terminal.time_until(our_cmd, our_text))
        finally:
            terminal.close()
        baseline, floor, query, ours = map(statistics.median, (bare, floors, queries, starts))
        # Working in the app: keystroke, open, tabs, stalls, memory (benchmarks/ui_keys.py).
        working = await ui_keys.measure(url, args.customers, args)

    start_target = 1.5 * baseline + query
    rows = [
        (f"Command to first results on the terminal (bare Textual app {baseline * 1000:.0f} ms, "
         f"first query {query * 1000:.0f} ms)", f"{ours * 1000:.0f} ms",
         f"≤ {start_target * 1000:.0f} ms", ours <= start_target),
        ("  for context: the bare app after importing httpx and pydantic, and one model",
         f"{floor * 1000:.0f} ms", "", None),
        *working,
    ]  # fmt: skip
    return print_table(rows)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
