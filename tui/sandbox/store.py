"""SQLite storage of customers: one JSON document per customer plus indexed hot columns."""

from __future__ import annotations

import json
import math
import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from . import trigrams
from .demo import FIRST_NUMBER
from .errors import ApiError, customer_not_found, duplicate, version_conflict
from .files import private_database
from .limits import (
    MAX_DOC_BYTES,
    budget_exceeded,
    check_budget,
    document_too_large,
    expired,
    in_request,
    progress_handler,
)
from .qlang import INDEXED, Sql
from .regexes import sql_regexp

Doc = dict[str, Any]

_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
    number TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL,
    email TEXT, first TEXT, last TEXT, company TEXT, phone TEXT,
    email_l TEXT, first_l TEXT, last_l TEXT, company_l TEXT, phone_l TEXT,
    on_hold INTEGER, active INTEGER, restriction TEXT, business_model TEXT, created TEXT
);
CREATE TABLE IF NOT EXISTS accounts (email_l TEXT PRIMARY KEY, number TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS accounts_number ON accounts (number);
CREATE TABLE IF NOT EXISTS deleted (number TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS legacy_auth (number TEXT PRIMARY KEY);
"""
    + trigrams.SCHEMA
    + ";"
)
# Indexes beyond the (column, number) ones of INDEXED: descending sorts with their ascending
# tie-break (so a deep page of `lastName:desc` walks an index instead of sorting), and the
# quick filters' flags with the restriction, so a filtered count never reads the table.
EXTRA_INDEXES = {
    "customers_last_l_desc": "last_l DESC, number",
    "customers_created_desc": "created DESC, number",
    "customers_flags": "on_hold, restriction, number",
    "customers_active": "active, restriction, number",
    "customers_model": "business_model, restriction, number",
}
_NAMES = ("contactEmail", "firstName", "lastName", "company", "contactPhone")
_COLUMNS = (
    "number",
    "doc",
    "version",
    "email",
    "first",
    "last",
    "company",
    "phone",
    "email_l",
    "first_l",
    "last_l",
    "company_l",
    "phone_l",
    "on_hold",
    "active",
    "restriction",
    "business_model",
    "created",
)


def _lower(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _flag(value: object) -> int | None:
    return int(value) if isinstance(value, bool) else None


def derive(doc: Doc) -> Doc:
    """Server-computed fields: businessModel follows b2b.legalEntities."""
    b2b = doc.get("b2b")
    entities = b2b.get("legalEntities") if isinstance(b2b, dict) else None
    doc["businessModel"] = "B2B" if entities else "B2C"
    return doc


def _dumps(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _sanitized(value: Any) -> Any:
    """A copy SQLite's JSON functions can read: non-finite numbers become null and lone
    surrogates U+FFFD. Only documents planted behind the API's back need it (the API refuses
    both), but one such document would otherwise break every list page that touches it."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_sanitized(str(k)): _sanitized(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_sanitized(v) for v in value]
    return value


def safe_json(doc: Doc) -> tuple[Doc, str]:
    """The document and its JSON text, both valid for SQLite and for strict JSON readers."""
    try:
        text = _dumps(doc)
        text.encode("utf-8")
    except ValueError:  # NaN or Infinity, or a lone surrogate (UnicodeEncodeError)
        doc = _sanitized(doc)
        text = _dumps(doc)
    return doc, text


def row(doc: Doc, text: str | None = None) -> tuple[Any, ...]:
    """The table row of a customer document: the JSON and its indexed columns."""
    return (
        doc["customerNumber"],
        text if text is not None else json.dumps(doc, ensure_ascii=False, separators=(",", ":")),
        int(doc.get("metadata", {}).get("version", 1)),
        *(_text(doc.get(name)) for name in _NAMES),
        *(_lower(doc.get(name)) for name in _NAMES),
        _flag(doc.get("onHold")),
        _flag(doc.get("active")),
        doc.get("restriction") if isinstance(doc.get("restriction"), str) else None,
        doc.get("businessModel"),
        doc.get("metadataCreatedAt") if isinstance(doc.get("metadataCreatedAt"), str) else None,
    )


_DEFAULT_ADDRESS = (
    "(SELECT value FROM json_each(doc, '$.addresses') "
    "WHERE json_extract(value, '$.isDefault') = 1 LIMIT 1)"
)


def _page_sql(marks: str, hide: Iterable[str] | None) -> str:
    if hide is None:
        return f"SELECT rowid, doc FROM customers WHERE rowid IN ({marks})"
    paths = "".join(f", '$.\"{key}\"'" for key in hide)
    return (
        "SELECT rowid, CASE WHEN d IS NULL THEN s "
        "ELSE json_set(s, '$.defaultAddress', json(d)) END FROM ("
        f"SELECT rowid, json_remove(doc{paths}) AS s, {_DEFAULT_ADDRESS} AS d "
        f"FROM customers WHERE rowid IN ({marks}))"
    )


def _page_ids(
    db: sqlite3.Connection,
    where_sql: str,
    params: list[Any],
    order: list[tuple[str, bool]],
    limit: int,
    offset: int,
    total: int,
) -> list[int]:
    """The rowids of one page. OFFSET walks every row before it, so a page past the middle is
    read from the other end: the same order reversed (every order ends with the unique
    customer number, so reversing it reverses the sequence exactly, NULLs included), then
    turned round. The last page of 1,000,000 is then as quick as the first."""
    select = f"SELECT rowid FROM customers {where_sql} ORDER BY "
    unique = bool(order) and order[-1][0] == "number"
    if not unique or offset <= total // 2 or offset >= total:
        order_sql = ", ".join(f"{expr} {'DESC' if desc else 'ASC'}" for expr, desc in order)
        rows = db.execute(select + order_sql + " LIMIT ? OFFSET ?", [*params, limit, offset])
        return [r[0] for r in rows]
    end = min(offset + limit, total)
    reverse = ", ".join(f"{expr} {'ASC' if desc else 'DESC'}" for expr, desc in order)
    rows = db.execute(select + reverse + " LIMIT ? OFFSET ?", [*params, end - offset, total - end])
    return [r[0] for r in rows][::-1]


# The distinct restrictions in use, one index seek each (SQLite would walk the whole index).
_RESTRICTIONS_SQL = (
    "WITH RECURSIVE r(v) AS (SELECT (SELECT min(restriction) FROM customers) UNION ALL "
    "SELECT (SELECT min(restriction) FROM customers WHERE restriction > r.v) FROM r "
    "WHERE r.v IS NOT NULL) SELECT v FROM r WHERE v IS NOT NULL"
)


def _restrictions(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute(_RESTRICTIONS_SQL).fetchall()]


@contextmanager
def _budgeted() -> Iterator[None]:
    """The progress handler's abort as the API's answer: the request ran out of time."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc) and expired():
            raise budget_exceeded() from None
        raise


class _Connection(sqlite3.Connection):
    """A connection that can be weakly referenced (the base class cannot)."""


class Store:
    """Thread-safe access to one SQLite database; every change is one short transaction.

    Changes go through one writer connection behind a lock, so a version check and its write
    are one serialized transaction. Reads use a connection per thread and run in parallel with
    each other and with a change: the HTTP handlers call the store from worker threads.
    The database is in WAL mode, so readers see the last commit. Without a path (tests, the
    screenshots) it lives in a private scratch file that goes away with the store: SQLite's
    in-memory databases cannot do this (a shared cache deadlocked against the GIL in the
    Python regexp function, and the memdb VFS blocks readers while a change is open).
    """

    def __init__(self, path: Path | None, tenant: str) -> None:
        self.path = path
        self.tenant = tenant
        # Files found readable by others and made private on opening (the server says so).
        self.tightened: list[Path] = []
        self._lock = threading.RLock()
        self._depth = 0
        if path is None:
            scratch = Path(tempfile.mkdtemp(prefix="customer-tui-sandbox-"))
            # Also at exit, for a store nobody closed.
            self._cleanup = weakref.finalize(self, shutil.rmtree, scratch, ignore_errors=True)
            self._file = scratch / "sandbox.db"
            private_database(self._file)
        else:
            created = not path.exists()
            self.tightened = private_database(path)
            self._file = path
        # Only a file this store made may be seeded without a journal (see `bulk`).
        self._created = path is None or created
        self._local = threading.local()
        # Weak: a worker thread that ends takes its connection with it (the pool's threads
        # come and go), while close() still reaches the live ones.
        self._readers: weakref.WeakSet[sqlite3.Connection] = weakref.WeakSet()
        self._readers_lock = threading.Lock()
        self._closed = False
        self._db = self._connect()
        self._db.execute("PRAGMA journal_mode=WAL")
        # Scratch data need not survive a power cut.
        self._db.execute(f"PRAGMA synchronous={'NORMAL' if path is not None else 'OFF'}")
        self._db.execute("PRAGMA cache_size=-65536")
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(customers)")}
        if columns and not columns >= set(_COLUMNS):
            # A data file from an older sandbox layout: start over with fresh demo data.
            self._db.executescript(
                "DROP TABLE customers; DROP TABLE IF EXISTS accounts; "
                "DROP TABLE IF EXISTS deleted; DROP TABLE IF EXISTS meta;"
                f"DROP TABLE IF EXISTS {trigrams.TABLE};"
            )
        had_trigrams = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = ?", (trigrams.TABLE,)
        ).fetchone()
        self._db.executescript(_SCHEMA)
        if columns and not had_trigrams:
            self._rebuild_trigrams()

    def _rebuild_trigrams(self) -> None:
        """Index a data file made before the trigram index existed (once, on opening it)."""
        with self.transaction() as db:
            db.execute(f"DELETE FROM {trigrams.TABLE}")
            for rowid, text in db.execute("SELECT rowid, doc FROM customers").fetchall():
                trigrams.add(db, rowid, json.loads(text))
            for name, columns in EXTRA_INDEXES.items():
                db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON customers ({columns})")

    @property
    def file(self) -> Path:
        """The SQLite file in use: `path`, or the scratch file of throwaway data."""
        return self._file

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self._file,
            check_same_thread=False,
            isolation_level=None,
            factory=_Connection,
        )
        db.create_function("qregexp", 2, sql_regexp, deterministic=True)
        # Enforces the request's time budget inside a running statement.
        db.set_progress_handler(progress_handler, 20_000)
        db.execute("PRAGMA busy_timeout=5000")
        # Readers share the operating system's pages instead of each caching its own. As much
        # of the file as SQLite maps (its build caps this at 2 GB): on 1,000,000 customers the
        # indexes sit after the documents, 1.2 GB into the file, and read through each
        # connection's small page cache instead they cost a system call per page.
        db.execute("PRAGMA mmap_size=68719476736")
        return db

    def _reader(self) -> sqlite3.Connection:
        """This thread's read connection (opened on first use): reads run in parallel with each
        other and with a change."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            with self._readers_lock:
                if self._closed:
                    raise sqlite3.ProgrammingError("the sandbox store is closed")
                db = self._connect()
                db.execute("PRAGMA cache_size=-16384")
                self._readers.add(db)
            self._local.db = db
        return db

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction, so a count and its page agree even while others write."""
        db = self._reader()
        nested = db.in_transaction
        if not nested:
            db.execute("BEGIN")
        try:
            with _budgeted():
                yield db
        finally:
            if not nested:
                db.execute("COMMIT")

    def read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read transaction on this thread's connection, for the other tables in the file."""
        return self._snapshot()

    def close(self) -> None:
        with self._readers_lock:
            self._closed = True
            readers = list(self._readers)
        for reader in readers:
            reader.close()
        with self._lock:
            self._db.close()
        if self.path is None:
            self._cleanup()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: the read-check-write of a change holds the write lock throughout."""
        with self._lock:
            if self._depth:
                # Already inside this thread's transaction: join it.
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                with _budgeted():
                    yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._depth -= 1

    # -- seeding -------------------------------------------------------------------------

    def is_seeded(self) -> bool:
        with self._lock:
            return self._meta("seeded") is not None

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def reset(self) -> None:
        with self.transaction() as db:
            for table in ("customers", "accounts", "deleted", "meta", "legacy_auth"):
                db.execute(f"DELETE FROM {table}")
            db.execute(f"DELETE FROM {trigrams.TABLE}")
            # customers_on_hold: an older layout's, now part of customers_flags.
            for index in (
                *(f"customers_{i}" for i in INDEXED),
                *EXTRA_INDEXES,
                "customers_on_hold",
            ):
                db.execute(f"DROP INDEX IF EXISTS {index}")

    def insert_seed_rows(
        self,
        rows: list[tuple[Any, ...]],
        accounts: list[tuple[str, str]],
        tri: list[trigrams.TriRow],
    ) -> None:
        """Bulk insert prepared rows (see `row`) and their trigram rows (`trigrams.tri_row`);
        part of seeding, inside its transaction. Both get the same rowids, given here."""
        [(first,)] = self._db.execute("SELECT coalesce(max(rowid), 0) + 1 FROM customers")
        self._db.executemany(
            f"INSERT INTO customers (rowid, {','.join(_COLUMNS)}) "
            f"VALUES ({','.join('?' * (len(_COLUMNS) + 1))})",
            ((first + i, *r) for i, r in enumerate(rows)),
        )
        trigrams.add_many(self._db, [(first + i, *t) for i, t in enumerate(tri)])
        self._db.executemany(
            "INSERT OR IGNORE INTO accounts (email_l, number) VALUES (?, ?)", accounts
        )

    def finish_seed(self, seed: int, count: int, highest: int) -> None:
        """Indexes are built after the bulk insert, which is faster than maintaining them."""
        for index in INDEXED:
            self._db.execute(
                f"CREATE INDEX IF NOT EXISTS customers_{index} ON customers ({index}, number)"
            )
        for name, columns in EXTRA_INDEXES.items():
            self._db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON customers ({columns})")
        self._db.execute(
            "INSERT OR REPLACE INTO meta VALUES ('next_number', ?)", (str(highest + 1),)
        )
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('seeded', ?)", (f"{seed}:{count}",))

    def analyze(self) -> None:
        with self._lock:
            # Statistics from a sample of each index: a tenant up to this size is read whole
            # (the same statistics as before), a million customers in a second, not twenty.
            self._db.execute("PRAGMA analysis_limit=20000")
            self._db.execute("ANALYZE")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """No journal while seeding a large tenant into a file this store has just made: the
        write-ahead log would receive every page once more, to be copied into the file after.
        Such a file has nothing of value in it, and a seeding cut short leaves it without its
        `seeded` mark, so the next start seeds it again. Anything else (an existing file, a
        `--reset`, a file another connection holds) seeds through the log as before."""
        with self._lock:
            empty = self._db.execute("SELECT 1 FROM customers LIMIT 1").fetchone() is None
            try:
                off = (
                    self._created
                    and empty
                    and self._db.execute("PRAGMA journal_mode=OFF").fetchone()[0] == "off"
                )
            except sqlite3.OperationalError:  # another connection has the file open
                off = False
            if not off:
                yield
                return
            self._db.execute("PRAGMA synchronous=OFF")
            # The index builds at the end sort a million keys each: let them use a helper thread.
            self._db.execute("PRAGMA threads=2")
            try:
                yield
            finally:
                self._db.execute("PRAGMA journal_mode=WAL")
                synchronous = "NORMAL" if self.path is not None else "OFF"
                self._db.execute(f"PRAGMA synchronous={synchronous}")

    # -- reading -------------------------------------------------------------------------

    def get(self, number: str) -> Doc | None:
        """The stored document (addresses, accounts and mixins included), or None."""
        rows = (
            self._reader()
            .execute("SELECT doc FROM customers WHERE number = ?", (number,))
            .fetchall()
        )
        return json.loads(rows[0][0]) if rows else None

    def count(self) -> int:
        return int(self._reader().execute("SELECT count(*) FROM customers").fetchall()[0][0])

    def search(
        self,
        where: Sql,
        visible: Iterable[str] | None,
        order: list[tuple[str, bool]],
        limit: int,
        offset: int,
    ) -> tuple[int, list[Doc]]:
        """(total matches, one page of documents). `visible=None` means every restriction."""
        total, texts = self.search_json(where, visible, order, limit, offset, None)
        docs = []
        for text in texts:
            check_budget()
            docs.append(json.loads(text))
        return total, docs

    def search_json(
        self,
        where: Sql,
        visible: Iterable[str] | None,
        order: list[tuple[str, bool]],
        limit: int,
        offset: int,
        hide: Iterable[str] | None,
    ) -> tuple[int, list[str]]:
        """Like `search`, but the page as JSON texts shaped by SQLite itself.

        With `hide` (top-level keys to drop) each customer also gets its `defaultAddress`;
        with None the stored documents come back whole. Skipping the decode and re-encode in
        Python is what keeps a page of 60 fast on a large tenant.
        """
        clauses, params = list(where.where), list(where.params)
        seen = None if visible is None else list(visible)
        with self._snapshot() as db:
            if seen is not None and not set(_restrictions(db)) <= set(seen):
                marks = ",".join("?" * len(seen))
                clauses.append(f"(restriction IS NULL OR restriction IN ({marks}))")
                params.extend(seen)
            # No WHERE at all when nothing filters (nor hides: a client that may see every
            # restriction the tenant's customers have): SQLite then counts from the b-tree
            # directly, and a deep page walks an index without reading a row.
            text = " AND ".join(f"({c})" for c in clauses)
            where_sql = f"WHERE {text}" if text else ""
            order_sql = ", ".join(f"{expr} {'DESC' if desc else 'ASC'}" for expr, desc in order)
            count_sql = f"SELECT count(*) FROM customers {where_sql}"
            # Page through rowids first (indexes cover them), then read only that page's
            # documents: deep pages never walk the large document rows.
            if where.scans:
                # One pass over the index yields both the page and the count.
                found = db.execute(
                    f"SELECT rowid, count(*) OVER () FROM customers {where_sql} "
                    f"ORDER BY {order_sql} LIMIT ? OFFSET ?",
                    [*params, limit, offset],
                ).fetchall()
                ids = [r[0] for r in found]
                if found:
                    total = found[0][1]
                else:
                    [(total,)] = db.execute(count_sql, params).fetchall() if offset else [(0,)]
            else:
                [(total,)] = db.execute(count_sql, params).fetchall()
                ids = _page_ids(db, where_sql, params, order, limit, offset, int(total))
            docs: dict[int, str] = {}
            if ids:
                marks = ",".join("?" * len(ids))
                docs = dict(db.execute(_page_sql(marks, hide), ids).fetchall())
        return int(total), [docs[i] for i in ids]

    # -- changing ------------------------------------------------------------------------

    def _write(self, db: sqlite3.Connection, doc: Doc) -> None:
        doc, text = safe_json(derive(doc))
        if len(text) > MAX_DOC_BYTES // 4 and in_request():
            size = len(text.encode("utf-8"))
            if size > MAX_DOC_BYTES:
                raise document_too_large(size)
        old = db.execute(
            "SELECT rowid FROM customers WHERE number = ?", (doc["customerNumber"],)
        ).fetchone()
        if old is not None:
            # Before the insert: REPLACE may hand the same rowid to the new row.
            trigrams.remove(db, old[0])
        written = db.execute(
            f"INSERT OR REPLACE INTO customers ({','.join(_COLUMNS)}) "
            f"VALUES ({','.join('?' * len(_COLUMNS))})",
            row(doc, text),
        )
        assert written.lastrowid is not None
        trigrams.add(db, written.lastrowid, doc)

    def _load(self, db: sqlite3.Connection, number: str) -> Doc | None:
        row = db.execute("SELECT doc FROM customers WHERE number = ?", (number,)).fetchone()
        return json.loads(row[0]) if row else None

    def _claim_accounts(self, db: sqlite3.Connection, number: str, emails: list[str]) -> None:
        for email in emails:
            owner = db.execute(
                "SELECT number FROM accounts WHERE email_l = ?", (email.lower(),)
            ).fetchone()
            if owner is not None:
                raise duplicate(
                    f"Duplicate account '{email}' for tenant '{self.tenant}'.", "contactEmail"
                )
            db.execute(
                "INSERT INTO accounts (email_l, number) VALUES (?, ?)", (email.lower(), number)
            )

    def _check_number_free(self, db: sqlite3.Connection, number: str) -> None:
        if db.execute("SELECT 1 FROM deleted WHERE number = ?", (number,)).fetchone():
            raise duplicate(
                f"Customer number '{number}' belonged to a deleted customer and cannot be reused.",
                "customerNumber",
            )
        if db.execute("SELECT 1 FROM customers WHERE number = ?", (number,)).fetchone():
            raise duplicate(f"Customer '{number}' already exists.", "id")

    def _next_number(self, db: sqlite3.Connection) -> str:
        candidate = int(self._meta("next_number") or FIRST_NUMBER)
        while db.execute(
            "SELECT 1 FROM customers WHERE number = ?1 UNION SELECT 1 FROM deleted WHERE number = ?1",
            (str(candidate),),
        ).fetchone():
            candidate += 1
        db.execute("INSERT OR REPLACE INTO meta VALUES ('next_number', ?)", (str(candidate + 1),))
        return str(candidate)

    def create(self, doc: Doc, number: str | None = None) -> str:
        """Insert a new customer with its login account; returns its number."""
        with self.transaction() as db:
            if number is None:
                number = self._next_number(db)
            else:
                self._check_number_free(db, number)
            doc = dict(doc, customerNumber=number, id=number)
            emails = [a["id"] for a in doc.get("accounts", []) if isinstance(a.get("id"), str)]
            self._claim_accounts(db, number, emails)
            self._write(db, doc)
        return number

    def is_deleted(self, number: str) -> bool:
        found = self._reader().execute("SELECT 1 FROM deleted WHERE number = ?", (number,))
        return bool(found.fetchall())

    def update(
        self,
        number: str,
        change: Callable[[Doc], Doc | None],
        expected_version: int | None = None,
        bump: bool = True,
    ) -> Doc:
        """Apply `change` to the stored document atomically; 409 when the version is stale.

        `change` gets a copy and returns the new document (or None to leave it unchanged);
        any ApiError it raises rolls the transaction back.
        """
        with self.transaction() as db:
            doc = self._load(db, number)
            if doc is None:
                raise customer_not_found(number)
            current = int(doc.get("metadata", {}).get("version", 1))
            if expected_version is not None and expected_version != current:
                raise version_conflict(expected_version, current)
            new = change(json.loads(json.dumps(doc)))
            if new is None:
                return doc
            new["customerNumber"] = new["id"] = number
            meta = new.setdefault("metadata", {})
            meta["version"] = current + 1 if bump else current
            self._write(db, new)
            return new

    def assign_account(self, number: str, email: str) -> None:
        """Add a login account by e-mail; 409 when any customer already has it."""

        def add(doc: Doc) -> Doc:
            doc.setdefault("accounts", []).append({"id": email})
            return doc

        with self.transaction() as db:
            if self._load(db, number) is None:
                raise customer_not_found(number)
            self._claim_accounts(db, number, [email])
            self.update(number, add)

    def delete(self, number: str) -> None:
        """Remove the customer and its accounts; the number stays used for ever."""
        with self.transaction() as db:
            if self._load(db, number) is None:
                raise customer_not_found(number)
            for (rowid,) in db.execute(
                "SELECT rowid FROM customers WHERE number = ?", (number,)
            ).fetchall():
                trigrams.remove(db, rowid)
            db.execute("DELETE FROM customers WHERE number = ?", (number,))
            db.execute("DELETE FROM accounts WHERE number = ?", (number,))
            db.execute("DELETE FROM legacy_auth WHERE number = ?", (number,))
            db.execute("INSERT OR IGNORE INTO deleted (number) VALUES (?)", (number,))

    # -- tenant settings and import records --------------------------------------------------

    def setting(self, key: str) -> str | None:
        with self._lock:
            return self._meta(f"setting:{key}")

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM meta WHERE key = ?", (f"setting:{key}",))
            else:
                db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (f"setting:{key}", value))

    def mark_legacy_auth(self, number: str) -> None:
        """Record that an imported customer's account still holds a legacy password hash."""
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO legacy_auth (number) VALUES (?)", (number,))

    def legacy_auth_count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM legacy_auth").fetchone()[0])

    def clear_legacy_auth(self) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM legacy_auth")

    def patch(self, number: str, changes: Doc) -> Doc:
        """Shallow-merge `changes` into a customer and bump its version.

        Meant for tests that change a customer behind a client's back.
        """

        def merge(doc: Doc) -> Doc:
            doc.update(changes)
            return doc

        return self.update(number, merge)


__all__ = ["ApiError", "Doc", "Store"]
