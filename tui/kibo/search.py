"""Turns what an agent types into one Kibo `filter` over B2B accounts (Kibo has no regex).

Rules (README, "What the search finds"):
- empty text lists every account;
- a filter in Kibo's own words (`companyOrOrganization sw 'Nor'`) passes through, and
  `field:value` is read as `field eq 'value'`, once every field it names is one accounts can be
  filtered on (`foo:bar` is refused in words before any request);
- digits are an account id, exactly or as the start of a longer id (`100` finds 1001 … 1009
  through numeric ranges, which Kibo compares as numbers), or part of the tax or external id;
- anything else is words that must all appear: each word anywhere in the company name (or, with
  a digit in it, in the tax or external id). Accents and case are folded both ways by OR-ing a
  bounded list of spellings per word (`muller` → muller, müller, mueller, …; `lea` → léa, …), as
  `cont` only ignores case.

User text only ever appears inside a quoted literal, with its quotes doubled (`quote`), so it
cannot end the literal and widen the filter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.core.errors import FieldIssue
from tui.core.textfold import DIGRAPH_VOWELS, fold_char, match_rank, search_key
from tui.kibo.errors import KiboInvalid
from tui.kibo.models import B2BAccount

__all__ = [
    "ACCOUNT_FIELDS",
    "MAX_TERMS",
    "AccountSearch",
    "plan_account_search",
    "quote",
    "rank_account",
    "spellings",
]

ACCOUNT_FIELDS = (
    "id", "companyOrOrganization", "parentAccountId", "rootAccountId", "approvalStatus",
    "isActive", "priceList", "taxExempt", "taxId", "externalId", "customerSet", "accountType",
    "customerSinceDate", "priority", "migrationRequired", "auditInfo.createDate",
    "auditInfo.updateDate", "salesReps.adminUserId",
)  # fmt: skip
"""The fields a B2B account list can be filtered on (those of the account the spec lists)."""

MAX_TERMS = 36
"""Conditions in one filter, at most; the sandbox refuses more than 40, as a real service may."""
MAX_WORDS = 6
MAX_SPELLINGS = 24
"""Spellings OR-ed for one word, at most (fewer when several words share MAX_TERMS)."""

# Accented letters by how often agents meet them in names (German, Spanish, French, Portuguese,
# Polish, Czech, Nordic), the commonest first: the spellings of a word are tried in this order.
_ACCENTS = "üöäéáóíúèñçàêôãšżłńčëïîâòõøåśžýřęąćźùûì"
_DIGRAPHS_AFTER = 3
"""ue/oe/ae are tried right after ü, ö and ä."""
_OPERATORS = "eq|ne|gt|lt|ge|le|sw|cont"
_FILTER_RE = re.compile(rf"^\s*[A-Za-z_][\w.]*\s+({_OPERATORS})\s", re.IGNORECASE)
_FIELD_RE = re.compile(rf"([A-Za-z_][\w.]*)\s+(?:{_OPERATORS})\s", re.IGNORECASE)
_COLON_RE = re.compile(r"^\s*([A-Za-z_][\w.]*):(\S.*)$")
_QUOTED_RE = re.compile(r"'(?:[^']|'')*'")
_NUMBER_RE = re.compile(r"^[0-9]{1,10}$")
_INT_MAX = 2**31 - 1


def quote(value: str) -> str:
    """A filter literal: in single quotes, a quote inside doubled."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class AccountSearch:
    """The filter for one input; `kind` says how it was read, `text` is what was typed."""

    kind: str
    """"all", "raw", "number" or "words"."""
    filter: str | None
    text: str = ""


def _refuse(field: str) -> KiboInvalid:
    why = (
        f"'{field}' is not a field Kibo B2B accounts can be filtered on: use one such as "
        "companyOrOrganization, id, taxId, externalId, approvalStatus or isActive"
    )
    return KiboInvalid(why, details=[FieldIssue("search", why, "unknown_field")])


def _known(field: str) -> str:
    for name in ACCOUNT_FIELDS:
        if name.lower() == field.lower():
            return name
    raise _refuse(field)


def _raw(text: str) -> str:
    for field in _FIELD_RE.findall(_QUOTED_RE.sub("''", text)):
        _known(field)
    return text


def _literal(value: str) -> str:
    if value in ("true", "false", "null") or _NUMBER_RE.match(value):
        return value
    return quote(value.strip("'\""))


def _colon(field: str, value: str) -> str:
    return f"{_known(field)} eq {_literal(value.strip())}"


def spellings(word: str, limit: int = MAX_SPELLINGS) -> list[str]:
    """Ways the word may be written, lowercased: as typed, without accents, then with one
    letter accented (or a/o/u as ae/oe/ue), the commonest accents first; at most `limit`."""
    key = search_key(word)
    found = dict.fromkeys([word.lower(), key])
    for n, accent in enumerate(_ACCENTS):
        if n == _DIGRAPHS_AFTER:
            for i, ch in enumerate(key):
                if ch in DIGRAPH_VOWELS:
                    found.setdefault(key[:i] + ch + "e" + key[i + 1 :])
        base = fold_char(accent)
        for i, ch in enumerate(key):
            if ch == base:
                found.setdefault(key[:i] + accent + key[i + 1 :])
        if len(found) >= limit:
            break
    return [s for s in found if s][:limit]


def _any(conditions: list[str]) -> str:
    return conditions[0] if len(conditions) == 1 else "(" + " or ".join(conditions) + ")"


def _number(text: str) -> str:
    # Kibo compares ids as numbers: "starts with 100" is id 100, or 1000-1009, 10000-10099, ...
    value = int(text)
    conditions = [f"id eq {value}"] if value <= _INT_MAX else []
    for extra in range(1, 4):
        low, high = value * 10**extra, (value + 1) * 10**extra
        if high > _INT_MAX:
            break
        conditions.append(f"(id ge {low} and id lt {high})")
    conditions += [f"taxId cont {quote(text)}", f"externalId cont {quote(text)}"]
    return _any(conditions)


def _words(words: list[str]) -> str:
    if len(words) > MAX_WORDS:
        why = f"Search for at most {MAX_WORDS} words at once on Kibo: leave out the least telling"
        raise KiboInvalid(why, details=[FieldIssue("search", why, "too_many_words")])
    budget = max(1, (MAX_TERMS - 2 * sum(any(c.isdigit() for c in w) for w in words)))
    per_word = max(1, min(MAX_SPELLINGS, budget // len(words)))
    parts = []
    for word in words:
        conditions = [f"companyOrOrganization cont {quote(s)}" for s in spellings(word, per_word)]
        if any(c.isdigit() for c in word):
            conditions += [f"taxId cont {quote(word)}", f"externalId cont {quote(word)}"]
        parts.append(_any(conditions))
    return " and ".join(parts)


def plan_account_search(text: str, filters: Sequence[str] = ()) -> AccountSearch:
    """The filter for what the agent typed, ANDed with `filters` (Kibo filter fragments).

    KiboInvalid (field "search") for a field accounts cannot be filtered on, before any request.
    """
    text = text.strip()
    extra = [f"({f})" for f in filters if f.strip()]

    def plan(kind: str, condition: str | None) -> AccountSearch:
        parts = [f"({condition})"] if condition and extra else [condition] if condition else []
        return AccountSearch(kind, " and ".join([*parts, *extra]) or None, text)

    if not text:
        return plan("all", None)
    if _FILTER_RE.match(text):
        return plan("raw", _raw(text))
    colon = _COLON_RE.match(text)
    if colon:
        return plan("raw", _colon(colon.group(1), colon.group(2)))
    if _NUMBER_RE.match(text):
        return plan("number", _number(text))
    words = [w.strip(":,;\"'()[]{}<>") for w in text.split()]
    return plan("words", _words([w for w in words if w] or [text]))


def rank_account(text: str, kind: str) -> Callable[[B2BAccount], int] | None:
    """The rank of each account for what was typed (exact matches first), or None when the
    order is the server's."""
    if kind in ("all", "raw") or not text:
        return None

    def rank(account: B2BAccount) -> int:
        exact = [str(account.id), account.tax_id, account.external_id]
        return match_rank(text, exact, [account.company_or_organization])

    return rank
