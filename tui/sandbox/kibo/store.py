"""Kibo accounts and users in the sandbox's SQLite file: own tables, one JSON document per row."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from ..store import Store
from .errors import not_found
from .filters import Sql

Doc = dict[str, Any]
LAYOUT = "3"
# What account searches and sorts read, kept beside the document by SQLite itself (stored
# generated columns: each holds exactly json_extract of its path, its type included, since the
# columns have no declared type), so a search of thousands of accounts parses no JSON.
ACCOUNT_COLUMNS = {
    "$.id": "c_id",
    "$.companyOrOrganization": "c_company",
    "$.taxId": "c_tax_id",
    "$.externalId": "c_external_id",
    "$.approvalStatus": "c_status",
    "$.isActive": "c_active",
    "$.rootAccountId": "c_root",
}
# The same for what `cont`, `sw` and `eq` compare: the text lowered as SQLite lowers it.
ACCOUNT_LOWERED = {
    "$.companyOrOrganization": "l_company",
    "$.taxId": "l_tax_id",
    "$.externalId": "l_external_id",
}
_GENERATED = "".join(
    f", {column} GENERATED ALWAYS AS (json_extract(doc, '{path}')) STORED"
    for path, column in ACCOUNT_COLUMNS.items()
) + "".join(
    f", {column} GENERATED ALWAYS AS (lower(CAST(json_extract(doc, '{path}') AS TEXT))) STORED"
    for path, column in ACCOUNT_LOWERED.items()
)
_TABLES = (
    "CREATE TABLE IF NOT EXISTS kibo_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS kibo_accounts (id INTEGER PRIMARY KEY, doc TEXT NOT NULL"
    f"{_GENERATED})",
    "CREATE INDEX IF NOT EXISTS kibo_accounts_company ON kibo_accounts (c_company, id)",
    "CREATE INDEX IF NOT EXISTS kibo_accounts_root ON kibo_accounts (c_root)",
    "CREATE TABLE IF NOT EXISTS kibo_users (account_id INTEGER NOT NULL, user_id TEXT NOT NULL, "
    "doc TEXT NOT NULL, PRIMARY KEY (account_id, user_id))",
)
Order = list[tuple[str, list[Any], bool]]


SeedRows = tuple[list[tuple[int, str]], list[tuple[int, str, str]]]


def _dump(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def seed_rows(accounts: list[Doc], users: list[tuple[int, Doc]]) -> SeedRows:
    """The table rows of demo data, ready to insert."""
    return (
        [(a["id"], _dump(a)) for a in accounts],
        [(acc, u["userId"], _dump(u)) for acc, u in users],
    )


class KiboStore:
    """Reads and changes Kibo data through the sandbox store's connections.

    Writes go through `Store.transaction()` (one writer, so a read-check-write is atomic and
    serialised with the Emporix side); reads through `Store.read()`, in parallel.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.transaction() as db:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'kibo_meta'").fetchone()
            layout = (
                db.execute("SELECT value FROM kibo_meta WHERE key = 'layout'").fetchone()
                if found
                else None
            )
            if found and (layout is None or layout[0] != LAYOUT):
                for table in ("kibo_meta", "kibo_accounts", "kibo_users"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _TABLES:
                db.execute(statement)

    # -- seeding -------------------------------------------------------------------------

    def is_seeded(self) -> bool:
        with self.store.read() as db:
            return db.execute("SELECT 1 FROM kibo_meta WHERE key = 'seeded'").fetchone() is not None

    def replace_all(self, rows: SeedRows, seed: int) -> None:
        """Replace every account and user with prepared rows (see `seed_rows`)."""
        accounts, users = rows
        with self.store.transaction() as db:
            for table in ("kibo_meta", "kibo_accounts", "kibo_users"):
                db.execute(f"DELETE FROM {table}")
            db.executemany("INSERT INTO kibo_accounts (id, doc) VALUES (?, ?)", accounts)
            db.executemany(
                "INSERT INTO kibo_users (account_id, user_id, doc) VALUES (?, ?, ?)", users
            )
            db.execute("CREATE INDEX IF NOT EXISTS kibo_users_id ON kibo_users (user_id)")
            db.executemany(
                "INSERT INTO kibo_meta VALUES (?, ?)", [("layout", LAYOUT), ("seeded", str(seed))]
            )

    # -- reading -------------------------------------------------------------------------

    def account(self, account_id: int) -> Doc | None:
        with self.store.read() as db:
            row = db.execute("SELECT doc FROM kibo_accounts WHERE id = ?", (account_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def require_account(self, account_id: int) -> Doc:
        doc = self.account(account_id)
        if doc is None:
            raise not_found("B2BAccount", account_id)
        return doc

    def accounts_where(self, column_sql: str, params: Iterable[Any]) -> list[Doc]:
        with self.store.read() as db:
            rows = db.execute(
                f"SELECT doc FROM kibo_accounts WHERE {column_sql} ORDER BY id", list(params)
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def page(
        self,
        table: str,
        where: list[Sql],
        order: Order,
        start: int,
        size: int,
        scope: tuple[str, list[Any]] | None = None,
    ) -> tuple[int, list[Doc]]:
        """(total, one page) of `kibo_accounts` or `kibo_users` matching every clause."""
        clauses = [w.where for w in where if w.where]
        params = [p for w in where if w.where for p in w.params]
        if scope is not None:
            clauses.insert(0, scope[0])
            params[0:0] = scope[1]
        where_sql = ("WHERE " + " AND ".join(f"({c})" for c in clauses)) if clauses else ""
        order_sql = ", ".join(f"{e} {'DESC' if d else 'ASC'}" for e, _, d in order)
        order_params = [p for _, ps, _ in order for p in ps]
        tie = "id" if table == "kibo_accounts" else "rowid"
        order_sql = f"{order_sql}, {tie}" if order_sql else tie
        with self.store.read() as db:
            if not clauses:
                [(total,)] = db.execute(f"SELECT count(*) FROM {table}").fetchall()
                rows = db.execute(
                    f"SELECT doc FROM {table} ORDER BY {order_sql} LIMIT ? OFFSET ?",
                    [*order_params, size, start],
                ).fetchall()
                return int(total), [json.loads(r[0]) for r in rows]
            # A filter is tested on every row once, not twice (for the count, then the page):
            # the page's rowids come with the count, then only their documents are read.
            found = db.execute(
                f"SELECT rowid, count(*) OVER () FROM {table} {where_sql} "
                f"ORDER BY {order_sql} LIMIT ? OFFSET ?",
                [*params, *order_params, size, start],
            ).fetchall()
            if found:
                total = found[0][1]
            elif start:
                [(total,)] = db.execute(f"SELECT count(*) FROM {table} {where_sql}", params)
            else:
                total = 0
            ids = [r[0] for r in found]
            docs = dict(
                db.execute(
                    f"SELECT rowid, doc FROM {table} WHERE rowid IN ({','.join('?' * len(ids))})",
                    ids,
                ).fetchall()
            )
        return int(total), [json.loads(docs[i]) for i in ids]

    def user(self, account_id: int, user_id: str) -> Doc | None:
        with self.store.read() as db:
            row = db.execute(
                "SELECT doc FROM kibo_users WHERE account_id = ? AND user_id = ?",
                (account_id, user_id),
            ).fetchone()
        return json.loads(row[0]) if row else None

    def require_user(self, account_id: int, user_id: str) -> Doc:
        self.require_account(account_id)
        doc = self.user(account_id, user_id)
        if doc is None:
            raise not_found("B2BUser", user_id)
        return doc

    def users_of(self, account_id: int) -> list[Doc]:
        with self.store.read() as db:
            rows = db.execute(
                "SELECT doc FROM kibo_users WHERE account_id = ? ORDER BY rowid", (account_id,)
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    # -- changing ------------------------------------------------------------------------

    def change_account(self, account_id: int, change: Callable[[Doc], Doc]) -> Doc:
        with self.store.transaction() as db:
            row = db.execute("SELECT doc FROM kibo_accounts WHERE id = ?", (account_id,)).fetchone()
            if row is None:
                raise not_found("B2BAccount", account_id)
            doc = change(json.loads(row[0]))
            db.execute("UPDATE kibo_accounts SET doc = ? WHERE id = ?", (_dump(doc), account_id))
            return doc

    def insert_account(self, make: Callable[[int], Doc]) -> Doc:
        with self.store.transaction() as db:
            [(top,)] = db.execute("SELECT coalesce(max(id), 1000) FROM kibo_accounts").fetchall()
            doc = make(int(top) + 1)
            db.execute("INSERT INTO kibo_accounts (id, doc) VALUES (?, ?)", (doc["id"], _dump(doc)))
            return doc

    def change_user(
        self, account_id: int, user_id: str, change: Callable[[Doc, sqlite3.Connection], Doc]
    ) -> Doc:
        """Apply `change` to the stored user in one transaction (it may query `db` to check)."""
        with self.store.transaction() as db:
            if (
                db.execute("SELECT 1 FROM kibo_accounts WHERE id = ?", (account_id,)).fetchone()
                is None
            ):
                raise not_found("B2BAccount", account_id)
            row = db.execute(
                "SELECT doc FROM kibo_users WHERE account_id = ? AND user_id = ?",
                (account_id, user_id),
            ).fetchone()
            if row is None:
                raise not_found("B2BUser", user_id)
            doc = change(json.loads(row[0]), db)
            db.execute(
                "UPDATE kibo_users SET doc = ? WHERE account_id = ? AND user_id = ?",
                (_dump(doc), account_id, user_id),
            )
            return doc

    def insert_user(self, account_id: int, make: Callable[[sqlite3.Connection], Doc]) -> Doc:
        with self.store.transaction() as db:
            if (
                db.execute("SELECT 1 FROM kibo_accounts WHERE id = ?", (account_id,)).fetchone()
                is None
            ):
                raise not_found("B2BAccount", account_id)
            doc = make(db)
            db.execute(
                "INSERT INTO kibo_users (account_id, user_id, doc) VALUES (?, ?, ?)",
                (account_id, doc["userId"], _dump(doc)),
            )
            return doc

    def patch_user(self, account_id: int, user_id: str, changes: Doc) -> Doc:
        """Shallow-merge `changes` into a user: for tests that change one behind a client's back."""

        def merge(doc: Doc, db: sqlite3.Connection) -> Doc:
            doc.update(changes)
            return doc

        return self.change_user(account_id, user_id, merge)
