"""Two revisions of the app side by side in one run: start-up and keystroke to results, from outside.

Run: python benchmarks/revisions_bench.py [--before 49c34f3] [--after WORKTREE] [--starts 7]
     [--customers 100000] [--queries 8]

Why from outside: the in-process benchmarks (ui_bench.py) import the app's modules, and a
restructuring (issue 12) moves them, so the same script cannot drive both revisions. Here each
revision is exported with `git archive` into a temporary directory and started as an agent would
start it, `python -m tui --api-url URL --tenant T` on a pseudo-terminal of 120x40, against one
sandbox (this tree's, in its own process over loopback, started as ui_keys.py starts it) that
both share. Starts and queries
alternate between the revisions, so a busy machine slows both alike, and the ratio is what counts.

- start-up: from running the command until the first results (" of N ") are on the terminal;
- keystroke: the agent types a customer number at about 8 keys a second; from the last key until
  the results line stops changing (what the agent waits for; 1 s of calm ends the wait and is
  not counted). The last digit always changes the results, in both revisions.

Prints a table with the ratio after/before and exits 1 when the after side is more than 10 %
slower on a median (the bar issue 12 set: no slower).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tarfile
import tempfile
import termios
import time
from io import BytesIO
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ["PYTHONPATH"] = str(ROOT)  # the sandbox process runs this tree's sandbox

from bench_support import p95, sandbox_process  # noqa: E402

SIZE = (120, 40)
TENANT, CLIENT_ID, SECRET = "demo", "demo-agent", "demo-secret"
# Customer numbers: in both revisions the whole number finds one customer and the number without
# its last digit finds another answer (ten customers, or none where prefixes were not searched),
# so the last key always changes the results line and the wait for it can be seen. A name's last
# letter often changes nothing (garci and garcia find the same), and a search that starts while
# typing would then show the right results before the last key: no wait to measure.
QUERIES = [
    "10000012", "10000234", "10003456", "10012345", "10045678", "10067890", "10088888", "10099999",
]  # fmt: skip
KEY_GAP = 0.125
CALM = 1.0
RESULTS = re.compile(r" of [\d,]+")


def export(revision: str, into: Path) -> Path:
    """The tree of `revision` (or this working tree for "WORKTREE") in a directory of its own."""
    if revision == "WORKTREE":
        return ROOT
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "tui"],
        check=True,
        capture_output=True,
    ).stdout
    target = into / revision.replace("/", "_")
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


class Terminal:
    """One run of a revision's app on a pseudo-terminal, its screen kept by pyte."""

    def __init__(self, code: Path, url: str, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        self.master, slave = pty.openpty()
        columns, lines = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(
            PYTHONPATH=str(code), EMPORIX_CLIENT_ID=CLIENT_ID, EMPORIX_CLIENT_SECRET=SECRET,
            XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data",
            XDG_STATE_HOME=f"{home}/state", XDG_CACHE_HOME=f"{home}/cache",
            CUSTOMER_TUI_CONFIG=f"{home}/none.toml", TERM="xterm-256color",
            TEXTUAL_ANIMATIONS="none",
        )  # fmt: skip
        self.started = time.perf_counter()
        argv = [sys.executable, "-m", "tui", "--api-url", url, "--tenant", TENANT]
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            cwd=home,
        )  # fmt: skip
        os.close(slave)

    def read(self, timeout: float) -> bool:
        """Feed what the app wrote within `timeout` to the screen; False when nothing came."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            self.stream.feed(os.read(self.master, 1 << 16))
        except OSError as error:  # the app ended and closed its terminal
            raise SystemExit(f"the app ended early: {error}") from error
        return True

    def results_line(self) -> str:
        return next((line for line in self.screen.display if RESULTS.search(line)), "")

    def wait_for_results(self, limit: float = 60.0) -> float:
        """Seconds from the start until a results line is on the screen."""
        while time.perf_counter() - self.started < limit:
            self.read(0.05)
            if self.results_line():
                return time.perf_counter() - self.started
        raise SystemExit("no results appeared on the terminal:\n" + "\n".join(self.screen.display))

    def type(self, keys: bytes) -> float:
        """Type `keys` at KEY_GAP apart; the moment of the last one."""
        last = time.perf_counter()
        for i, key in enumerate(keys):
            if i:
                deadline = last + KEY_GAP
                while (left := deadline - time.perf_counter()) > 0:
                    self.read(left)
            os.write(self.master, bytes([key]))
            last = time.perf_counter()
        return last

    def settle(self, since: float, limit: float = 30.0) -> float:
        """Seconds from `since` until the results line last changed (after CALM without change)."""
        line, changed = self.results_line(), since
        while time.perf_counter() - since < limit:
            if not self.read(0.02) and time.perf_counter() - changed > CALM:
                break
            now_line = self.results_line()
            if now_line != line:
                line, changed = now_line, time.perf_counter()
        return changed - since

    def close(self) -> None:
        try:
            os.write(self.master, b"\x11")  # ctrl+q
            self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def start_up(code: Path, url: str, home: Path) -> float:
    terminal = Terminal(code, url, home)
    try:
        return terminal.wait_for_results()
    finally:
        terminal.close()


def keystrokes(code: Path, url: str, home: Path, queries: list[str]) -> list[float]:
    """Each query typed into a fresh search box; from its last key to results settled."""
    terminal = Terminal(code, url, home)
    try:
        terminal.wait_for_results()
        terminal.settle(time.perf_counter())
        waits = []
        for query in queries:
            terminal.type(b"/")
            terminal.type(b"\x15")  # ctrl+u: an empty box, as each query starts afresh
            terminal.settle(time.perf_counter())
            last = terminal.type(query.encode())
            waits.append(terminal.settle(last))
        return waits
    finally:
        terminal.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--before", default="49c34f3", help="the revision before (issue 12's start)"
    )
    parser.add_argument("--after", default="WORKTREE", help="a revision, or WORKTREE (this tree)")
    parser.add_argument("--starts", type=int, default=7, help="start-ups of each (median)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=len(QUERIES))
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="revisions-bench-"))
    try:
        sides = {
            name: export(rev, scratch)
            for name, rev in (("before", args.before), ("after", args.after))
        }
        starts: dict[str, list[float]] = {name: [] for name in sides}
        waits: dict[str, list[float]] = {name: [] for name in sides}
        with sandbox_process(args.customers) as url:
            for name, code in sides.items():  # warm each side's bytecode caches; not counted
                start_up(code, url, scratch / f"home-{name}")
            for _ in range(args.starts):
                for name, code in sides.items():
                    starts[name].append(start_up(code, url, scratch / f"home-{name}"))
            for query in QUERIES[: args.queries]:
                for name, code in sides.items():
                    waits[name] += keystrokes(code, url, scratch / f"home-{name}", [query])
        return print_table(args, starts, waits)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def print_table(
    args: argparse.Namespace, starts: dict[str, list[float]], waits: dict[str, list[float]]
) -> int:
    rows = [
        ("start-up to first results, median", statistics.median(starts["before"]), statistics.median(starts["after"])),
        ("keystroke to results settled, median", statistics.median(waits["before"]), statistics.median(waits["after"])),
        ("keystroke to results settled, p95", p95(waits["before"]), p95(waits["after"])),
    ]  # fmt: skip
    print(
        f"before = {args.before}, after = {args.after}, {args.customers:,} customers, {SIZE[0]}x{SIZE[1]}"
    )
    print(f"{'what':<40} {'before':>9} {'after':>9} {'after/before':>13}  verdict")
    failed = False
    for what, before, after in rows:
        ratio = after / before
        ok = ratio <= 1.10 or "p95" in what  # the bar is on medians; p95 is shown for context
        failed |= not ok
        verdict = (
            "no slower"
            if ratio <= 1.10
            else ("SLOWER" if "p95" not in what else "slower (context)")
        )
        print(
            f"{what:<40} {before * 1000:>7.0f}ms {after * 1000:>7.0f}ms {ratio:>12.2f}x  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
