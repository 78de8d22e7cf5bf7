"""Kibo's `filter` (eq ne gt lt ge le sw cont, and, or, parentheses) and `sortBy`, as bounded SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .errors import KiboError

MAX_FILTER = 2000
MAX_TERMS = 40
MAX_DEPTH = 8
OPERATORS = ("eq", "ne", "gt", "lt", "ge", "le", "sw", "cont")
_SQL_OPS = {"gt": ">", "lt": "<", "ge": ">=", "le": "<="}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
Part = tuple[str, list[Any]]


@dataclass(frozen=True)
class Fields:
    """What one collection can be filtered and sorted on: field name → JSON path.

    `arrays` are fields inside a list (`roles.roleId`): a condition on them holds when it holds
    for any member. Names match without regard to case (the spec does not say; lenient).
    """

    scalars: dict[str, str]
    arrays: dict[str, tuple[str, str]] = field(default_factory=dict)
    quick: tuple[str, ...] = ()
    """Fields the quick search `q` looks in."""
    columns: dict[str, str] = field(default_factory=dict)
    """JSON path → a column of the table that holds exactly `json_extract(doc, path)`."""
    lowered: dict[str, str] = field(default_factory=dict)
    """JSON path → a column holding exactly `lower(CAST(json_extract(doc, path) AS TEXT))`."""

    def value(self, path: str) -> Part:
        """The SQL expression (and its parameters) of the value at `path`."""
        column = self.columns.get(path)
        return (column, []) if column else ("json_extract(doc, ?)", [path])

    def lookup(self, name: str) -> tuple[str, str | None] | None:
        low = name.lower()
        for known, path in self.scalars.items():
            if known.lower() == low:
                return path, None
        for known, (array, member) in self.arrays.items():
            if known.lower() == low:
                return array, member
        return None

    def names(self) -> list[str]:
        return [*self.scalars, *self.arrays]


def fields(
    *names: str,
    arrays: dict[str, tuple[str, str]] | None = None,
    quick: tuple[str, ...] = (),
    columns: dict[str, str] | None = None,
    lowered: dict[str, str] | None = None,
) -> Fields:
    return Fields({n: "$." + n for n in names}, arrays or {}, quick, columns or {}, lowered or {})


@dataclass
class Sql:
    """A WHERE clause and its parameters; the document column is called `doc`."""

    where: str = ""
    params: list[Any] = field(default_factory=list)


class _Tokens:
    """Splits a filter into words, quoted strings and parentheses, in one pass."""

    def __init__(self, text: str) -> None:
        self.items: list[tuple[str, str]] = []
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c.isspace():
                i += 1
            elif c in "()":
                self.items.append(("paren", c))
                i += 1
            elif c == "'":
                out, i = [], i + 1
                while True:
                    if i >= n:
                        raise _bad("a quoted value is not closed with '")
                    if text[i] == "'":
                        if i + 1 < n and text[i + 1] == "'":
                            out.append("'")
                            i += 2
                            continue
                        i += 1
                        break
                    out.append(text[i])
                    i += 1
                self.items.append(("string", "".join(out)))
            else:
                start = i
                while i < n and not text[i].isspace() and text[i] not in "()'":
                    i += 1
                self.items.append(("word", text[start:i]))
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise _bad("the filter ends too early")
        self.pos += 1
        return token


def _bad(why: str) -> KiboError:
    return KiboError(
        400,
        "MISSING_OR_INVALID_PARAMETER",
        f"Invalid filter: {why}.",
        [("filter", why)],
    )


def _join(parts: list[Part], word: str) -> Part:
    if len(parts) == 1:
        return parts[0]
    return "(" + f" {word} ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]


class _Parser:
    def __init__(self, text: str, known: Fields) -> None:
        self.tokens = _Tokens(text)
        self.known = known
        self.terms = 0

    def parse(self) -> Part:
        part = self.disjunction(0)
        extra = self.tokens.peek()
        if extra is not None:
            raise _bad(f"unexpected {extra[1]!r}")
        return part

    def _keyword(self, word: str) -> bool:
        token = self.tokens.peek()
        if token and token[0] == "word" and token[1].lower() == word:
            self.tokens.pos += 1
            return True
        return False

    def disjunction(self, depth: int) -> Part:
        parts = [self.conjunction(depth)]
        while self._keyword("or"):
            parts.append(self.conjunction(depth))
        return _join(parts, "OR")

    def conjunction(self, depth: int) -> Part:
        parts = [self.unary(depth)]
        while self._keyword("and"):
            parts.append(self.unary(depth))
        return _join(parts, "AND")

    def unary(self, depth: int) -> Part:
        if self.tokens.peek() == ("paren", "("):
            if depth >= MAX_DEPTH:
                raise _bad(f"nests parentheses deeper than {MAX_DEPTH}")
            self.tokens.take()
            inner = self.disjunction(depth + 1)
            if self.tokens.take() != ("paren", ")"):
                raise _bad("a parenthesis is not closed")
            return inner
        return self.comparison()

    def comparison(self) -> Part:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise _bad(f"has more than {MAX_TERMS} conditions")
        kind, name = self.tokens.take()
        if kind != "word":
            raise _bad(f"expected a field name, found {name!r}")
        found = self.known.lookup(name)
        if found is None:
            raise _bad(f"cannot filter on {name!r}; fields: {', '.join(self.known.names())}")
        kind, op = self.tokens.take()
        op = op.lower()
        if kind != "word" or op not in OPERATORS:
            raise _bad(f"expected an operator ({' '.join(OPERATORS)}) after {name}, found {op!r}")
        value = _value(self.tokens.take(), name)
        path, member = found
        if member is None:
            lowered = self.known.lowered.get(path)
            return condition(*self.known.value(path), op, value, name, lowered)
        sql, params = condition("json_extract(m.value, ?)", [member], op, value, name)
        return f"EXISTS (SELECT 1 FROM json_each(doc, ?) AS m WHERE {sql})", [path, *params]


def _value(token: tuple[str, str], name: str) -> Any:
    kind, text = token
    if kind == "string":
        return text
    if kind == "paren":
        raise _bad(f"expected a value after the operator on {name}")
    low = text.lower()
    if low in ("true", "false"):
        return low == "true"
    if low == "null":
        return None
    if _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    return text


def condition(
    expr: str, ep: list[Any], op: str, value: Any, name: str, lowered: str | None = None
) -> Part:
    """One comparison of the JSON value `expr` (its own parameters `ep`) with a literal.

    Text compares without regard to case; a number also matches its text (`userId eq 123`);
    `ne` holds for a missing value too.
    """
    text = f"CAST({expr} AS TEXT)"
    # `lowered`: a column holding exactly lower(CAST(expr AS TEXT)), so no row computes it.
    low = lowered or f"lower({text})"
    if value is None or isinstance(value, bool):
        if op not in ("eq", "ne"):
            raise _bad(f"{str(value).lower()} can only be compared with eq or ne ({name})")
        neg = "NOT " if op == "ne" else ""
        if value is None:
            return f"{expr} IS {neg}NULL", ep
        return f"{expr} IS {neg}?", [*ep, int(value)]
    if op == "sw":
        params = [*(ep if not lowered else []), str(value), str(value)]
        return f"substr({low}, 1, length(?)) = lower(?)", params
    if op == "cont":
        return f"instr({low}, lower(?)) > 0", [*(ep if not lowered else []), str(value)]
    if op in ("eq", "ne"):
        if isinstance(value, int | float):
            sql, params = f"({expr} = ? OR {text} = ?)", [*ep, value, *ep, str(value)]
        else:
            sql, params = f"{low} = lower(?)", [*(ep if not lowered else []), value]
        return (sql, params) if op == "eq" else (f"NOT coalesce({sql}, 0)", params)
    target = expr if isinstance(value, int | float) else text
    return f"{target} {_SQL_OPS[op]} ?", [*ep, value]


def parse_filter(text: str | None, known: Fields) -> Sql:
    """The WHERE clause of a filter; 400 in Kibo's shape when it cannot be read."""
    if not text or not text.strip():
        return Sql()
    if len(text) > MAX_FILTER:
        raise _bad(f"is longer than {MAX_FILTER} characters")
    sql, params = _Parser(text, known).parse()
    return Sql(sql, params)


def quick_search(q: str | None, known: Fields) -> Sql:
    """`q`: every word must appear in one of the collection's quick-search fields."""
    if not q or not q.strip():
        return Sql()
    if len(q) > 200:
        raise KiboError(
            400,
            "MISSING_OR_INVALID_PARAMETER",
            "Missing or invalid parameter: q is longer than 200 characters",
            [("q", "too long")],
        )
    parts: list[Part] = []
    for word in q.split()[:8]:
        alts = [
            condition(*known.value("$." + f), "cont", word, f, known.lowered.get("$." + f))
            for f in known.quick
        ]
        parts.append(_join(alts, "OR"))
    sql, params = _join(parts, "AND")
    return Sql(sql, params)


def parse_sort(text: str | None, known: Fields) -> list[tuple[str, list[Any], bool]]:
    """`sortBy=field asc, other desc` → (expression, its parameters, descending) per field."""
    order: list[tuple[str, list[Any], bool]] = []
    if not text or not text.strip():
        return order
    if len(text) > 300:
        raise KiboError(
            400,
            "MISSING_OR_INVALID_PARAMETER",
            "Missing or invalid parameter: sortBy is too long",
            [("sortBy", "too long")],
        )
    for part in text.split(",")[:5]:
        words = part.split()
        if not words or len(words) > 2:
            raise _sort_bad(part)
        found = known.lookup(words[0])
        direction = words[1].lower() if len(words) == 2 else "asc"
        if found is None or found[1] is not None or direction not in ("asc", "desc"):
            raise _sort_bad(part)
        expr, params = known.value(found[0])
        order.append((expr, params, direction == "desc"))
    return order


def _sort_bad(part: str) -> KiboError:
    why = f"cannot sort by {part.strip()!r}; write a field, then asc or desc"
    return KiboError(
        400,
        "MISSING_OR_INVALID_PARAMETER",
        f"Missing or invalid parameter: sortBy {why}",
        [("sortBy", why)],
    )
