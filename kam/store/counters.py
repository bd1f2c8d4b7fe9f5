"""Per-table write counters (migration 005): a cheap stamp that tells a cache whether
a table changed, whoever wrote.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import sqlite_utils

Stamp = tuple[object, ...]  # a table's state for caches: equal stamps, same rows (table_stamp)


def table_stamp(db: sqlite_utils.Database, table: str) -> Stamp:
    """Changes whenever a row of ``table`` is added, changed or deleted: a cheap key for
    caching a whole table between reruns. The write counter of ``table_changes``
    (migration 005) where the table has one, else a scan of row count and versions."""
    try:
        row = db.execute("SELECT n FROM table_changes WHERE name = ?", [table]).fetchone()
    except sqlite3.OperationalError:  # a database from before migration 005
        row = None
    if row is not None:
        return ("n", int(row[0]))
    if "version" not in db[table].columns_dict:  # an append-only table (the audit): its last row
        # MAX(rowid) is one index step; COUNT(*) would scan a million audit rows on every rerun.
        row = db.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM [{table}]").fetchone()
        return ("last", int(row[0]))
    row = db.execute(f"SELECT COUNT(*), TOTAL(version), COALESCE(MAX(rowid), 0) FROM [{table}]").fetchone()
    return ("scan", int(row[0]), float(row[1]), int(row[2]))


def stamps(db: sqlite_utils.Database, tables: tuple[str, ...]) -> tuple[Stamp, ...]:
    """:func:`table_stamp` of each table, in order, with one read for all counted tables."""
    try:
        marks = ", ".join("?" for _ in tables)
        counted = dict(db.execute(f"SELECT name, n FROM table_changes WHERE name IN ({marks})", tables).fetchall())
    except sqlite3.OperationalError:  # a database from before migration 005
        counted = {}
    return tuple(("n", int(counted[t])) if t in counted else table_stamp(db, t) for t in tables)


def row_count(db: sqlite_utils.Database, table: str) -> int:
    """About how many rows ``table`` has (its largest rowid: one index step, no scan)."""
    return int(db.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM [{table}]").fetchone()[0])


# --- change logs: the orders' (migration 010), the customers' (migration 020) ---------------

LogMark = int  # a position in a change log: every change up to it has been seen
PATCH_MOST = 20000  # more rows changed than this: computing them all again is as quick


@dataclass(frozen=True)
class ChangeLog:
    """A change log table: ``seq`` and the ``column`` naming the row a write touched."""

    table: str
    column: str


ORDER_LOG = ChangeLog("order_changes", "order_id")
CUSTOMER_LOG = ChangeLog("customer_changes", "customer_id")
# The customers of the orders written, before and after each write; 0: an order without one.
ORDER_CUSTOMER_LOG = ChangeLog("order_customer_changes", "customer_id")


def log_mark(db: sqlite_utils.Database, log: ChangeLog = ORDER_LOG) -> LogMark:
    """The latest position of ``log`` (0 before any change, or before its migration).
    Read it after the tables' stamps and before the rows, so nothing is missed."""
    try:
        row = db.execute(f"SELECT COALESCE(MAX(seq), 0) FROM [{log.table}]").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0])


def rows_changed(
    db: sqlite_utils.Database, since: LogMark, until: LogMark, log: ChangeLog = ORDER_LOG
) -> list[int] | None:
    """The ids ``log`` names after ``since`` up to ``until`` (deleted rows too), or None
    when the log no longer reaches back to ``since`` (trimmed, or another database) or too
    many changed."""
    if until < since:
        return None
    if until == since:
        return []
    first_sql = f"SELECT MIN(seq) FROM [{log.table}]"
    try:
        first = db.execute(first_sql).fetchone()[0]
    except sqlite3.OperationalError:
        return None
    if first is None or first > since + 1:
        return None
    rows = db.execute(
        f"SELECT DISTINCT [{log.column}] FROM [{log.table}] WHERE seq > ? AND seq <= ? LIMIT ?",
        [since, until, PATCH_MOST + 1],
    ).fetchall()
    # Trimming deletes only the oldest entries: if the first entry still follows ``since``
    # after the read, nothing the read needed was deleted before or during it.
    first = db.execute(first_sql).fetchone()[0]
    if len(rows) > PATCH_MOST or first is None or first > since + 1:
        return None
    return sorted(int(r[0]) for r in rows)


def order_log_mark(db: sqlite_utils.Database) -> LogMark:
    """The latest position of the orders' change log (:func:`log_mark`)."""
    return log_mark(db, ORDER_LOG)


def orders_changed(db: sqlite_utils.Database, since: LogMark, until: LogMark) -> list[int] | None:
    """The ids of the orders changed after ``since`` up to ``until`` (the order, its key
    messages, milestones or analyses; deleted ones too), or None (:func:`rows_changed`)."""
    return rows_changed(db, since, until, ORDER_LOG)
