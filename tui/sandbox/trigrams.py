"""The trigram index of what agents search inside: e-mail, phone digits and registration id.

"Contains" searches (`contactEmail:~(?i)dubois`, a phone number's digits, a registration id)
match anywhere in a value, so no sorted index serves them and a tenant of 1,000,000 customers
would be read whole for each. An FTS5 table with the trigram tokenizer finds the rows holding
a text of three or more characters from its index instead. It only narrows: every query that
uses it keeps its exact condition, so the answer is the same as a scan's (tests compare them).

Its rows share the customers' rowids. What it holds is chosen so that it can never miss a row
the exact condition would find:
- `email`: the lowercased contact e-mail (the column `email_l`), as "contains" compares it;
- `digits`: the contact phone's ASCII digits only, since `3\\D*6\\D*4` (a phone search) holds
  exactly when the digits, separators dropped, contain 364 (RE2's `\\D` is anything but 0-9);
- `regid`: the registration id case-folded (`str.casefold` folds the Kelvin sign to k and the long s to s, as
  RE2's `(?i)` does), for `b2b.companyRegistrationId:~…` with ASCII text.
"""

from __future__ import annotations

import sqlite3
from typing import Any

TABLE = "customers_tri"
SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "email, digits, regid, tokenize='trigram', detail='none')"
)
MIN_TEXT = 3
"""Shorter texts have no trigram: the index cannot narrow them, so queries do not use it."""
_DIGITS = frozenset("0123456789")
_LIKE_SPECIAL = frozenset("%_\\")

Doc = dict[str, Any]
TriRow = tuple[str | None, str | None, str | None]


def phone_digits(value: object) -> str | None:
    return "".join(c for c in value if c in _DIGITS) if isinstance(value, str) else None


def tri_row(doc: Doc) -> TriRow:
    """What the index holds for one customer document."""
    email = doc.get("contactEmail")
    b2b = doc.get("b2b")
    regid = b2b.get("companyRegistrationId") if isinstance(b2b, dict) else None
    return (
        email.lower() if isinstance(email, str) else None,
        phone_digits(doc.get("contactPhone")),
        regid.casefold() if isinstance(regid, str) else None,
    )


def usable(text: str) -> bool:
    """Whether `text` (already in the column's case) can be looked up: long enough, and no
    character that LIKE would read as a wildcard."""
    return len(text) >= MIN_TEXT and not any(c in _LIKE_SPECIAL for c in text)


def narrowing(column: str, text: str) -> tuple[str, list[object]]:
    """SQL keeping only the customers whose `column` in the index contains `text` (or more:
    LIKE also ignores ASCII case); the caller's own condition decides."""
    return f"rowid IN (SELECT rowid FROM {TABLE} WHERE {column} LIKE ?)", [f"%{text}%"]


def remove(db: sqlite3.Connection, rowid: int) -> None:
    db.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))


def add(db: sqlite3.Connection, rowid: int, doc: Doc) -> None:
    db.execute(
        f"INSERT INTO {TABLE} (rowid, email, digits, regid) VALUES (?, ?, ?, ?)",
        (rowid, *tri_row(doc)),
    )


def add_many(
    db: sqlite3.Connection, rows: list[tuple[int, str | None, str | None, str | None]]
) -> None:
    db.executemany(f"INSERT INTO {TABLE} (rowid, email, digits, regid) VALUES (?, ?, ?, ?)", rows)
