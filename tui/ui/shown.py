"""Values cut to a size a terminal can show at once, saying how much was left out and how to see it."""

from __future__ import annotations

import json
from typing import Any

from textual.content import Content

MAX_VALUE = 2_000
"""Characters of one field shown on a tab; a whole page of text, far more than a real value needs."""
MAX_LABEL = 120
"""Characters of a name in a header, a title or a notification."""
MAX_RAW = 100_000
"""Characters of the Raw JSON tab; beyond that highlighting and layout cost seconds."""
MAX_STRING_IN_RAW = 2_000
MAX_DEPTH_IN_RAW = 30
PAGER_HINT = "`o` opens it whole in the pager"


def size_words(chars: int) -> str:
    """1234567 -> "1.2 MB": an agent judges size in bytes, not characters."""
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:.1f} MB"
    if chars >= 1_000:
        return f"{chars / 1_000:.0f} kB"
    return f"{chars} characters"


def part_note(chars: int) -> str:
    return f"{size_words(chars)}, shown in part; {PAGER_HINT}"


def cut(text: str, limit: int = MAX_VALUE) -> tuple[str, str | None]:
    """`text` cut to `limit` characters, and a note saying so (None when nothing was cut)."""
    if len(text) <= limit:
        return text, None
    return text[:limit] + "…", part_note(len(text))


def label(text: str, limit: int = MAX_LABEL) -> str:
    """A name for one line: cut, with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def literal(text: object) -> Content:
    """`text` (a customer's name, a query, a server's message) to show exactly as it is.

    Label, Static, Button, notify and table cells read a str as markup: `[/]` in a name
    crashes the screen and `[Europe]` vanishes. Escaping cannot be trusted for that
    (`markup.escape("a[/")` still fails to parse), so data goes in as Content, never as markup."""
    return Content(str(text))


def markup_safe(text: str) -> str:
    """`text` for the few places that only take markup (the palette's help line): every `[`
    escaped, which Textual's parser reads back as exactly `text`."""
    return text.replace("[", "\\[")


class _Bounded:
    """Builds a copy of a JSON value with long strings and deep nesting cut, counting what was cut."""

    def __init__(self) -> None:
        self.cut_strings = 0
        self.cut_levels = 0

    def copy(self, value: Any, depth: int) -> Any:
        if isinstance(value, str):
            if len(value) > MAX_STRING_IN_RAW:
                self.cut_strings += 1
                return value[:MAX_STRING_IN_RAW] + f"… ({size_words(len(value))} in all)"
            return value
        if isinstance(value, dict | list) and depth >= MAX_DEPTH_IN_RAW:
            self.cut_levels = max(self.cut_levels, _depth(value))
            return f"… ({_depth(value)} more levels)"
        if isinstance(value, dict):
            return {str(k): self.copy(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [self.copy(v, depth + 1) for v in value]
        return value


def _depth(value: Any) -> int:
    """How deep `value` nests, without recursion (a server may nest thousands of levels)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def bounded_json(value: Any) -> tuple[str, str | None]:
    """Pretty JSON of `value`, long strings and deep nesting cut and the whole capped at
    `MAX_RAW` characters; plus a note when anything was left out."""
    bounded = _Bounded()
    text = json.dumps(bounded.copy(value, 0), indent=2, ensure_ascii=False, default=str)
    parts = []
    if bounded.cut_strings:
        parts.append(f"{bounded.cut_strings} long text(s) cut")
    if bounded.cut_levels:
        parts.append(f"nesting beyond {MAX_DEPTH_IN_RAW} levels cut")
    if len(text) > MAX_RAW:
        parts.append(f"only the first {size_words(MAX_RAW)} shown")
        text = text[:MAX_RAW] + "\n…"
    if not parts:
        return text, None
    return text, f"Shown in part ({'; '.join(parts)}); {PAGER_HINT}."


def whole_json(value: Any) -> str:
    """All of `value` as JSON for the pager; indented unless it nests too deep for that."""
    try:
        return json.dumps(value, indent=2, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        pass
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError):
        return "(nested too deeply to write out as JSON)"
