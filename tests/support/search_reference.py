"""A plain reference for the smart search: fold accents and case in Python, then match fields.

It is written apart from the planners (no regex, no query language) so a property test can
compare what the services answer with what an agent would call a match.
"""

from __future__ import annotations

import unicodedata

_SPECIAL = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "\u0131": "i", "ŀ": "l"}


def fold(ch: str) -> str:
    """One character without accent or case (a character that folds to several stays)."""
    low = ch.lower()
    if len(low) != 1:
        return ch
    if low in _SPECIAL:
        return _SPECIAL[low]
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low


def key(text: str) -> str:
    """Folded, and the e of ae/oe/ue dropped (Mueller and Müller are both "muller")."""
    out: list[str] = []
    for ch in text:
        if ch in "eE" and out and out[-1] in "aou":
            continue
        out.append(fold(ch))
    return "".join(out)


def plain(text: str) -> str:
    return "".join(fold(c) for c in text)


def starts(value: str | None, word: str) -> bool:
    return bool(value) and key(value or "").startswith(key(word))


def has(value: str | None, word: str) -> bool:
    """Somewhere in `value` a stretch folds to the word (so an e right before it counts)."""
    if not value:
        return False
    wanted = key(word)
    return any(key(value[i:]).startswith(wanted) for i in range(len(value)))


def has_plain(value: str | None, text: str) -> bool:
    return bool(value) and text.casefold() in (value or "").casefold()


def digits(text: str | None) -> str:
    return "".join(c for c in text or "" if c.isascii() and c.isdigit())


def phone_key(text: str) -> str:
    d = digits(text)
    return d[2:] if d.startswith("00") else d[1:] if d.startswith("0") else d
