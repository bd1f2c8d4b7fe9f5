"""The one write of a validated change set: version-checked, audited, in one
``BEGIN IMMEDIATE`` transaction, or nothing. Validation comes first (:mod:`kam.edit`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from kam.db import immediate
from kam.store.counters import Stamp, table_stamp
from kam.store.frames import _records, primary_key
from kam.store.refs import dependents
from kam.types import ChangeSet, RowKey, TableSpec


class StoreError(Exception):
    """Base of the store's refusals; nothing was written when one is raised."""


class StaleRowError(StoreError):
    """Rows changed or deleted by someone else since they were loaded.

    :param keys: the keys of those rows.
    """

    def __init__(self, table: str, keys: list[RowKey]) -> None:
        super().__init__(f"{table}: rows changed by someone else: {keys}")
        self.table = table
        self.keys = keys


class DependentRowsError(StoreError):
    """Rows that others still reference cannot be deleted.

    :param dependents: key -> [(referencing table, number of rows)].
    """

    def __init__(self, table: str, dependents: dict[RowKey, list[tuple[str, int]]]) -> None:
        super().__init__(f"{table}: rows still referenced: {dependents}")
        self.table = table
        self.dependents = dependents


class IntegrityRefused(StoreError):
    """SQLite refused the save (a constraint the validation did not foresee).

    The message is SQLite's own (for the log); what a user reads is ``reason`` (a
    translation key, filled with ``params``) at ``row`` and ``column``, as far as they
    could be found: the row whose statement failed, the column the constraint names (a
    foreign key: the one whose value does not exist, or the key others still refer to).
    """

    def __init__(
        self,
        message: str,
        row: RowKey | None = None,
        column: str | None = None,
        reason: str = "v.db_constraint",
        params: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        super().__init__(message)
        self.row = row
        self.column = column
        self.reason = reason
        self.params = params


@dataclass(frozen=True)
class SaveResult:
    """What a save did; ``stamp_before``/``stamp_after`` (:func:`table_stamp`) and the
    keys written let a cache of the table move to the new state by reading only those rows
    (:func:`rows_of`) instead of the whole table."""

    updated: int
    inserted: int
    deleted: int
    new_keys: dict[int, RowKey]
    deleted_keys: tuple[RowKey, ...] = ()
    stamp_before: Stamp | None = None
    stamp_after: Stamp | None = None
    written_keys: tuple[RowKey, ...] = ()  # updated and inserted rows
    versions: dict[RowKey, int] = field(default_factory=dict)  # each written row's version now

    @property
    def total(self) -> int:
        return self.updated + self.inserted + self.deleted


Statement = tuple[RowKey, dict[str, Any], list[Any]]  # (row key, values written, parameters)


def save_changes(
    db: sqlite_utils.Database, spec: TableSpec, changes: ChangeSet, user: str, at: str | None = None
) -> SaveResult:
    """Write a validated change set in ONE ``BEGIN IMMEDIATE`` transaction, or nothing.

    Updates and deletes carry the version the user loaded: a row whose version moved
    on is stale. Every changed cell and every inserted or deleted row is audited in the
    same transaction.

    :raises StaleRowError: some rows changed or vanished since loading.
    :raises DependentRowsError: a deleted row is still referenced.
    :raises IntegrityRefused: SQLite refused a constraint.
    """
    at = at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    table, pk = spec.table, spec.pk
    changes = _plain_keys(changes)
    audit: list[tuple] = []
    updated = inserted = deleted = 0
    new_keys: dict[int, RowKey] = {}
    try:
        with immediate(db):
            stamp_before = table_stamp(db, table)
            stale: list[RowKey] = []
            if changes.deletes:
                deps = dependents(db, table, list(changes.deletes))
                if deps:
                    raise DependentRowsError(table, deps)
            # One read of every touched row, inside the write lock: versions are final here.
            # Deleted rows are read whole (the audit keeps them); updated rows only in the
            # columns being changed.
            olds = _rows(db, table, pk, list(changes.deletes)) if changes.deletes else {}
            if changes.updates:
                changed = sorted({c for values in changes.updates.values() for c in values} - {pk, "version"})
                olds.update(_rows(db, table, pk, list(changes.updates), ["version", *changed]))
            conn = db.conn
            for key, version in changes.deletes.items():
                old = olds.get(key)
                if old is None or old["version"] != version:
                    stale.append(key)
                    continue
                _run(db, spec, f"DELETE FROM [{table}] WHERE [{pk}] = ? AND version = ?", [(key, {}, [key, version])])
                audit.append((table, str(key), "delete", None, _text(old), None, user, at))
                deleted += 1
            # Rows changing the same columns go in one executemany (one prepared statement).
            batches: dict[tuple[str, ...], list[Statement]] = {}
            versions, after = changes.versions, {}
            for key, values in changes.updates.items():
                old = olds.get(key)
                if old is None or old["version"] != versions.get(key):
                    stale.append(key)
                    continue
                diff = [(c, v) for c, v in values.items() if not _same(old[c], v)]
                after[key] = int(old["version"]) + (1 if diff else 0)
                if not diff:
                    continue
                batches.setdefault(tuple(c for c, _ in diff), []).append(
                    (key, dict(diff), [*(v for _, v in diff), key, old["version"]])
                )
                skey = str(key)
                audit += [(table, skey, "update", c, _text(old[c]), _text(v), user, at) for c, v in diff]
            if stale:
                raise StaleRowError(table, stale)
            for cols, rows in batches.items():
                sets = ", ".join(f"[{c}] = ?" for c in cols)
                sql = f"UPDATE [{table}] SET {sets}, version = version + 1 WHERE [{pk}] = ? AND version = ?"
                cur = _run(db, spec, sql, rows)
                if cur.rowcount != len(rows):  # cannot happen under the write lock; never write half
                    raise StaleRowError(table, [key for key, _, _ in rows])
                updated += len(rows)
            for tmp, values in changes.inserts.items():
                cols = [c for c, v in values.items() if v is not None]
                sql = (
                    f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)})"
                    if cols
                    else f"INSERT INTO [{table}] DEFAULT VALUES"
                )
                cur = _run(db, spec, sql, [(tmp, values, [values[c] for c in cols])])
                key = values.get(pk) if not spec.pk_is_generated else cur.lastrowid
                new_keys[tmp] = key
                after[key] = 1  # the column's default
                audit.extend((table, str(key), "insert", c, None, _text(values[c]), user, at) for c in cols)
                inserted += 1
            _append_audit(conn, audit)
            stamp_after = table_stamp(db, table)
    except sqlite3.IntegrityError as err:  # a statement outside _run (the audit): no row to name
        raise IntegrityRefused(str(err)) from err
    return SaveResult(
        updated,
        inserted,
        deleted,
        new_keys,
        tuple(changes.deletes),
        stamp_before,
        stamp_after,
        (*changes.updates, *new_keys.values()),
        after,
    )


def _run(db: sqlite_utils.Database, spec: TableSpec, sql: str, rows: list[Statement]) -> sqlite3.Cursor:
    """Execute ``sql`` once per row (one ``executemany``).

    :raises IntegrityRefused: SQLite refused a row: naming it and, where the constraint
      tells, its column.
    """
    try:
        if len(rows) == 1:  # execute, not executemany: only execute sets lastrowid
            return db.conn.execute(sql, rows[0][2])
        return db.conn.executemany(sql, [params for _, _, params in rows])
    except sqlite3.IntegrityError as err:
        raise _refusal(db, spec, sql, rows, err) from err


def _refusal(
    db: sqlite_utils.Database, spec: TableSpec, sql: str, rows: list[Statement], err: sqlite3.IntegrityError
) -> IntegrityRefused:
    """What SQLite refused, in the terms of the change set: which row, which column, why.

    The failing row is found by running each row's statement again in a savepoint that is
    rolled back (rows before it in the batch matched already and match nothing now).
    """
    message = str(err)
    key, values = rows[0][:2]
    if len(rows) > 1:
        conn = db.conn
        conn.execute("SAVEPOINT kam_refusal")
        try:
            for row_key, row_values, params in rows:
                try:
                    conn.execute(sql, params)
                except sqlite3.IntegrityError:
                    key, values = row_key, row_values
                    break
        finally:
            conn.execute("ROLLBACK TO kam_refusal")
            conn.execute("RELEASE kam_refusal")
    table, pk = spec.table, spec.pk
    named = _constraint_columns(table, message)
    if message.startswith("UNIQUE"):
        column = named[0] if named else None
        return IntegrityRefused(message, key, column, "v.duplicate", (("value", _text(values.get(column))),))
    if message.startswith("NOT NULL"):
        return IntegrityRefused(message, key, named[0] if named else None, "v.required")
    if message.startswith("CHECK"):
        column = next((c for c in values if re.search(rf"\b{re.escape(c)}\b", message)), None)
        return IntegrityRefused(message, key, column, "v.db_check")
    if message.startswith("FOREIGN KEY"):
        for fk in db.execute(f"PRAGMA foreign_key_list([{table}])").fetchall():
            parent, column, to = fk[2], fk[3], fk[4]
            value = values.get(column)
            if value is None:
                continue
            to = to or primary_key(db, parent)
            if db.execute(f"SELECT 1 FROM [{parent}] WHERE [{to}] = ? LIMIT 1", [value]).fetchone() is None:
                return IntegrityRefused(message, key, column, "v.db_missing_ref", (("value", _text(value)),))
        # Nothing this row names is missing: it is named itself (a changed or deleted key).
        return IntegrityRefused(message, key, pk if pk in values else None, "v.db_referenced")
    return IntegrityRefused(message, key, None)


def _constraint_columns(table: str, message: str) -> list[str]:
    """The columns of ``table`` an "UNIQUE/NOT NULL constraint failed: t.a, t.b" names."""
    _, _, names = message.partition(":")
    prefix = f"{table}."
    return [n.strip()[len(prefix) :] for n in names.split(",") if n.strip().startswith(prefix)]


def _plain_keys(changes: ChangeSet) -> ChangeSet:
    """``changes`` with numpy keys (``np.int64`` from a frame's index) as Python values:
    sqlite3 binds those as bytes, which match no row."""

    def plain(key: Any) -> Any:
        return key.item() if hasattr(key, "item") and not isinstance(key, int | str) else key

    return ChangeSet(
        updates={plain(k): v for k, v in changes.updates.items()},
        versions={plain(k): plain(v) for k, v in changes.versions.items()},
        inserts=dict(changes.inserts),
        deletes={plain(k): plain(v) for k, v in changes.deletes.items()},
    )


_AUDIT_CHUNK = 100  # rows per INSERT: 800 parameters, far below SQLite's limit


def _append_audit(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Append audit rows with multi-row INSERTs (about twice as fast as executemany)."""
    head = "INSERT INTO audit (table_name, row_key, action, column_name, old_value, new_value, user, at) VALUES "
    for i in range(0, len(rows), _AUDIT_CHUNK):
        chunk = rows[i : i + _AUDIT_CHUNK]
        conn.execute(head + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk)), [v for row in chunk for v in row])


def _rows(
    db: sqlite_utils.Database, table: str, pk: str, keys: list[RowKey], columns: list[str] | None = None
) -> dict[RowKey, dict[str, Any]]:
    """The current rows of ``keys`` (missing keys are absent), all columns or ``columns``."""
    names, rows = _records(db, table, pk, keys, columns)
    at = names.index(pk)
    return {row[at]: dict(zip(names, row, strict=True)) for row in rows}


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    return str(old) == str(new)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)
