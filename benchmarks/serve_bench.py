"""`serve ssh` under load: 1, 10 and 25 agents at once, each searching and paging over SSH.

Run: python benchmarks/serve_bench.py [--sessions 1,10,25] [--rounds 3]
Needs the test extras (pyte renders each session's screen). Prints one row per load: how long
sessions took to show the list, memory per session (RSS and PSS of its app process), p95 from
the keystroke to the results on the agent's screen for searches and for paging, and sessions
refused. Uses throwaway directories; the embedded sandbox serves the data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_HOME = Path(tempfile.mkdtemp(prefix="serve-bench-"))
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_HOME / _var.lower())
os.environ["CUSTOMER_TUI_CONFIG"] = str(_HOME / "config.toml")
os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")

import asyncssh  # noqa: E402

from tests.serve.ssh_support import Terminal  # noqa: E402
from tui.config.connection import Connection  # noqa: E402
from tui.connect.backends import open_service  # noqa: E402
from tui.serve.agents import add_agent  # noqa: E402
from tui.serve.ssh import AppServer, Limits, load_host_key  # noqa: E402

WAIT = 180.0
SEARCHES = [("schmidt", "Lena Schmidt"), ("hoffmann", "Lukas Hoffmann"), ("harris", "David Harris")]
CLEAR = "\x15"  # Ctrl+U: the search box empties
DOWN, PAGE_DOWN, HOME = "\x1b[B", "\x1b[6~", "\x1b[H"


def _kib(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_mib(pid: int) -> tuple[float, float]:
    """RSS and PSS (shared pages split between the processes sharing them) of one process."""
    rss = _kib(f"/proc/{pid}/status", "VmRSS:")
    pss = _kib(f"/proc/{pid}/smaps_rollup", "Pss:")
    return rss / 1024, pss / 1024


def top_row(term: Terminal) -> str:
    """The customer number in the list's first row (the fifth line of the screen)."""
    line = term.screen.display[4].split()
    return line[0] if line else ""


async def page_down(term: Terminal) -> float:
    """One Page Down, timed until the list shows other rows (fetching the next page if due)."""
    before = top_row(term)
    start = time.perf_counter()
    term.send(PAGE_DOWN)
    async with asyncio.timeout(WAIT):
        while top_row(term) == before:
            term._changed.clear()
            if term.closed.is_set():
                raise RuntimeError("session ended")
            await term._changed.wait()
    return time.perf_counter() - start


async def one_agent(term: Terminal, rounds: int) -> tuple[list[float], list[float]]:
    searches: list[float] = []
    pages: list[float] = []
    for _ in range(rounds):
        for word, expect in SEARCHES:
            # Ctrl+U and the word in one packet lose the word (the app's input, not serve's:
            # the same happens in a local terminal), so the box is emptied first, then typed.
            if "Search: name" not in term.text:
                term.send(CLEAR)
            await term.wait_for("Search: name", "John Smith", within=WAIT)
            start = time.perf_counter()
            term.send(word)
            await term.wait_for(expect, within=WAIT)
            searches.append(time.perf_counter() - start)
        term.send(CLEAR)
        await term.wait_for("Search: name", "John Smith", within=WAIT)
        term.send(DOWN)
        await term.wait_for("h Hold", within=WAIT)
        for _ in range(6):  # past row 60: the second page is fetched on the way
            pages.append(await page_down(term))
        term.send(HOME)  # back to the top of the list, then to the search box
        await term.wait_for("John Smith", within=WAIT)
        term.send("/")
    return searches, pages


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20)[18]


async def run_load(
    server: AppServer, port: int, keys: list[asyncssh.SSHKey], n: int, rounds: int
) -> dict[str, float]:
    refused_before = server.counters.refused
    begin = time.perf_counter()

    async def start(key: asyncssh.SSHKey) -> tuple[Terminal | None, float]:
        try:
            term = await Terminal.open(port, key)
            await term.wait_for("John Smith", within=WAIT)
        except (OSError, asyncssh.Error, AssertionError):
            return None, 0.0
        return term, time.perf_counter() - begin

    started = await asyncio.gather(*(start(k) for k in keys[:n]))
    terms = [t for t, _ in started if t is not None]
    ready = [s for t, s in started if t is not None]
    memory = [memory_mib(s.app.pid) for s in server.sessions if s.app is not None and s.app.pid]
    results = await asyncio.gather(*(one_agent(t, rounds) for t in terms))
    searches = [x for s, _ in results for x in s]
    pages = [x for _, p in results for x in p]
    await asyncio.gather(*(t.close() for t in terms))
    await asyncio.wait_for(server.wait_all_ended(), WAIT)
    return {
        "sessions": n,
        "ready_max": max(ready) if ready else float("nan"),
        "rss": statistics.mean(m[0] for m in memory) if memory else float("nan"),
        "pss": statistics.mean(m[1] for m in memory) if memory else float("nan"),
        "search_p95": p95(searches) * 1000,
        "page_p95": p95(pages) * 1000,
        "samples": len(searches) + len(pages),
        "refused": n - len(terms) + (server.counters.refused - refused_before),
        "server_rss": memory_mib(os.getpid())[0],
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10,25")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    loads = [int(x) for x in args.sessions.split(",")]
    await open_service(Connection.sandbox_default()).aclose()
    agents = _HOME / "agents.toml"
    keys = []
    for i in range(max(loads)):
        key = asyncssh.generate_private_key("ssh-ed25519")
        add_agent(agents, f"agent{i:02d}", key_text=key.export_public_key().decode())
        keys.append(key)
    server = AppServer(agents_path=agents, host_key=load_host_key(_HOME / "hk"), limits=Limits())
    port = await server.start("127.0.0.1", 0)
    print(f"serve ssh on a {os.cpu_count()}-core machine; limits {server.limits}")
    header = (
        f"{'sessions':>8} {'all ready s':>11} {'RSS/sess MiB':>12} {'PSS/sess MiB':>12} "
        f"{'search p95 ms':>13} {'page p95 ms':>11} {'samples':>7} {'refused':>7} {'server MiB':>10}"
    )
    print(header)
    try:
        for n in loads:
            r = await run_load(server, port, keys, n, args.rounds)
            print(
                f"{r['sessions']:>8} {r['ready_max']:>11.1f} {r['rss']:>12.0f} {r['pss']:>12.0f} "
                f"{r['search_p95']:>13.0f} {r['page_p95']:>11.0f} {r['samples']:>7} "
                f"{r['refused']:>7} {r['server_rss']:>10.0f}",
                flush=True,
            )
    finally:
        await server.close()


if __name__ == "__main__":
    asyncio.run(main())
