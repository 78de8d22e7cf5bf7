"""The Emporix `q` language: parsed into conditions, compiled to SQLite over the customer store."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import trigrams
from .limits import INT_MAX, INT_MIN
from .regexes import (
    PlainPattern,
    RegexError,
    compile_regex,
    literal_pattern,
    regex_prefix,
    scan_prefix,
)

# Customer fields that live in their own indexed columns. Lower-cased columns serve prefix ranges
# and case-insensitive sorting; the exact value is still checked against the JSON document.
LOWERED = {
    "contactEmail": "email_l",
    "lastName": "last_l",
    "firstName": "first_l",
    "company": "company_l",
    "contactPhone": "phone_l",
}
RAW = {
    "contactEmail": "email",
    "lastName": "last",
    "firstName": "first",
    "company": "company",
    "contactPhone": "phone",
}
EXACT = {
    "customerNumber": "number",
    "id": "number",
    "restriction": "restriction",
    "businessModel": "business_model",
    "metadataCreatedAt": "created",
}
BOOLEAN = {"onHold": "on_hold", "active": "active"}
# Names and companies repeat (a 100,000-customer tenant has about 1,200 companies): "contains"
# tests each distinct value once, then fetches its rows through the index. E-mail addresses and
# phone numbers are nearly all distinct, so there the scan of the index itself is faster.
REPEATING = frozenset({"first", "last", "company", "first_l", "last_l", "company_l"})
# Columns with an index `customers_<column>` on (column, number). Raw names serve exact values
# and case-sensitive prefixes, lowered ones sorting, (?i) prefixes and "contains" scans.
# The flags (onHold, active, businessModel) are indexed with the restriction instead (see
# store.EXTRA_INDEXES), so a quick filter's count never reads the table.
INDEXED = (
    "email_l",
    "first_l",
    "last_l",
    "company_l",
    "phone_l",
    "first",
    "last",
    "company",
    "restriction",
    "created",
)
REGISTRATION_ID = "b2b.companyRegistrationId"
# Paths whose value is a JSON array: a condition below them matches when any element matches.
ARRAYS = ("addresses", "accounts", "b2b.legalEntities", "addresses.tags")

_SEGMENT = re.compile(r"[A-Za-z0-9_$-]+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


class QueryError(ValueError):
    """What is wrong with a `q` expression, phrased for the person who typed it."""


@dataclass(frozen=True)
class Literal:
    text: str
    quoted: bool

    @property
    def number(self) -> float | int | None:
        if self.quoted or not _NUMBER.fullmatch(self.text):
            return None
        return float(self.text) if "." in self.text else int(self.text)

    @property
    def boolean(self) -> bool | None:
        if self.quoted or self.text not in ("true", "false"):
            return None
        return self.text == "true"


@dataclass(frozen=True)
class Condition:
    """One `field:value` term. op: eq, in, regex, cmp, null, exists, missing."""

    field: str
    op: str
    values: tuple[Literal, ...] = ()
    comparisons: tuple[tuple[str, Literal], ...] = ()
    pattern: str = ""


def parse(q: str) -> list[Condition]:
    """All terms of `q` (separated by whitespace, all required); QueryError on anything unclear."""
    conditions: list[Condition] = []
    i, n = 0, len(q)
    while i < n:
        if q[i].isspace():
            i += 1
            continue
        colon = q.find(":", i)
        space = next((j for j in range(i, n) if q[j].isspace()), n)
        if colon < 0 or colon > space:
            raise QueryError(f"'{q[i:space]}' is not a condition; write field:value")
        field = q[i:colon]
        if not all(_SEGMENT.fullmatch(s) for s in field.split(".")):
            raise QueryError(f"'{field}' is not a field name; use letters, digits and dots")
        i = colon + 1
        if i >= n or q[i].isspace():
            raise QueryError(
                f"'{field}:' has no value; use field:value, field:null or field:exists"
            )
        raw, i = _read_value(q, i)
        if i < n and not q[i].isspace():
            raise QueryError(f"unexpected '{q[i]}' after the value of '{field}'")
        conditions.append(_condition(field, raw))
    if not conditions:
        raise QueryError("the query is empty")
    return conditions


def _read_value(q: str, i: int) -> tuple[str, int]:
    n = len(q)
    if q[i] == "(":
        depth, j = 0, i
        quoted = False
        while j < n:
            c = q[j]
            if c == "\\":
                j += 2
                continue
            if c == '"':
                quoted = not quoted
            elif not quoted and c == "(":
                depth += 1
            elif not quoted and c == ")":
                depth -= 1
                if depth == 0:
                    return q[i : j + 1], j + 1
            j += 1
        raise QueryError(f"unbalanced parentheses in '{q[i:]}'")
    if q[i] == '"' or (q[i] in "<>" and '"' in q[i : i + 3]):
        start = q.index('"', i)
        j = start + 1
        while j < n and q[j] != '"':
            j += 2 if q[j] == "\\" else 1
        if j >= n:
            raise QueryError(f"missing closing quote in '{q[i:]}'")
        return q[i : j + 1], j + 1
    j = i
    while j < n and not q[j].isspace():
        j += 1
    return q[i:j], j


def _literal(text: str) -> Literal:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return Literal(text[1:-1].replace('\\"', '"').replace("\\\\", "\\"), True)
    if not text or any(c in text for c in '"()'):
        raise QueryError(f"'{text}' is not a value; put values with spaces in double quotes")
    if _NUMBER.fullmatch(text):
        _check_number(text)
    return Literal(text, False)


def _check_number(text: str) -> None:
    """QueryError for a number SQLite cannot compare: over 64 bits, or too large for a float."""
    whole = text.lstrip("-").split(".")[0]
    shown = text if len(text) <= 24 else f"{text[:20]}… ({len(text)} characters)"
    if "." not in text and (len(whole) > 19 or not INT_MIN <= int(text) <= INT_MAX):
        raise QueryError(f"the number {shown} is out of range: whole numbers must fit in 64 bits")
    if len(whole) > 300:
        raise QueryError(f"the number {shown} is out of range")


MAX_REGEX = 200


def _regex(field: str, pattern: str) -> Condition:
    if not pattern:
        raise QueryError(f"'{field}:~' needs a regular expression after ~")
    if len(pattern) > MAX_REGEX:
        # Every row may be matched against it; a bound keeps one query from stalling the server.
        raise QueryError(f"the regular expression for '{field}' is over {MAX_REGEX} characters")
    try:
        compile_regex(pattern)
    except RegexError as exc:
        raise QueryError(
            f"'{pattern[:60]}' cannot be used as a regular expression: {exc}"
        ) from None
    return Condition(field, "regex", pattern=pattern)


def _comparison(field: str, text: str) -> tuple[str, Literal]:
    m = re.fullmatch(r"(>=|<=|>|<)\s*(.+)", text.strip())
    if not m:
        raise QueryError(f"'{text}' in '{field}' is not a comparison like >=10 or <\"2024-01-01\"")
    lit = _literal(m.group(2))
    if lit.number is None and not lit.quoted:
        raise QueryError(
            f"compare '{field}' with a number or a quoted value such as \"2024-01-01\""
        )
    return m.group(1), lit


def _condition(field: str, raw: str) -> Condition:
    if raw.startswith("~"):
        return _regex(field, raw[1:])
    if raw[0] in "<>":
        return Condition(field, "cmp", comparisons=(_comparison(field, raw),))
    if raw.startswith("("):
        inner = raw[1:-1].strip()
        if not inner:
            raise QueryError(f"'{field}:()' is empty")
        if inner.startswith("~"):
            return _regex(field, inner[1:])
        parts = re.split(r"\s+AND\s+", inner, flags=re.IGNORECASE)
        if len(parts) > 1 or inner[0] in "<>":
            return Condition(field, "cmp", comparisons=tuple(_comparison(field, p) for p in parts))
        items = [_literal(p) for p in _split_list(inner)]
        return Condition(field, "in", values=tuple(items))
    if raw in ("null", "exists", "missing"):
        return Condition(field, raw)
    return Condition(field, "eq", values=(_literal(raw),))


def _split_list(inner: str) -> list[str]:
    items, buf, quoted = [], "", False
    for c in inner:
        if c == '"':
            quoted = not quoted
        if c == "," and not quoted:
            items.append(buf)
            buf = ""
        else:
            buf += c
    items.append(buf)
    if any(not item.strip() for item in items):
        raise QueryError(f"'({inner})' has an empty value in its list")
    return items


@dataclass
class Sql:
    where: list[str]
    params: list[object]

    @property
    def scans(self) -> bool:
        """Whether a condition reads a whole index (a "contains" search), which costs per pass."""
        return any(" INDEXED BY " in w for w in self.where)


def compile_conditions(conditions: list[Condition]) -> Sql:
    """Every condition becomes one SQL boolean expression over the `customers` table."""
    compiled = [_compile(cond) for cond in conditions]
    served = [(text, params, column) for text, params in compiled if (column := _index_of(text))]
    sql = Sql([], [])
    if len(served) > 1:
        # Several conditions an index serves (a first and a last name): SQLite would walk one
        # index and read every row it finds to test the others. The intersection of the
        # indexes' rowids reads only the rows that meet them all, 10x faster at 1,000,000.
        sql.where.append(
            "rowid IN ("
            + " INTERSECT ".join(
                f"SELECT rowid FROM customers INDEXED BY customers_{column} WHERE {text}"
                for text, _, column in served
            )
            + ")"
        )
        for _, params, _ in served:
            sql.params.extend(params)
        compiled = [(text, params) for text, params in compiled if not _index_of(text)]
    for text, params in compiled:
        sql.where.append(text)
        sql.params.extend(params)
    return sql


_RANGE = re.compile(r"\((\w+) >= \? AND \1 < \?\)")
# A name tested once per distinct value (see REPEATING), then found through its index.
_DISTINCT = re.compile(r"(\w+) IN \(SELECT value FROM \(SELECT DISTINCT \1 AS value .*")


def _index_of(text: str) -> str | None:
    """The column whose index alone finds the rows of a compiled condition, if any."""
    match = _RANGE.fullmatch(text) or _DISTINCT.fullmatch(text)
    return match[1] if match and match[1] in INDEXED else None


def _compile(cond: Condition) -> tuple[str, list[object]]:
    field = cond.field
    if field in BOOLEAN and cond.op in ("eq", "in"):
        flags = [v.boolean for v in cond.values]
        if any(f is None for f in flags):
            raise QueryError(f"'{field}' is true or false")
        marks = ",".join("?" * len(flags))
        return f"{BOOLEAN[field]} IN ({marks})", [int(bool(f)) for f in flags]
    if field in RAW:
        return _compile_name(cond, RAW[field], LOWERED[field])
    if field in EXACT:
        return _compile_column(cond, EXACT[field])
    return _compile_json(cond, field.split("."))


def _json_path(segments: list[str]) -> str:
    return "$" + "".join(f'."{s}"' for s in segments)


def _compile_name(cond: Condition, raw: str, lowered: str) -> tuple[str, list[object]]:
    """Names and e-mail: exact values on the raw column, prefix regexes as index ranges."""
    if cond.op in ("eq", "in"):
        texts: list[object] = [v.text for v in cond.values]
        marks = ",".join("?" * len(texts))
        if cond.field == "contactEmail":
            # E-mail addresses are compared case-insensitively, as mail systems do.
            return f"{lowered} IN ({marks})", [str(t).lower() for t in texts]
        return f"{raw} IN ({marks})", texts
    if cond.op == "regex":
        plain = literal_pattern(cond.pattern)
        if plain is not None and (plain.insensitive or raw in INDEXED):
            return _compile_literal(cond, plain, raw, lowered)
        prefix, insensitive = regex_prefix(cond.pattern)
        body = cond.pattern[4:] if insensitive else cond.pattern
        exact = bool(prefix) and scan_prefix(body)[1]
        if not prefix and _DIGITS_APART.fullmatch(cond.pattern):
            return _compile_digits(cond.pattern, raw, lowered, cond.field == "contactPhone")
        if raw in REPEATING:
            # A folded name (`[eé]va`, `sm[iì]`): testing each distinct value once beats a
            # prefix range whose every row is tested.
            return (
                f"{raw} IN (SELECT value FROM (SELECT DISTINCT {raw} AS value "
                f"FROM customers INDEXED BY customers_{raw} LIMIT -1) WHERE qregexp(?, value))"
            ), [cond.pattern]
        if not prefix:
            return f"qregexp(?, {raw})", [cond.pattern]
        if insensitive or cond.field == "contactEmail":
            column, key = lowered, prefix.lower()
            exact = exact and insensitive
        else:
            column, key = raw, prefix
        where = f"{column} >= ? AND {column} < ?"
        params: list[object] = [key, key + "\U0010ffff"]
        if not exact:
            where += f" AND qregexp(?, {raw})"
            params.append(cond.pattern)
        return f"({where})", params
    return _compile_column(cond, raw)


# `3\D*6\D*4`: digits with anything but digits between them, as clients search phone numbers.
_DIGITS_APART = re.compile(r"[0-9](?:\\D\*[0-9])*")
# What phone numbers are written with; a value holding anything else is left to the regex.
_PHONE_SEPARATORS = " .()/+-"


def _compile_digits(pattern: str, raw: str, lowered: str, phone: bool) -> tuple[str, list[object]]:
    """Digits apart as plain SQL: the column without its usual separators contains the digits.

    SQL narrows the rows without a per-row regex; the regex still decides, and a value with any
    other character (an extension "x12", a non-breaking space) is always given to it, so the
    answer is exactly the regex's. The phone's digits are in the trigram index, which narrows
    exactly to the matching rows (see `trigrams`) without reading the others.
    """
    digits = pattern.replace("\\D*", "")
    if phone and trigrams.usable(digits):
        where, params = trigrams.narrowing("digits", digits)
        return f"({where} AND qregexp(?, {lowered}))", [*params, pattern]
    digits_only = lowered
    for sep in _PHONE_SEPARATORS:
        digits_only = f"replace({digits_only}, '{sep}', '')"
    where = (
        f"rowid IN (SELECT rowid FROM customers INDEXED BY customers_{lowered} "
        f"WHERE (instr({digits_only}, ?) > 0 OR {lowered} GLOB '*[^0-9{_PHONE_SEPARATORS}]*')"
        f" AND qregexp(?, {lowered}))"
    )
    # Lower-casing changes no digit and no non-digit into one, so the regex reads either column.
    return f"({where})", [pattern.replace("\\D*", ""), pattern]


def _compile_literal(
    cond: Condition, plain: PlainPattern, raw: str, lowered: str
) -> tuple[str, list[object]]:
    """A regex that only spells out text: plain SQL on the (lowered) column, no per-row regex.

    Prefixes and whole values use the column's index; "contains" scans the small index of the
    column rather than the table (any index holds the rowid).
    """
    column, text = (lowered, plain.text.lower()) if plain.insensitive else (raw, plain.text)
    params: list[object]
    if plain.start and plain.end:
        where, params = f"{column} = ?", [text]
    elif plain.start:
        where, params = f"{column} >= ? AND {column} < ?", [text, text + "\U0010ffff"]
    else:
        params = []
        if column in REPEATING:
            # LIMIT -1 keeps SQLite from pushing the test into the scan (once per row).
            where = (
                f"{column} IN (SELECT value FROM (SELECT DISTINCT {column} AS value "
                f"FROM customers LIMIT -1) WHERE instr(value, ?) > 0)"
            )
        elif column == "email_l" and trigrams.usable(text):
            # The trigram index narrows to the addresses holding the text (and a few more:
            # LIKE ignores ASCII case); instr decides.
            where, params = trigrams.narrowing("email", text)
            where += f" AND instr({column}, ?) > 0"
        else:
            where = (
                f"rowid IN (SELECT rowid FROM customers INDEXED BY customers_{column} "
                f"WHERE instr({column}, ?) > 0)"
            )
        params.append(text)
        if plain.end:
            where += f" AND qregexp(?, {raw})"
            params.append(cond.pattern)
    if plain.insensitive and not text.isascii():
        # RE2's case folding and str.lower() differ for a few letters outside
        # ASCII: the SQL narrows the rows, the regex decides.
        where += f" AND qregexp(?, {raw})"
        params.append(cond.pattern)
    return f"({where})", params


def _compile_column(cond: Condition, column: str) -> tuple[str, list[object]]:
    if cond.op in ("eq", "in"):
        texts: list[object] = [v.text for v in cond.values]
        marks = ",".join("?" * len(texts))
        return f"{column} IN ({marks})", texts
    if cond.op == "regex":
        prefix, insensitive = regex_prefix(cond.pattern)
        if prefix and not insensitive:
            return (
                f"({column} >= ? AND {column} < ? AND qregexp(?, {column}))",
                [prefix, prefix + "\U0010ffff", cond.pattern],
            )
        return f"qregexp(?, {column})", [cond.pattern]
    if cond.op == "cmp":
        parts: list[str] = []
        params: list[object] = []
        for op, lit in cond.comparisons:
            parts.append(f"{column} {op} ?")
            params.append(lit.text)
        return "(" + " AND ".join(parts) + ")", params
    if cond.op in ("null", "missing"):
        return f"{column} IS NULL", []
    return f"{column} IS NOT NULL", []


def _compile_json(cond: Condition, segments: list[str]) -> tuple[str, list[object]]:
    sql, params = _compile_path(cond, "doc", "json_type(doc)", "", segments, 0)
    plain = literal_pattern(cond.pattern) if cond.op == "regex" else None
    text = plain.text if plain else ""
    if text and text.isascii() and text.isprintable() and not any(c in text for c in '"\\'):
        # A JSON string holding the text holds it verbatim (documents are stored unescaped), so
        # LIKE over the document text (ASCII case-blind, in C) skips most rows before the JSON
        # is read and the regex decides.
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if cond.field == REGISTRATION_ID and trigrams.usable(text.casefold()):
            # The trigram index holds registration ids case-folded: only the few customers
            # whose id contains the text are read at all (see `trigrams`).
            narrow, narrow_params = trigrams.narrowing("regid", text.casefold())
            return f"({narrow} AND {sql})", [*narrow_params, *params]
        return f"(doc LIKE ? ESCAPE '\\' AND {sql})", [like, *params]
    return sql, params


def _compile_path(
    cond: Condition, src: str, src_type: str, base: str, segments: list[str], depth: int
) -> tuple[str, list[object]]:
    """A condition on a JSON path below `src`; array steps match when any element matches."""
    for cut in range(1, len(segments) + 1):
        name = ".".join(s for s in (base, *segments[:cut]) if s)
        if name in ARRAYS:
            alias = f"j{depth}"
            negate = cond.op in ("null", "missing")
            inner = replace(cond, op="exists") if negate else cond
            inner_sql, params = _compile_path(
                inner, f"{alias}.value", f"{alias}.type", name, segments[cut:], depth + 1
            )
            exists = (
                f"EXISTS (SELECT 1 FROM json_each({src}, '{_json_path(segments[:cut])}') "
                f"AS {alias} WHERE {inner_sql})"
            )
            return (f"NOT {exists}" if negate else exists), params
    if not segments:
        return _scalar(cond, src, src_type)
    path = _json_path(segments)
    return _scalar(cond, f"json_extract({src}, '{path}')", f"json_type({src}, '{path}')")


def _scalar(cond: Condition, expr: str, vtype: str) -> tuple[str, list[object]]:
    parts: list[str] = []
    params: list[object] = []
    if cond.op in ("eq", "in"):
        for lit in cond.values:
            if lit.boolean is not None:
                parts.append(f"({vtype} = ? OR {expr} = ?)")
                params += ["true" if lit.boolean else "false", lit.text]
            elif lit.number is not None:
                parts.append(f"({expr} = ? OR ({vtype} IN ('integer','real') AND {expr} = ?))")
                params += [lit.text, lit.number]
            else:
                parts.append(f"({vtype} = 'text' AND {expr} = ?)")
                params.append(lit.text)
        return "(" + " OR ".join(parts) + ")", params
    if cond.op == "regex":
        return f"({vtype} = 'text' AND qregexp(?, {expr}))", [cond.pattern]
    if cond.op == "cmp":
        for op, lit in cond.comparisons:
            if lit.number is not None:
                parts.append(f"({vtype} IN ('integer','real') AND {expr} {op} ?)")
                params.append(lit.number)
            else:
                parts.append(f"({vtype} = 'text' AND {expr} {op} ?)")
                params.append(lit.text)
        return "(" + " AND ".join(parts) + ")", params
    if cond.op in ("null", "missing"):
        return f"({vtype} IS NULL OR {vtype} = 'null')", []
    return f"({vtype} IS NOT NULL AND {vtype} != 'null')", []
