"""Start-up benchmark: command to first results on a terminal, against the floor; prints a table.

Run: python benchmarks/startup_bench.py [--rounds 9] [--customers 100000] [--peer PATH]
     python benchmarks/startup_bench.py --timeline [--rounds 5]

Every row is timed from outside, as the agent waits: from running the command on a
pseudo-terminal (120x40) until its first results are written to it, Python's start and every
import included. The rounds take every command once, in turns (the order rotating), so a busy
moment of the machine slows every row alike; the table gives the medians.

- the bare Textual app (one label) and the floor: the same app after importing httpx and
  pydantic and validating one model, the least an app built on them waits. Targets are times the floor.
- customer-tui against the sandbox served over loopback (`customer-tui sandbox`, another
  process, 100,000 customers) and on the embedded sandbox, each on its Emporix side and on its
  Kibo side (a Kibo profile pointed at the served sandbox; `--platform kibo`).
- a Textual peer for context: Harlequin (DuckDB in memory) until its catalog shows. Install it
  apart, never as a dependency of ours: `python3 -m venv /tmp/peer && /tmp/peer/bin/pip install
  harlequin`, then pass `--peer /tmp/peer/bin/harlequin` or set STARTUP_BENCH_PEER.

`--timeline` runs customer-tui under benchmarks/startup_trace.py instead and prints, per
connection, the median moment of each step from the process's start to the first results
painted (imports, config, sign-in, first query, first frame). (Linux and macOS only.)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (120, 40)
TRACE = Path(__file__).with_name("startup_trace.py")
PEER_ENV = "STARTUP_BENCH_PEER"
CPU = "CPU time of this process until then"
"""The tracer's one entry that is not a moment."""

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
    "class Row(BaseModel):\n    name: str = ''\n\nRow.model_validate({'name': 'x'})\n" + BARE_APP
)

FIRST_RESULTS = re.compile(rb"\d of [\d,]+ ")
"""The count line over a list ("60 of 100,000 ·", "60 of 308 accounts"): written with the rows."""


@dataclass(frozen=True)
class Command:
    name: str
    argv: list[str]
    wanted: re.Pattern[bytes]
    target: float | None = None
    """At most this many times the floor; None: shown for context."""
    traced: list[str] | None = None
    """The arguments `--timeline` gives the tracer (customer-tui's, or `-c` and the floor's
    script); None: not traced."""
    env: dict[str, str] = field(default_factory=dict)
    """Variables of its own (the Emporix secret only where it connects to the served sandbox:
    elsewhere it would stand for a real tenant)."""


class Terminal:
    """Runs commands on a pseudo-terminal of SIZE and times them until a text is on the screen.

    All runs share one set of config, data and state directories, empty at first (no config file
    but the benchmark's Kibo profile, no recent list), and Python keeps its bytecode caches as an
    installed package would: the first run of each command warms them and is not counted.
    """

    def __init__(self) -> None:
        self.home = tempfile.mkdtemp(prefix="startup-bench-")
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env.update(
            HOME=self.home, XDG_CONFIG_HOME=f"{self.home}/config",
            XDG_DATA_HOME=f"{self.home}/data", XDG_STATE_HOME=f"{self.home}/state",
            XDG_CACHE_HOME=f"{self.home}/cache", TERM="xterm-256color", COLORTERM="truecolor",
            TEXTUAL_ANIMATIONS="none",
        )  # fmt: skip
        for name in ("CUSTOMER_TUI_CONFIG", "CUSTOMER_TUI_PROFILE", "NO_COLOR"):
            self.env.pop(name, None)
        self.last_cpu = 0.0
        """CPU seconds of the last run, from its start to its exit (user and system, threads
        and children included): unlike the wall time, hardly moved by the machine's other work."""

    def close(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)

    def time_until(
        self, argv: list[str], wanted: re.Pattern[bytes], env: dict[str, str] | None = None
    ) -> float:
        """Seconds from starting `argv` until `wanted` is written to the terminal; then ctrl+q."""
        import fcntl
        import pty
        import select
        import struct
        import termios

        master, slave = pty.openpty()
        columns, lines = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        run_env = {**self.env, **(env or {})}
        run_env["STARTUP_T0"] = repr(time.clock_gettime(time.CLOCK_MONOTONIC))
        cpu_before = _children_cpu()
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=run_env, start_new_session=True
        )
        os.close(slave)
        seen, found = b"", None
        try:
            while time.perf_counter() - started < 60:
                ready, _, _ = select.select([master], [], [], 0.5)
                if not ready:
                    continue
                try:
                    chunk = os.read(master, 1 << 16)
                except OSError:  # the command ended and closed the terminal
                    break
                seen = seen[-64:] + chunk
                if wanted.search(seen):
                    found = time.perf_counter() - started
                    os.write(master, b"\x11")  # ctrl+q
                    break
        finally:
            # As a terminal does, read on until the app has quit: an app whose writes fill the
            # pseudo-terminal's buffer would wait on it and never get to restore the terminal.
            until = time.perf_counter() + 10
            while proc.poll() is None and time.perf_counter() < until:
                if select.select([master], [], [], 0.05)[0]:
                    try:
                        os.read(master, 1 << 16)
                    except OSError:
                        break
            try:
                proc.wait(timeout=max(until - time.perf_counter(), 0.1))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(master)
        if found is None:
            tail = seen[-300:].decode(errors="replace")
            raise SystemExit(f"{argv}: {wanted.pattern!r} never appeared; last output: {tail!r}")
        self.last_cpu = _children_cpu() - cpu_before
        return found


def _children_cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def kibo_profile(home: str, url: str) -> Path:
    """A config file with one Kibo profile pointed at the served sandbox's Kibo side."""
    from tui.sandbox.kibo import CLIENT_ID, PREFIX, SECRET, SITE_ID, TENANT_ID

    path = Path(home) / "kibo-bench.toml"
    path.write_text(
        "[profiles.kibo-bench]\n"
        'platform = "kibo"\n'
        f'api_url = "{url}{PREFIX}"\n'
        f'tenant = "{TENANT_ID}"\nsite = "{SITE_ID}"\nclient_id = "{CLIENT_ID}"\n'
        f'client_secret = "{SECRET}"\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def commands(url: str, home: str, peer: str | None) -> list[Command]:
    from tui.sandbox import DEMO_SECRET, TENANT

    script = shutil.which("customer-tui", path=os.path.dirname(sys.executable))
    ours = [script] if script else [sys.executable, "-m", "tui"]
    label = re.compile(rb"hello from a bare app")

    def app(name: str, args: list[str], target: float, **env: str) -> Command:
        return Command(name, [*ours, *args], FIRST_RESULTS, target, args, env)

    emporix = {"EMPORIX_CLIENT_ID": "demo-agent", "EMPORIX_CLIENT_SECRET": DEMO_SECRET}

    kibo = ["--config", str(kibo_profile(home, url)), "--profile", "kibo-bench"]
    rows = [
        Command("bare Textual app, one label", [sys.executable, "-c", BARE_APP], label),
        Command(
            "the floor: the same after importing httpx and pydantic, one model",
            [sys.executable, "-c", FLOOR_APP],
            label,
            traced=["-c", FLOOR_APP],
        ),
        app(
            "customer-tui, Emporix sandbox over loopback",
            ["--api-url", url, "--tenant", TENANT],
            1.2,
            **emporix,
        ),
        app("customer-tui, embedded sandbox", [], 1.3),
        app("customer-tui, Kibo sandbox over loopback (a Kibo profile)", kibo, 1.2),
        app("customer-tui, embedded Kibo sandbox (--platform kibo)", ["--platform", "kibo"], 1.3),
    ]
    if peer:
        rows.append(
            Command(
                "Harlequin (peer on Textual), to its catalog",
                [peer],
                re.compile(rb"memory (?:\x1b\[[\d;]*m)*db"),
            )
        )
    return rows


def measure(
    terminal: Terminal, rows: list[Command], rounds: int, env: dict[str, str]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall seconds to first results and CPU seconds of each run, per row."""
    for row in rows:  # warm-up: bytecode, file caches, the embedded sandbox's data file
        terminal.time_until(row.argv, row.wanted, {**env, **row.env})
    times: dict[str, list[float]] = {row.name: [] for row in rows}
    cpus: dict[str, list[float]] = {row.name: [] for row in rows}
    for n in range(rounds):
        turn = rows[n % len(rows) :] + rows[: n % len(rows)]
        for row in turn:
            times[row.name].append(terminal.time_until(row.argv, row.wanted, {**env, **row.env}))
            cpus[row.name].append(terminal.last_cpu)
    return times, cpus


def print_table(
    rows: list[Command], times: dict[str, list[float]], cpus: dict[str, list[float]], peer: str
) -> int:
    medians = {name: statistics.median(values) for name, values in times.items()}
    cpu = {name: statistics.median(values) for name, values in cpus.items()}
    bare, floor = medians[rows[0].name], medians[rows[1].name]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load}; medians of {len(times[rows[0].name])} "
          f"starts each, taken in turns\n")  # fmt: skip
    width = max(len(r.name) for r in rows) + 2
    print(f"{'Command to first results':<{width}} {'median':>8} {'range':>11} {'x bare':>7} "
          f"{'x floor':>8} {'target':>7}  {'result':<6}  {'CPU':>6} {'x floor':>7}")  # fmt: skip
    print("-" * (width + 72))
    ok = True
    for row in rows:
        values = times[row.name]
        median = medians[row.name]
        spread = f"{min(values) * 1000:.0f}-{max(values) * 1000:.0f}"
        ratio = median / floor
        verdict, target = "", ""
        if row.target is not None:
            target = f"≤ {row.target:.1f}"
            passed = ratio <= row.target
            ok = ok and passed
            verdict = "PASS" if passed else "FAIL"
        used = cpu[row.name]
        print(f"{row.name:<{width}} {median * 1000:>5.0f} ms {spread:>11} {median / bare:>7.2f} "
              f"{ratio:>8.2f} {target:>7}  {verdict:<6}  {used * 1000:>3.0f} ms "
              f"{used / cpu[rows[1].name]:>7.2f}")  # fmt: skip
    if peer:
        print(f"{'Harlequin (peer on Textual), to its catalog':<{width}} {peer}")
    print("\nmedian, range: wall time from the command to its first results on the terminal. CPU: "
          "the process's CPU time, start to exit\n(ctrl+q right after the results), all threads: "
          "the work done, which the machine's other load hardly moves.")  # fmt: skip
    return 0 if ok else 1


def print_timeline(
    rows: list[Command], terminal: Terminal, rounds: int, env: dict[str, str]
) -> None:
    """Each traced command `rounds` times under the tracer: the median moment of every step."""
    for row in rows:
        if row.traced is None:
            continue
        runs: list[dict[str, float]] = []
        seen_at: list[float] = []
        argv = [sys.executable, str(TRACE), *row.traced]
        for n in range(rounds + 1):
            out = Path(terminal.home) / "trace.json"
            out.unlink(missing_ok=True)
            took = terminal.time_until(
                argv, row.wanted, {**env, **row.env, "STARTUP_TRACE": str(out)}
            )
            if n == 0:
                continue  # warm-up
            seen_at.append(took)
            runs.append(dict(json.loads(out.read_text(encoding="utf-8"))))
        print(f"\n{row.name}: median of {rounds} traced starts (ms from the process's start)")
        cpu = statistics.median(run.pop(CPU, 0.0) for run in runs)
        steps = {step for run in runs for step in run}
        medians = {s: statistics.median(run[s] for run in runs if s in run) for s in steps}
        for step in sorted(steps, key=medians.__getitem__):
            print(f"  {medians[step] * 1000:>6.0f}  {step}")
        print(f"  {statistics.median(seen_at) * 1000:>6.0f}  results seen on the terminal")
        print(f"  CPU time of the process until the first results: {cpu * 1000:.0f} ms (every "
              "thread; the rest of the wall time it waited on the network, the disk or the "
              "machine's other work)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="starts of each command (median)")
    parser.add_argument("--customers", type=int, default=100_000, help="served sandbox's size")
    parser.add_argument(
        "--peer", default=os.environ.get(PEER_ENV), help=f"Harlequin's command (else ${PEER_ENV})"
    )
    parser.add_argument(
        "--timeline", action="store_true", help="trace customer-tui's steps instead"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    peer, peer_note = args.peer, ""
    if peer and not shutil.which(peer):
        peer, peer_note = None, f"not installed ({args.peer} not found)"
    elif not peer:
        peer_note = f"not installed (pass --peer PATH or set ${PEER_ENV})"
    env = {}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    terminal = Terminal()
    from bench_support import sandbox_process

    try:
        with sandbox_process(args.customers) as url:
            rows = commands(url, terminal.home, peer)
            if args.timeline:
                print_timeline(rows, terminal, args.rounds, env)
                return 0
            times, cpus = measure(terminal, rows, args.rounds, env)
    finally:
        terminal.close()
    return print_table(rows, times, cpus, peer_note)


if __name__ == "__main__":
    sys.exit(main())
