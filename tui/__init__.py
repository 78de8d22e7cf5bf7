"""customer-tui: a keyboard-driven terminal app for Emporix customer support agents."""

import logging as _logging
import os as _os
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
# pydantic looks up plugins among every installed package's entry points before it builds the
# first model: a few ms of every start-up, and a plugin would see each validated value, the
# profiles' secrets among them. The app uses none, so the look-up is switched off unless the
# user asked for plugins.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Without a handler Python prints warnings and errors to stderr, tracebacks included: the debug
# log is configured by the command, and nothing of ours reaches the terminal unasked.
_logging.getLogger("tui").addHandler(_logging.NullHandler())
