"""Turns what an agent types into `q` expressions, escaping user text so it can never widen a query.

Rules (README, "What the search finds"):
- empty text lists everything;
- text that starts like `field:` is a raw `q` expression and passes through unchanged, once every
  field it names is one Emporix knows (`foo:bar` is refused in words before any request);
- one token with `@` or a dot is a piece of an e-mail: the whole address first, then any
  address containing it (`example.fr`, `dubois@example`);
- digits only are a customer number prefix (`1000000` finds 10000001...), and, when they start
  with 0 or are ten or more, part of a phone number;
- digits with `+`, spaces, dashes, dots, slashes or parentheses are a phone number in any format
  (`+49 3641 555200`, `03641-555-200`): the digits are compared, separators ignored, and a
  leading `00`, or `0` (the trunk prefix), dropped;
- anything else is a smart search of words: each alternative is one `q`, because the conditions
  of one `q` are all required; the caller runs them concurrently. Every word matches the start of
  the first or last name or anywhere in the company (two words: first and last name either way, a
  name then a company word, or both in the company), or the words together start a name; a word
  of letters or dashes with digits also matches the company registration id; one word also
  matches the start of the e-mail. Names and companies match with accents and case folded both
  ways (`tui.core.textfold`): each letter becomes a class of its accented forms (`u` →
  `[uùúûü…]`) and a/o/u may be followed by an `e` (German ue = ü), so `muller` finds Müller
  and Mueller and `müller` finds Muller.

Escaping: user text only ever appears inside a `~` regular expression, in which every character
of the text that is not a letter or digit is written as a hexadecimal escape (`\\x2c`, `\\u00a0`).
The only other characters are the planner's own: `(?i)` right after the `~`, `^`, `$`, the
classes `[...]` of letters, `*` after a letter or class and `\\D*` between the digits of a phone
number. The value therefore holds no space, comma, quote or colon that a `q` parser could split
on, no parenthesis but the flag's, and no regex metacharacter from the agent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.textfold import DIGRAPH_VOWELS, fold_char, letter_variants, search_key
from tui.emporix.errors import FieldDetail, ValidationFailed
from tui.emporix.search_fields import check_raw_fields
from tui.emporix.validation import check_email

__all__ = [
    "MAX_REGEX_LENGTH",
    "SearchPlan",
    "and_",
    "contains",
    "equals_ignoring_case",
    "escape_literal",
    "folded_regex",
    "is_raw_query",
    "literal_regex",
    "phone_digits",
    "phone_regex",
    "plan_search",
    "search_words",
    "starts_with",
]

MAX_REGEX_LENGTH = 200
"""Longest regex sent. Emporix documents no limit; the sandbox refuses longer ones with a 400."""

_RAW_RE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_.]*:\S")
_NUMBER_RE = re.compile(r"^[0-9]{1,20}$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{4,40}$")
_EMAILISH_RE = re.compile(r"^\S*(@|\.[^\W\d_])\S*$")
REGISTRATION_ID = "b2b.companyRegistrationId"
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


def _folded_char(ch: str) -> str:
    variants = letter_variants(ch)
    out = f"[{ch}{''.join(variants)}]" if variants else _escape_char(ch)
    # German writes ü as ue: any e after a/o/u is optional, as search_key drops it.
    return out + "e*" if ch in DIGRAPH_VOWELS else out


def folded_regex(text: str, *, anchored: bool) -> str:
    """A case-insensitive regex that matches wherever the search key of `text` matches
    (accents, case and the ue/ü spelling folded); falls back to the literal text when the
    folded form would be longer than the service takes."""
    body = "".join(_folded_char(ch) for ch in search_key(text))
    pattern = "(?i)" + ("^" if anchored else "") + body
    if len(pattern) > MAX_REGEX_LENGTH:
        return "(?i)" + ("^" if anchored else "") + escape_literal(text)
    return pattern


def folded_starts_with(field: str, text: str) -> str:
    """`field` starts with `text`, accents and case folded."""
    return _bounded(field, folded_regex(text, anchored=True))


def folded_contains(field: str, text: str) -> str:
    """`field` contains `text`, accents and case folded."""
    return _bounded(field, folded_regex(text, anchored=False))


def phone_digits(text: str) -> str:
    """The digits a phone number is compared by: separators dropped, then a leading `00`
    (international prefix) or `0` (trunk prefix), so `+49 30`, `0049 30` and `030` agree."""
    digits = "".join(c for c in text if c.isascii() and c.isdigit())
    if digits.startswith("00"):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def phone_regex(digits: str) -> str:
    r"""Matches a stored phone number whose digits contain `digits`, whatever separates them
    (`3\D*6\D*4` finds "+49 3641" and "0364-1")."""
    return "\\D*".join(digits)


@dataclass(frozen=True)
class SearchPlan:
    """The `q` expressions to run for one input; results are merged in this order."""

    kind: str
    """"all", "raw", "email", "number", "phone" or "words"."""
    queries: tuple[str | None, ...]
    text: str = ""
    """What was typed (stripped), for ranking the results."""


def _email_plan(text: str) -> list[str | None]:
    alternatives: list[str | None] = []
    if "@" in text and check_email(text) is None:
        alternatives.append(equals_ignoring_case("contactEmail", text))
    alternatives.append(contains("contactEmail", text))
    if "@" not in text:
        # "acme.com" or "St.Gallen" may as well be in the company's name.
        alternatives.append(folded_contains("company", text))
    return alternatives


def _number_plan(text: str) -> list[str | None]:
    digits = phone_digits(text)
    alternatives: list[str | None] = [f"customerNumber:~^{text}"]
    if digits and (text.startswith("0") or len(text) >= 10):
        # Typed without separators, a phone number has its trunk prefix or is long; a shorter
        # number is a customer number, and the phone scan (no index serves it) is spared. A
        # bare "0" or "00" is only a prefix: no digits are left to look for.
        alternatives.append(_bounded("contactPhone", phone_regex(digits)))
    # Not the registration id: it is no indexed field, and ids carry letters or dashes.
    return alternatives


def _phone_plan(text: str) -> list[str | None]:
    digits = phone_digits(text)
    # "+0 -" keeps no digit once the prefix is dropped: an empty pattern would be refused.
    alternatives: list[str | None] = (
        [_bounded("contactPhone", phone_regex(digits))] if digits else []
    )
    if not text.startswith(("+", "0")) or not alternatives:
        # "123-456-789" is as likely a registration id as a phone number.
        alternatives.append(contains(REGISTRATION_ID, text))
    return alternatives


def _one_word(word: str) -> list[str | None]:
    alternatives: list[str | None] = [
        folded_starts_with("lastName", word),
        folded_starts_with("firstName", word),
        folded_contains("company", word),
        # Addresses are ASCII: "müller" looks for muller, what a mail system would keep. From
        # the start, as names: a piece from the middle has an @ or a dot (the e-mail plan).
        starts_with("contactEmail", "".join(fold_char(c) for c in word)),
    ]
    if any(c.isdigit() for c in word) and any(c.isalpha() or c in "-/." for c in word):
        alternatives.append(contains(REGISTRATION_ID, word))
    return alternatives


def _word_field(field: str, word: str) -> str:
    if field == "company":
        return folded_contains(field, word)
    return folded_starts_with(field, word)


def _two_words(first: str, second: str) -> list[str | None]:
    pairs = [
        ("firstName", "lastName"),
        ("lastName", "firstName"),
        ("firstName", "company"),
        ("lastName", "company"),
        ("company", "company"),
    ]
    whole = f"{first} {second}"
    return [
        *(and_(_word_field(a, first), _word_field(b, second)) for a, b in pairs),
        folded_starts_with("lastName", whole),
        folded_starts_with("firstName", whole),
    ]


def _many_words(words: list[str]) -> list[str | None]:
    # Every assignment of words to fields would be 3^n queries: these are the ones agents type
    # (a full name, a name and a company, a company name) and stay under ten.
    whole = " ".join(words)
    first, rest = words[0], " ".join(words[1:])
    head, last = " ".join(words[:-1]), words[-1]
    company_words = [folded_contains("company", w) for w in words]
    return [
        and_(folded_starts_with("firstName", first), folded_starts_with("lastName", rest)),
        and_(folded_starts_with("firstName", head), folded_starts_with("lastName", last)),
        and_(folded_starts_with("lastName", first), folded_starts_with("firstName", rest)),
        and_(
            folded_starts_with("firstName", first),
            folded_starts_with("lastName", words[1]),
            *(folded_contains("company", w) for w in words[2:]),
        ),
        and_(folded_starts_with("lastName", first), *company_words[1:]),
        and_(*company_words),
        folded_starts_with("lastName", whole),
    ]


def plan_search(text: str, filters: Sequence[str] = ()) -> SearchPlan:
    """The queries for what the agent typed, each ANDed with the `filters` (raw `q` fragments).

    ValidationFailed (field "search") for a raw query naming a field Emporix does not know, or
    text too long to search for, before anything is sent.
    """
    text = text.strip()

    def plan(kind: str, alternatives: list[str | None]) -> SearchPlan:
        return SearchPlan(kind, tuple(and_(alt, *filters) for alt in alternatives), text)

    if not text:
        return plan("all", [None])
    if is_raw_query(text):
        check_raw_fields(text)
        return plan("raw", [text])
    if _NUMBER_RE.match(text):
        return plan("number", _number_plan(text))
    if _PHONE_RE.match(text) and len(phone_digits(text)) >= 4:
        return plan("phone", _phone_plan(text))
    if _EMAILISH_RE.match(text):
        return plan("email", _email_plan(text))
    words = search_words(text)
    if not words:
        # Only punctuation: still a valid, narrow search for that text.
        return plan("words", [contains("company", text), contains("contactEmail", text)])
    if len(words) == 1:
        return plan("words", _one_word(words[0]))
    if len(words) == 2:
        return plan("words", _two_words(*words))
    return plan("words", _many_words(words))
