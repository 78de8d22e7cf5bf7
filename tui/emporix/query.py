"""Turns what an agent types into `q` expressions, escaping user text so it can never widen a query.

Rules:
- empty text lists everything;
- text that starts like `field:` is a raw `q` expression and passes through unchanged;
- an e-mail address looks up `contactEmail` (case-insensitively, whole value);
- a customer number (digits only) looks up `customerNumber`;
- anything else is a smart search: each alternative (first name, last name, company, ...) is one
  `q`, because the conditions of one `q` are all required; the caller runs them concurrently.

Escaping: user text only ever appears inside a `~` regular expression, in which every character
that is not a letter or digit is written as a hexadecimal escape (`\\x2c`, `\\u00a0`). The value
therefore holds no space, comma, parenthesis, quote or colon that a `q` parser could split on, and
no regex metacharacter; letters become `[aA]` classes so matching ignores case whatever the server's
default.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.emporix.validation import check_email

__all__ = [
    "MAX_SEARCH_LENGTH",
    "SearchPlan",
    "and_",
    "contains",
    "equals_ignoring_case",
    "is_raw_query",
    "literal_regex",
    "plan_search",
    "search_words",
]

MAX_SEARCH_LENGTH = 200
"""Longer input is cut: no agent types more, and every character costs several in the regex."""

_RAW_RE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_.]*:\S")
_NUMBER_RE = re.compile(r"^[0-9]{1,20}$")
_EDGE_PUNCTUATION = ":,;\"'()[]{}<>"


def _escape_char(ch: str) -> str:
    if ch.isalnum():
        lower, upper = ch.lower(), ch.upper()
        if lower != upper and len(lower) == 1 and len(upper) == 1:
            return f"[{lower}{upper}]"
        # Letters and digits are not special in any regex dialect; a class would be wrong for
        # letters whose case change adds characters (ß -> SS), so they match as typed.
        return ch
    code = ord(ch)
    if code < 0x80:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def literal_regex(text: str) -> str:
    """A regex matching `text` literally and ignoring case, with no character a `q` parser splits on."""
    return "".join(_escape_char(ch) for ch in text)


def contains(field: str, text: str) -> str:
    """`field` contains `text` (case-insensitive)."""
    return f"{field}:~{literal_regex(text)}"


def equals_ignoring_case(field: str, text: str) -> str:
    """`field` is exactly `text`, ignoring case."""
    return f"{field}:~^{literal_regex(text)}$"


def and_(*parts: str | None) -> str | None:
    """Conditions that must all hold (`q` separates them with spaces); None when there are none."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(kept) or None


def is_raw_query(text: str) -> bool:
    """True when the agent typed a `q` expression such as `lastName:Smith` or `onHold:true`."""
    return bool(_RAW_RE.match(text))


def search_words(text: str) -> list[str]:
    """The words of a smart search, without punctuation at their edges ("Smith," -> "Smith")."""
    words = (w.strip(_EDGE_PUNCTUATION) for w in text[:MAX_SEARCH_LENGTH].split())
    return [w for w in words if w]


@dataclass(frozen=True)
class SearchPlan:
    """The `q` expressions to run for one input; results are merged in this order."""

    kind: str
    """"all", "raw", "email", "number" or "words"."""
    queries: tuple[str | None, ...]


def plan_search(text: str, filters: Sequence[str] = ()) -> SearchPlan:
    """The queries for what the agent typed, each ANDed with the `filters` (raw `q` fragments)."""
    text = text.strip()[:MAX_SEARCH_LENGTH]

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
            contains("lastName", word),
            contains("firstName", word),
            contains("company", word),
            contains("contactEmail", word),
        )
    whole = " ".join(words)
    first, rest = words[0], " ".join(words[1:])
    head, last = " ".join(words[:-1]), words[-1]
    alternatives = [
        and_(contains("firstName", first), contains("lastName", rest)),
        and_(contains("lastName", first), contains("firstName", rest)),
        contains("company", whole),
        contains("lastName", whole),
    ]
    if len(words) > 2:
        alternatives.insert(1, and_(contains("firstName", head), contains("lastName", last)))
    return plan("words", *alternatives)
