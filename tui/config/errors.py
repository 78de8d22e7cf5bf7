"""Turns TOML and validation failures in the config file into one paragraph: file, line, what to fix."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

if TYPE_CHECKING:
    import tomllib

_TABLE = re.compile(r"^\s*\[\[?\s*(?P<key>[^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*(?P<key>(?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=""")
_TOML_POSITION = re.compile(r"\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)\s*$")


class ConfigError(Exception):
    """The configuration cannot be used; str() is one paragraph that says where and how to fix it."""


def _split_key(key: str) -> tuple[str, ...]:
    """Split a TOML dotted key into its parts, unquoting quoted parts."""
    parts = re.findall(r""""([^"]*)"|'([^']*)'|([^.\s]+)""", key)
    return tuple(a or b or c for a, b, c in parts)


def line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """The line (1-based) that defines `loc`, or the nearest enclosing table; None if not found."""
    want = tuple(str(p) for p in loc)
    table: tuple[str, ...] = ()
    best: tuple[int, int] | None = None  # (how many parts matched, line)
    for number, line in enumerate(text.splitlines(), start=1):
        if m := _TABLE.match(line):
            table = _split_key(m["key"])
            path = table
        elif m := _KEY.match(line):
            path = table + _split_key(m["key"])
        else:
            continue
        if path == want[: len(path)] and (best is None or len(path) > best[0]):
            best = (len(path), number)
            if len(path) == len(want):
                break
    return best[1] if best else None


def toml_error_message(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> str:
    """One paragraph for a file that is not valid TOML."""
    message = str(exc)
    m = _TOML_POSITION.search(message)
    reason = _TOML_POSITION.sub("", message)
    where = f"{path}, line {m['line']}, column {m['col']}" if m else str(path)
    shown = ""
    if m:
        lines = text.splitlines()
        index = int(m["line"]) - 1
        if 0 <= index < len(lines):
            shown = f" The line reads: {lines[index].strip()!r}."
    return (
        f"Config file {where} is not valid TOML: {reason}.{shown} Fix that line (strings need "
        'double quotes, e.g. tenant = "acme"; tables look like [profiles.prod]), or move the '
        "file aside to start on the sandbox."
    )


def _place(loc: tuple[str | int, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "profiles":
        key = ".".join(str(p) for p in loc[2:])
        table = f"[profiles.{loc[1]}]"
        return f"in {table}, {key}" if key else f"in {table}"
    if len(loc) >= 2 and loc[0] in ("keymap", "queues"):
        return f"in [{loc[0]}], {loc[1]}"
    return ".".join(str(p) for p in loc) or "at the top level"


def _fix(error_type: str, msg: str, loc: tuple[str | int, ...], known: list[str]) -> str:
    """The error in words with the fix, for the common pydantic error types."""
    key = str(loc[-1]) if loc else ""
    if error_type == "extra_forbidden":
        close = difflib.get_close_matches(key, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return f"unknown key {key!r}.{hint} Known keys: {', '.join(known)}"
    if error_type in ("bool_type", "bool_parsing"):
        return "must be true or false (without quotes)"
    if error_type in ("string_type", "str_type"):
        return 'must be a string in double quotes, e.g. "text"'
    if error_type in ("dict_type", "model_type", "model_attributes_type"):
        if len(loc) == 2 and loc[0] == "profiles":
            return f"must be a table: write [profiles.{loc[1]}] with its keys on the lines below"
        return "must be a table of keys and values"
    if error_type == "literal_error":
        return msg.replace("Input should be", "must be")
    if error_type == "value_error":
        return msg.removeprefix("Value error, ")
    return msg


def describe_validation_error(
    path: Path,
    text: str,
    exc: ValidationError,
    known_keys: Callable[[tuple[str | int, ...]], list[str]],
) -> str:
    """One paragraph naming the file, the line, the profile and key, and what to write instead."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        line = line_of(text, loc)
        fix = _fix(error["type"], error["msg"], loc, known_keys(loc))
        problems.append((line, f"{_place(loc)}: {fix}"))
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    advice = " Fix the file and run again (`customer-tui profiles` checks it)."
    if len(problems) == 1:
        line, problem = problems[0]
        where = f"{path}, line {line}" if line else str(path)
        return f"Config file {where}: {problem}.{advice}"
    shown = "; ".join(f"line {line}: {p}" if line else p for line, p in problems[:3])
    return f"Config file {path} has {len(problems)} errors: {shown}{more}.{advice}"
