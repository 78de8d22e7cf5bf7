"""What a `q` regular expression means for SQL: literal text, a literal prefix, or a regex per row."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

_META = set(".^$*+?{}[]\\|()")
# Above this RE2 program size a pattern is refused as too complex: matching stays linear in the
# text, but the factor is the program size, and every row may be matched.
MAX_PROGRAM = 2_000
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would write every refused pattern to stderr, i.e. the terminal
_OPTIONS.max_mem = 8 << 20


class RegexError(ValueError):
    """Why a `~regex` cannot be used, phrased for the person who typed it."""


def _to_re2(pattern: str) -> str:
    r"""Python's `\uXXXX`, `\UXXXXXXXX` and `\Z` spelled the way RE2 understands them."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        kind = pattern[i + 1]
        width = {"u": 4, "U": 8}.get(kind)
        digits = pattern[i + 2 : i + 2 + width] if width else ""
        if width and len(digits) == width and all(d in "0123456789abcdefABCDEF" for d in digits):
            out.append(f"\\x{{{digits}}}")
            i += 2 + width
            continue
        out.append("\\z" if kind == "Z" else pattern[i : i + 2])
        i += 2
    return "".join(out)


_UNSUPPORTED = (
    ("(?=", "lookahead (?=...)"),
    ("(?!", "negative lookahead (?!...)"),
    ("(?<=", "lookbehind (?<=...)"),
    ("(?<!", "negative lookbehind (?<!...)"),
    ("(?>", "atomic groups (?>...)"),
)


@lru_cache(maxsize=256)
def compile_regex(pattern: str) -> Any:
    """The pattern compiled by RE2 (linear time, no backtracking); RegexError when RE2 cannot
    take it or it is too complex."""
    try:
        compiled = re2.compile(_to_re2(pattern), _OPTIONS)
    except UnicodeEncodeError:
        raise RegexError("it is not valid Unicode (a lone surrogate such as \\ud800)") from None
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        reason = str(reason)
        for marker, name in _UNSUPPORTED:
            if reason.endswith(marker):
                reason = f"{name} is not supported"
        if "pattern too large" in reason:
            reason = f"it is too complex (over {MAX_PROGRAM} RE2 instructions)"
        if "invalid escape sequence: \\" in reason and reason[-1:].isdigit():
            reason = "backreferences such as \\1 are not supported"
        raise RegexError(f"{reason} (the sandbox matches with RE2, in linear time)") from None
    if compiled.programsize > MAX_PROGRAM:
        raise RegexError(
            f"it is too complex ({compiled.programsize} RE2 instructions, at most {MAX_PROGRAM}); "
            "use fewer or smaller repetitions"
        )
    return compiled


def sql_regexp(pattern: str, value: object) -> int:
    """SQLite user function: does `value` contain a match for `pattern`?"""
    if value is None:
        return 0
    try:
        return 1 if compile_regex(pattern).search(str(value)) else 0
    except Exception:
        # Raising here would abort the whole query with a 500; a value RE2 cannot read
        # (such as a lone surrogate) simply does not match.
        return 0


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
