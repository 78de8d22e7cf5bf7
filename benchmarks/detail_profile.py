"""Where an open (Enter to the detail painted) and a tab switch spend this process's CPU.

Opens `--opens` customers from the list over loopback, presses 1-5 on each, and prints the CPU
of each open and each tab switch (time.thread_time, robust to a loaded machine), then with
`--profile open` or `--profile tab` the cProfile entries of that part, so a change to the detail
screen can be judged by the same numbers as benchmarks/ui_keys.py's "Open a customer" and "Tab
switch" rows.

    python benchmarks/detail_profile.py --opens 8 --profile open
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import time
from typing import Any

import ui_keys
from bench_support import sandbox_process

TAB_KEYS = {"2": "addresses", "3": "accounts", "4": "b2b", "5": "raw", "1": "profile"}
"""In ui_keys.py's order: the detail opens on Profile, so 1 comes last (a key that changes
nothing draws no frame to wait for)."""


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def opening(url: str, opens: int, profile: str, profiler: cProfile.Profile) -> None:
    async with ui_keys.running(url) as session:
        app = session.app
        table = session.screen.table
        table.focus()
        open_cpu: list[float] = []
        tab_cpu: list[float] = []
        by_tab: dict[str, list[float]] = {name: [] for name in TAB_KEYS.values()}
        for index in range(opens):
            table.move_cursor(row=index * 2)
            await asyncio.sleep(0.05)  # drawn, as ui_keys.py waits
            done = len(session.moments.details)
            if profile == "open":
                profiler.enable()
            cpu = time.thread_time()
            ui_keys.press(app, "enter", "\r")
            await ui_keys.wait_until(lambda d=done: len(session.moments.details) > d)
            await session.clock.next_frame_after(session.moments.details[done])
            open_cpu.append(time.thread_time() - cpu)
            profiler.disable()
            tabs: Any = app.screen
            await asyncio.sleep(0.05)
            for key, wanted in TAB_KEYS.items():
                if profile == "tab":
                    profiler.enable()
                seen = session.clock.expect_showing(tabs.query_one(f"#{wanted}-body"))
                cpu = time.thread_time()
                ui_keys.press(app, key)
                await session.clock.shown(seen)
                tab_cpu.append(time.thread_time() - cpu)
                by_tab[wanted].append(tab_cpu[-1])
                profiler.disable()
                await asyncio.sleep(0.03)
            moment = ui_keys.press(app, "escape")
            await ui_keys.wait_until(lambda: isinstance(app.screen, ui_keys.SearchScreen))
            await session.clock.next_frame_after(moment)
    rows = [("open", open_cpu), ("tab switch", tab_cpu), *by_tab.items()]
    for name, values in rows:
        print(
            f"{name:>10} CPU: median {quantile(values, 0.5) * 1000:.0f} ms, "
            f"p95 {quantile(values, 0.95) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
            f"({len(values)} of them)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=3_000)
    parser.add_argument("--opens", type=int, default=8)
    parser.add_argument("--profile", choices=("none", "open", "tab"), default="none")
    parser.add_argument("--top", type=int, default=30, help="profile entries printed")
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    profiler = cProfile.Profile()
    with sandbox_process(args.customers) as url:
        asyncio.run(opening(url, args.opens, args.profile, profiler))
    if args.profile != "none":
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
