"""Turns what an agent types into `q` expressions, escaping user text so it can never widen a query.

Rules:
- empty text lists everything;
- text that starts like `field:` is a raw `q` expression and passes through unchanged;
- an e-mail address looks up `contactEmail` (case-insensitively, whole value);
- a customer number (digits only) looks up `customerNumber`;
- anything else is a smart search: each alternative (first name, last name, company, ...) is one
  `q`, because the conditions of one `q` are all required; the caller runs them concurrently.
  Names and e-mail match from their start ("smi" finds Smith, not Goldsmith: fewer false hits
  when an agent types what a caller spells, and servers can use an index); the company matches
  anywhere, since its telling word is often in the middle ("Maschinenbau").

Escaping: user text only ever appears inside a `~` regular expression, in which every character
that is not a letter or digit is written as a hexadecimal escape (`\\x2c`, `\\u00a0`). The value
therefore holds no space, comma, parenthesis, quote or colon that a `q` parser could split on, and
no regex metacharacter. The expression starts with the `(?i)` flag so matching ignores case; that
flag is the only parenthesis in it, right after the `~`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.emporix.errors import FieldDetail, ValidationFailed
from tui.emporix.validation import check_email

__all__ = [
    "MAX_REGEX_LENGTH",
    "SearchPlan",
    "and_",
    "contains",
    "equals_ignoring_case",
    "escape_literal",
    "is_raw_query",
    "literal_regex",
    "plan_search",
    "search_words",
    "starts_with",
]

MAX_REGEX_LENGTH = 200
"""Longest regex sent. Emporix documents no limit; the sandbox refuses longer ones with a 400."""

_RAW_RE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_.]*:\S")
_NUMBER_RE = re.compile(r"^[0-9]{1,20}$")
_EDGE_PUNCTUATION = ":,;\"'()[]{}<>"


def _escape_char(ch: str) -> str:
    if ch.isalnum():
        # Letters and digits are not special in any regex dialect.
        return ch
    code = ord(ch)
    if code < 0x80:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def escape_literal(text: str) -> str:
    """`text` as a regex that matches it literally, with no character a `q` parser splits on."""
    return "".join(_escape_char(ch) for ch in text)


def literal_regex(text: str) -> str:
    """A case-insensitive regex matching `text` literally (`(?i)` and the escaped text)."""
    return "(?i)" + escape_literal(text)


def _bounded(field: str, pattern: str) -> str:
    if len(pattern) > MAX_REGEX_LENGTH:
        # Cutting the text would search for less than was typed, i.e. find more: refuse instead.
        raise ValidationFailed(
            [
                FieldDetail(
                    "search",
                    "too_long",
                    "The search text is too long to search for: shorten it (punctuation and "
                    "accented characters count several times)",
                )
            ]
        )
    return f"{field}:~{pattern}"


def contains(field: str, text: str) -> str:
    """`field` contains `text` (case-insensitive)."""
    return _bounded(field, literal_regex(text))


def starts_with(field: str, text: str) -> str:
    """`field` starts with `text` (case-insensitive)."""
    return _bounded(field, f"(?i)^{escape_literal(text)}")


def equals_ignoring_case(field: str, text: str) -> str:
    """`field` is exactly `text`, ignoring case."""
    return _bounded(field, f"(?i)^{escape_literal(text)}$")


def and_(*parts: str | None) -> str | None:
    """Conditions that must all hold (`q` separates them with spaces); None when there are none."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(kept) or None


def is_raw_query(text: str) -> bool:
    """True when the agent typed a `q` expression such as `lastName:Smith` or `onHold:true`."""
    return bool(_RAW_RE.match(text))


def search_words(text: str) -> list[str]:
    """The words of a smart search, without punctuation at their edges ("Smith," -> "Smith")."""
    words = (w.strip(_EDGE_PUNCTUATION) for w in text.split())
    return [w for w in words if w]


@dataclass(frozen=True)
class SearchPlan:
    """The `q` expressions to run for one input; results are merged in this order."""

    kind: str
    """"all", "raw", "email", "number" or "words"."""
    queries: tuple[str | None, ...]


def plan_search(text: str, filters: Sequence[str] = ()) -> SearchPlan:
    """The queries for what the agent typed, each ANDed with the `filters` (raw `q` fragments)."""
    text = text.strip()

    def plan(kind: str, *alternatives: str | None) -> SearchPlan:
        return SearchPlan(kind, tuple(and_(alt, *filters) for alt in alternatives))

    if not text:
        return plan("all", None)
    if is_raw_query(text):
        return plan("raw", text)
    if "@" in text and " " not in text and check_email(text) is None:
        return plan("email", equals_ignoring_case("contactEmail", text))
    if _NUMBER_RE.match(text):
        return plan("number", f"customerNumber:{text}", contains("contactPhone", text))
    words = search_words(text)
    if not words:
        # Only punctuation: still a valid, narrow search for that text.
        words = [text]
    if len(words) == 1:
        word = words[0]
        return plan(
            "words",
            starts_with("lastName", word),
            starts_with("firstName", word),
            contains("company", word),
            starts_with("contactEmail", word),
        )
    whole = " ".join(words)
    first, rest = words[0], " ".join(words[1:])
    head, last = " ".join(words[:-1]), words[-1]
    alternatives = [
        and_(starts_with("firstName", first), starts_with("lastName", rest)),
        and_(starts_with("lastName", first), starts_with("firstName", rest)),
        contains("company", whole),
        starts_with("lastName", whole),
    ]
    if len(words) > 2:
        alternatives.insert(1, and_(starts_with("firstName", head), starts_with("lastName", last)))
    return plan("words", *alternatives)
