"""Crash reports: where the code was and what kind of error, never local variables, secrets or customer data."""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from tui import __version__, paths
from tui.core.private_files import open_private

DEBUG_ENV = "CUSTOMER_TUI_DEBUG"
_MAX_MESSAGE = 200
# What in an exception's text may be customer data or a secret: quoted text, e-mail addresses,
# long digit runs (numbers, phones), bearer tokens and long opaque words.
_REDACTIONS = (
    (re.compile(r"(?i)bearer\s+\S+"), "Bearer ***"),
    (re.compile(r"'[^']*'|\"[^\"]*\""), "'…'"),
    (re.compile(r"[^\s@'\"]+@[^\s@'\"]+"), "…@…"),
    (re.compile(r"\d{3,}"), "#"),
    (re.compile(r"[A-Za-z0-9_\-+/=]{24,}"), "***"),
)


def debugging(env: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """True when CUSTOMER_TUI_DEBUG asks for full tracebacks (developers, not agents)."""
    value = (os.environ if env is None else env).get(DEBUG_ENV, "")
    return value not in ("", "0", "false", "no")


def crash_dir() -> Path:
    return paths.crash_dir()


def redact_message(text: str) -> str:
    """An exception's text with anything that could be customer data or a secret replaced."""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    text = " ".join(text.split())
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _frames(exc: BaseException) -> list[str]:
    lines = []
    for frame in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    return lines


def report_text(exc: BaseException, context: str = "") -> str:
    """The report: versions, the error's kind, and each frame's place and source line; for the
    causes of a chained error the same again."""
    try:
        textual = metadata.version("textual")
    except metadata.PackageNotFoundError:
        textual = "not installed"
    lines = [
        "customer-tui crash report",
        f"time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"customer-tui {__version__}, Python {platform.python_version()}, Textual {textual}, "
        f"{platform.system()} {platform.machine()}",
    ]
    if context:
        lines.append(f"where: {context}")
    lines.append("Local variables, secrets and customer data are left out; quoted text, e-mail")
    lines.append("addresses and numbers in error messages are replaced.")
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append("")
        lines.append(
            f"{type(current).__module__}.{type(current).__qualname__}: "
            f"{redact_message(str(current))}"
        )
        lines.append("Traceback (most recent call last):")
        lines.extend(_frames(current))
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n"


def write_crash_report(exc: BaseException, context: str = "") -> Path | None:
    """Write a report into the state directory (0600); its path, or None when it cannot be written."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = crash_dir() / f"crash-{stamp}-{os.getpid()}.txt"
    try:
        fd = open_private(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(report_text(exc, context))
    except OSError:
        return None
    return path


def crash_paragraph(exc: BaseException, path: Path | None) -> str:
    """What the terminal shows after a crash: one paragraph, no traceback."""
    where = (
        f"A crash report (no customer data, no secrets) is in {path}; please attach it to a bug report."
        if path is not None
        else "No crash report could be written (the state directory is not writable)."
    )
    return (
        f"customer-tui stopped after an unexpected error ({type(exc).__name__}). A change that was "
        f"being sent at that moment may or may not have been saved: check the customer and your "
        f"Activity (A) when you start again. {where} Run with {DEBUG_ENV}=1 to see the full "
        f"traceback."
    )


def print_crash(exc: BaseException, context: str = "") -> Path | None:
    path = write_crash_report(exc, context)
    print(crash_paragraph(exc, path), file=sys.stderr)
    return path
