"""customer-tui: a keyboard-driven terminal app for Emporix customer support agents."""

import logging as _logging
import sys

__version__ = "0.1.0"

# httpx imports its own command-line tool (click, pygments, rich's syntax module) whenever click
# is installed, and uvicorn installs it: about 45 ms of every start-up, for a tool we never run.
# A None entry makes that one optional import fail the way httpx expects when click is missing.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
# httpcore (with every first HTTP client) and httpx's ASGI transport import trio whenever it is
# installed, to support it beside asyncio: 60-120 ms of every start-up on a machine that has it
# (the test tools bring it), for an event loop this app never runs on. The same None entry makes
# their optional import fail as if it were not installed.
sys.modules.setdefault("trio", None)  # type: ignore[arg-type]

# Without a handler Python prints warnings and errors to stderr, tracebacks included: the debug
# log is configured by the command, and nothing of ours reaches the terminal unasked.
_logging.getLogger("tui").addHandler(_logging.NullHandler())
