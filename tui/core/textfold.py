"""Folding of accents, case and German digraphs, shared by both platforms' search planners.

The search key of a text (`search_key`) is what an agent's spelling and the stored spelling have
in common: every letter lowercased and stripped of its accents ("Müller" and "Muller" → "muller"),
and an `e` right after `a`, `o` or `u` dropped, because German writes ü as ue when accents are
not at hand ("Mueller" → "muller"). Two texts that agree on their key are the same name to an
agent. Planners turn a key back into what their query language can match: an RE2 character class
per letter (Emporix) or a bounded list of spellings (Kibo).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = [
    "DIGRAPH_VOWELS",
    "fold_char",
    "letter_variants",
    "match_rank",
    "search_key",
]

DIGRAPH_VOWELS = frozenset("aou")
"""Vowels after which a written `e` stands for the umlaut (ae = ä, oe = ö, ue = ü)."""

# Letters that NFKD does not decompose but that agents type as their plain Latin letter.
_SPECIAL = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "\u0131": "i", "ŀ": "l"}


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character lowercased and without accents; a character that would fold to several
    (ß → ss) or to none stays itself lowercased, so folding keeps one character per character."""
    low = ch.lower()
    if len(low) != 1:
        return ch
    if low in _SPECIAL:
        return _SPECIAL[low]
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low


def search_key(text: str) -> str:
    """The folded form of `text` that matching compares (see the module docstring)."""
    out: list[str] = []
    for ch in text:
        if ch in "eE" and out and out[-1] in DIGRAPH_VOWELS:
            continue
        out.append(fold_char(ch))
    return "".join(out)


@lru_cache(maxsize=1)
def _variants() -> dict[str, tuple[str, ...]]:
    # Lowercase letters of Latin-1 and Latin Extended-A that fold to a plain letter: what a
    # regex class or a list of spellings needs to cover for that letter. Upper case is left to
    # the query language's own case folding.
    table: dict[str, list[str]] = {}
    for code in range(0xC0, 0x180):
        ch = chr(code)
        if not ch.isalpha() or ch != ch.lower():
            continue
        base = fold_char(ch)
        if base != ch and base.isascii():
            table.setdefault(base, []).append(ch)
    return {base: tuple(chars) for base, chars in table.items()}


def letter_variants(letter: str) -> tuple[str, ...]:
    """The accented lowercase letters that fold to `letter` ("u" → "ù", "ú", "û", "ü", ...)."""
    return _variants().get(letter, ())


def match_rank(text: str, exact: list[str | None], named: list[str | None]) -> int:
    """How well a record matches what was typed; lower ranks first (a stable sort keeps the
    rest in the server's order).

    0: `text` is one of the `exact` values (a customer number, an e-mail, an id), ignoring case;
    1: the folded text is a whole `named` value (a name, "first last", a company);
    2: a `named` value starts with it; 3: a word of one does; 4: anything else.
    """
    plain = text.strip().casefold()
    if plain and any(v is not None and v.casefold() == plain for v in exact):
        return 0
    key = " ".join(search_key(text).split())
    if not key:
        return 4
    best = 4
    for value in named:
        if not value:
            continue
        folded = " ".join(search_key(value).split())
        if folded == key:
            return 1
        if folded.startswith(key):
            best = min(best, 2)
        elif any(word.startswith(key) for word in folded.split()):
            best = min(best, 3)
    return best
