"""Runs customer-tui with a timestamp at each start-up step, for `startup_bench.py --timeline`.

Usage: STARTUP_T0=<CLOCK_MONOTONIC at spawn> STARTUP_TRACE=out.json python startup_trace.py ARGS
       (STARTUP_PROFILE=out.prof: cProfile's statistics until then as well)
The steps are marked by wrapping functions as their modules are imported (so nothing is
imported earlier than the app would import it); at the first frame painted after the first rows
went into a table the moments are written to STARTUP_TRACE, in seconds since the spawn.
"""

from __future__ import annotations

import os
import sys
import time

T0 = float(os.environ.get("STARTUP_T0", time.clock_gettime(time.CLOCK_MONOTONIC)))
OUT = os.environ.get("STARTUP_TRACE")
marks: dict[str, float] = {}


def mark(step: str) -> None:
    marks.setdefault(step, time.clock_gettime(time.CLOCK_MONOTONIC) - T0)


mark("Python started (interpreter, site, this script)")

PROFILE = os.environ.get("STARTUP_PROFILE")
"""A file for cProfile's statistics of everything until the first results are painted."""
if PROFILE:
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()

import functools  # noqa: E402
import importlib.abc  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402


def after(step: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = fn(*args, **kwargs)
        mark(step)
        return result

    return wrapper


def before(step: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        mark(step)
        return fn(*args, **kwargs)

    return wrapper


def around_async(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        mark(f"{name} begins")
        result = await fn(*args, **kwargs)
        mark(f"{name} done")
        return result

    return wrapper


def _cli(module: Any) -> None:
    mark("tui.cli imported (argparse, config models, connection check)")
    module.load_settings = after("config file read", module.load_settings)
    module.resolve_connection = after("connection resolved", module.resolve_connection)
    module.check_connection = around_async(
        "connection check (sign-in, first page)", module.check_connection
    )
    module.open_backend = before("embedded sandbox opened for the check", module.open_backend)
    module.start_ui = before("start_ui: Textual's turn", module.start_ui)


def _httpx(module: Any) -> None:
    mark("httpx imported")
    send = module.AsyncClient.send
    count = [0]

    async def traced_send(self: Any, request: Any, **kwargs: Any) -> Any:
        count[0] += 1
        path = request.url.path.rstrip("/").rsplit("/", 2)[-2:]
        what = f"request {count[0]}: {request.method} …/{'/'.join(path)}"
        mark(f"{what} sent")
        response = await send(self, request, **kwargs)
        mark(f"{what} answered")
        return response

    module.AsyncClient.send = traced_send


FLOOR = sys.argv[1:2] == ["-c"]
"""`-c CODE`: the floor's script instead of customer-tui; its first frame is its result."""
_state = {"rows": FLOOR, "done": False}


def _textual(module: Any) -> None:
    mark("textual.app imported")
    display = module.App._display

    def traced_display(self: Any, screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is None or _state["done"]:
            return
        mark("first frame written")
        if _state["rows"]:
            _state["done"] = True
            mark("first results painted")
            marks["CPU time of this process until then"] = time.process_time()
            if PROFILE:
                profiler.disable()
                profiler.dump_stats(PROFILE)
            if OUT:
                with open(OUT, "w", encoding="utf-8") as out:
                    json.dump(sorted(marks.items(), key=lambda kv: kv[1]), out)

    module.App._display = traced_display


def _app(module: Any) -> None:
    mark("tui.ui.app imported (Textual, screens, widgets)")
    cls = module.CustomerTuiApp
    cls.__init__ = after("app constructed", cls.__init__)
    cls.on_mount = before("app mounted", cls.on_mount)


def _rows(method: str) -> Callable[[Any], None]:
    def patch(module: Any) -> None:
        for name in dir(module):
            cls = getattr(module, name)
            if isinstance(cls, type) and cls.__module__ == module.__name__ and method in vars(cls):
                original = getattr(cls, method)

                @functools.wraps(original)
                def shown(self: Any, *args: Any, _original: Any = original) -> Any:
                    result = _original(self, *args)
                    mark("first rows in the table")
                    _state["rows"] = True
                    return result

                setattr(cls, method, shown)

    return patch


def _compose(step: str) -> Callable[[Any], None]:
    def patch(module: Any) -> None:
        for name in ("SearchScreen", "RecordListScreen"):
            cls = getattr(module, name, None)
            if cls is not None:
                cls.compose = before(f"{step} composed", cls.compose)
                cls.on_mount = before(f"{step} mounted", cls.on_mount)

    return patch


HOOKS: dict[str, Callable[[Any], None]] = {
    "tui.cli": _cli,
    "httpx": _httpx,
    "textual.app": _textual,
    "pydantic": lambda _m: mark("pydantic imported"),
    "tui.ui.app": _app,
    "tui.sandbox": lambda _m: mark("sandbox package imported (Starlette)"),
    "tui.connect.sandbox": lambda m: setattr(
        m, "sandbox_transport", after("embedded sandbox's data file open", m.sandbox_transport)
    ),
    "tui.ui.screens.search": _compose("search screen"),
    "tui.ui.screens.records": _compose("record list screen"),
    "tui.ui.widgets.customer_table": _rows("show_customers"),
    "tui.ui.widgets.record_table": _rows("show"),
}


class _After(importlib.abc.MetaPathFinder):
    """Runs HOOKS[name] on a module right after it has executed."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        hook = HOOKS.get(name)
        if hook is None:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        execute = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            hook(module)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


sys.meta_path.insert(0, _After())

if FLOOR:
    code = sys.argv[2]
    sys.argv = ["-c", *sys.argv[3:]]
    exec(compile(code, "<floor>", "exec"), {"__name__": "__main__"})
else:
    from tui.cli import main

    sys.exit(main(sys.argv[1:]))
