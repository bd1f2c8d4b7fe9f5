"""The one place that knows the database file, its PRAGMAs and its migrations.

Every other module gets a :class:`sqlite_utils.Database` from :func:`connect`.
"""

from __future__ import annotations

import itertools
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

log = logging.getLogger(__name__)

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "kam.db"
BUSY_TIMEOUT_MS = 5000

migrations = Migrations("kam")


def db_path() -> Path:
    """The database file: ``KAM_DB`` from the environment, else ``data/kam.db``."""
    return Path(os.environ.get("KAM_DB") or DEFAULT_DB)


def connect(path: str | Path | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open the database with WAL, a busy timeout and foreign keys on.

    :param path: file to open; ``None`` means :func:`db_path`; ``":memory:"`` works for
      quick tests (no WAL there).
    :param migrate: apply pending migrations (idempotent, cheap when none are pending).
    """
    target = db_path() if path is None else path
    if str(target) != ":memory:":
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: we manage transactions ourselves (BEGIN IMMEDIATE on saves).
    conn = sqlite3.connect(str(target), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if str(target) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    db = sqlite_utils.Database(conn)
    if migrate:
        migrate_db(db)
    return db


def migrate_db(db: sqlite_utils.Database) -> None:
    """Apply every pending numbered migration, each in its own transaction."""
    # Importing registers the migration functions on ``migrations``.
    from kam import schema  # noqa: F401

    if not migrations.pending(db):
        return  # the common case: every start of a script run, cheap
    # Foreign keys cannot be switched inside a transaction; table rebuilds in
    # migrations need them off, so they are off while migrating and checked after.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        migrations.apply(db)
    finally:
        db.execute("PRAGMA foreign_keys = ON")
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise sqlite3.IntegrityError(f"foreign key check failed after migration: {problems[:5]}")


@contextmanager
def immediate(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A write transaction that takes the write lock at once (``BEGIN IMMEDIATE``).

    A deferred ``BEGIN`` that reads and then writes can fail with SQLITE_BUSY under WAL
    whatever busy_timeout says; taking the lock first makes it wait instead.
    Inside a transaction already open it nests as a savepoint (as sqlite-utils'
    ``atomic()`` does): an error undoes only the inner block. Rolls back on any exception
    and re-raises that exception, never one of the rollback's own (SQLite may already have
    rolled back, e.g. after a full disk).
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"kam_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            _quietly(conn, f"ROLLBACK TO {name}", f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        _quietly(conn, "ROLLBACK")
        raise
    conn.execute("COMMIT")


_savepoints = itertools.count(1)


def _quietly(conn: sqlite3.Connection, *statements: str) -> None:
    """Undo after an error: a failing undo is logged, so the first error is the one raised."""
    for sql in statements:
        if not conn.in_transaction:
            return
        try:
            conn.execute(sql)
        except sqlite3.Error:
            log.warning("%s failed after an error", sql, exc_info=True)
            return


# Tables whose writes are not counted: the counter itself, the audit log (append-only,
# never cached), the change logs of the orders, the customers and the orders' customers
# (migrations 010, 020, 021),
# SQLite's own counter of their ids and the migrations' own record.
UNTRACKED = frozenset(
    {
        "table_changes",
        "audit",
        "order_changes",
        "customer_changes",
        "order_customer_changes",
        "sqlite_sequence",
        "_sqlite_migrations",
    }
)


def track_changes(db: sqlite_utils.Database, table: str) -> None:
    """Count every insert, update and delete on ``table`` in ``table_changes`` (triggers),
    so that "has this table changed?" is one row read, whoever wrote, even by hand in SQL.

    Call it in the migration that creates a table (migration 005 did it for the tables
    before it); idempotent.
    """
    db.execute("INSERT OR IGNORE INTO table_changes (name, n) VALUES (?, 0)", [table])
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS [changes_{table}_{event.lower()}] AFTER {event} ON [{table}] "
            f"BEGIN UPDATE table_changes SET n = n + 1 WHERE name = '{table}'; END"
        )


def applied_migrations(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]
