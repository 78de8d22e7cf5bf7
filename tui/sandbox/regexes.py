"""What a `q` regular expression means for SQL: literal text, a literal prefix, or a regex per row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_META = set(".^$*+?{}[]\\|()")


@lru_cache(maxsize=256)
def compile_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def sql_regexp(pattern: str, value: object) -> int:
    """SQLite user function: does `value` contain a match for `pattern`?"""
    if value is None:
        return 0
    return 1 if compile_regex(pattern).search(str(value)) else 0


_ESCAPES = {"x": 2, "u": 4, "U": 8}


def scan_prefix(body: str) -> tuple[str, bool]:
    """(literal text every match starts with, whether that literal is the whole pattern).

    `body` starts with `^`. Escapes such as `\\x2e`, `\\u00e9` or `\\.` count as literal
    characters, since clients escape user text that way.
    """
    prefix, i = "", 1
    while i < len(body):
        c = body[i]
        if c == "\\":
            kind = body[i + 1 : i + 2]
            width = _ESCAPES.get(kind)
            digits = body[i + 2 : i + 2 + width] if width else ""
            if (
                width
                and len(digits) == width
                and all(d in "0123456789abcdefABCDEF" for d in digits)
            ):
                char, step = chr(int(digits, 16)), 2 + width
            elif kind and not kind.isalnum():
                char, step = kind, 2
            else:
                return prefix, False  # a class such as \\d or \\w
        elif c in _META:
            if c in "*?{" and prefix:
                prefix = prefix[:-1]  # the last literal is optional
            return prefix, False
        else:
            char, step = c, 1
        prefix += char
        i += step
    return prefix, True


@dataclass(frozen=True)
class PlainPattern:
    """A regex that is literal text, optionally anchored: `(?i)^smi`, `(?i)gmbh`, `^a\\x40b$`."""

    text: str
    insensitive: bool
    start: bool
    end: bool


def literal_pattern(pattern: str) -> PlainPattern | None:
    """The pattern as literal text with anchors, or None when it uses any other regex feature."""
    insensitive = pattern.startswith("(?i)")
    body = pattern[4:] if insensitive else pattern
    start = body.startswith("^")
    trailing = len(body) - 1 - len(body[:-1].rstrip("\\"))
    end = body.endswith("$") and trailing % 2 == 0  # `\\$` is a dollar sign, not the end
    inner = body[1 if start else 0 : len(body) - 1 if end else len(body)]
    text, whole = scan_prefix("^" + inner)
    if not whole:
        return None
    return PlainPattern(text, insensitive, start, end)


def regex_prefix(pattern: str) -> tuple[str, bool]:
    """The literal text every match must start with (`^Smi` -> Smi), and whether (?i) is set."""
    insensitive = pattern.startswith("(?i)")
    body = pattern[4:] if insensitive else pattern
    # An alternation anywhere could make the anchor apply to one branch only: no prefix then.
    if not body.startswith("^") or "|" in body:
        return "", insensitive
    return scan_prefix(body)[0], insensitive
