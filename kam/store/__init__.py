"""Typed reads and version-checked, audited writes. All SQL of the app lives here
(and in :mod:`kam.db` / :mod:`kam.schema`), never in pages or rules.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlite_utils

from kam.db import immediate
from kam.defaults import RULES_DDL
from kam.types import ChangeSet, RowKey, TableSpec

Stamp = tuple[object, ...]  # a table's state for caches: equal stamps, same rows (table_stamp)

RULES_TABLES: tuple[str, ...] = tuple(RULES_DDL)


def read_frame(db: sqlite_utils.Database, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """All rows of ``table`` (ordered by primary key) as a DataFrame.

    :param columns: only these columns (default: all).
    """
    _check_table(db, table)
    cols = ", ".join(f"[{c}]" for c in columns) if columns else "*"
    pk = primary_key(db, table)
    cur = db.execute(f"SELECT {cols} FROM [{table}] ORDER BY [{pk}]")
    names = [d[0] for d in cur.description]
    return pd.DataFrame.from_records(cur.fetchall(), columns=names)


WON_STAGE = "won"  # r7_stages code of a won order (a stable code, not a threshold)


@dataclass(frozen=True)
class Org:
    """Branches (id, name), teams (id, name, branch_id, leader_id) and people (id, name,
    rank, branch_id, team_id, manager_id, join and left date)."""

    branches: pd.DataFrame
    teams: pd.DataFrame
    people: pd.DataFrame


def query(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """The rows of one SELECT as a DataFrame."""
    cur = db.execute(sql, params)
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


def org(db: sqlite_utils.Database) -> Org:
    return Org(
        branches=read_frame(db, "branches", ["id", "name"]),
        teams=read_frame(db, "teams", ["id", "name", "branch_id", "leader_id"]),
        people=read_frame(
            db, "people", ["id", "name", "rank", "branch_id", "team_id", "manager_id", "join_date", "left_date"]
        ),
    )


def won_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders: id, customer_id, owner_id, stage, amount, close_date."""
    return query(
        db,
        "SELECT id, customer_id, owner_id, stage, amount, close_date FROM orders WHERE stage = ? ORDER BY id",
        [WON_STAGE],
    )


def load_rules(db: sqlite_utils.Database) -> dict[str, pd.DataFrame]:
    """Every rules table of domain.md as a DataFrame, keyed by table name."""
    return {t: read_frame(db, t) for t in RULES_TABLES}


def primary_key(db: sqlite_utils.Database, table: str) -> str:
    pks = db[table].pks
    return pks[0]


def _check_table(db: sqlite_utils.Database, table: str) -> None:
    if table not in db.table_names():
        raise KeyError(f"no table {table!r}")


# --- errors ---------------------------------------------------------------------------


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
    """SQLite refused the save (a constraint the validation did not foresee)."""


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


# --- references -----------------------------------------------------------------------

# References SQLite cannot declare: targets name their entity by type + id.
_SOFT_REFS: dict[str, list[tuple[str, str, str]]] = {
    "branches": [("targets", "entity_id", "entity_type = 'branch'")],
    "teams": [("targets", "entity_id", "entity_type = 'team'")],
    "people": [("targets", "entity_id", "entity_type = 'person'")],
}


def references_to(db: sqlite_utils.Database, table: str) -> list[tuple[str, str, str]]:
    """(table, column, extra condition) of every column that refers to ``table``."""
    refs = []
    for other in db.table_names():
        for fk in db.execute(f"PRAGMA foreign_key_list([{other}])").fetchall():
            # id, seq, table, from, to, ...
            if fk[2] == table:
                refs.append((other, fk[3], ""))
    return refs + _SOFT_REFS.get(table, [])


def dependents(db: sqlite_utils.Database, table: str, keys: list[RowKey]) -> dict[RowKey, list[tuple[str, int]]]:
    """For each key that other rows still refer to: which tables, how many rows."""
    out: dict[RowKey, list[tuple[str, int]]] = {}
    refs = references_to(db, table)
    for key in keys:
        found = []
        for other, column, cond in refs:
            where = f"[{column}] = ?" + (f" AND {cond}" if cond else "")
            n = db.execute(f"SELECT COUNT(*) FROM [{other}] WHERE {where}", [key]).fetchone()[0]
            if other == table:
                # A row that refers to itself does not hold itself back.
                n -= db.execute(
                    f"SELECT COUNT(*) FROM [{table}] WHERE [{column}] = ? AND [{primary_key(db, table)}] = ?",
                    [key, key],
                ).fetchone()[0]
            if n:
                found.append((other, n))
        if found:
            out[key] = found
    return out


def fk_options(db: sqlite_utils.Database, spec: TableSpec, lang: str = "zh") -> dict[str, dict[RowKey, str]]:
    """For each ``fk`` column of ``spec``: key -> label of the referenced rows."""
    out: dict[str, dict[RowKey, str]] = {}
    for col in spec.columns:
        if col.kind != "fk" or not col.fk_table:
            continue
        label = col.fk_label or "name"
        if lang == "en" and label == "label_zh" and "label_en" in db[col.fk_table].columns_dict:
            label = "label_en"
        pk = primary_key(db, col.fk_table)
        rows = db.execute(f"SELECT [{pk}], [{label}] FROM [{col.fk_table}] ORDER BY [{pk}]").fetchall()
        out[col.name] = {k: (str(v) if v is not None else str(k)) for k, v in rows}
    return out


# --- saving ---------------------------------------------------------------------------


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
                conn.execute(f"DELETE FROM [{table}] WHERE [{pk}] = ? AND version = ?", [key, version])
                audit.append((table, str(key), "delete", None, _text(old), None, user, at))
                deleted += 1
            # Rows changing the same columns go in one executemany (one prepared statement).
            batches: dict[tuple[str, ...], list[list[Any]]] = {}
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
                batches.setdefault(tuple(c for c, _ in diff), []).append([*(v for _, v in diff), key, old["version"]])
                skey = str(key)
                audit += [(table, skey, "update", c, _text(old[c]), _text(v), user, at) for c, v in diff]
            if stale:
                raise StaleRowError(table, stale)
            for cols, params in batches.items():
                sets = ", ".join(f"[{c}] = ?" for c in cols)
                cur = conn.executemany(
                    f"UPDATE [{table}] SET {sets}, version = version + 1 WHERE [{pk}] = ? AND version = ?", params
                )
                if cur.rowcount != len(params):  # cannot happen under the write lock; never write half
                    raise StaleRowError(table, [p[-2] for p in params])
                updated += len(params)
            for tmp, values in changes.inserts.items():
                cols = [c for c, v in values.items() if v is not None]
                cur = db.execute(
                    f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)})"
                    if cols
                    else f"INSERT INTO [{table}] DEFAULT VALUES",
                    [values[c] for c in cols],
                )
                key = values.get(pk) if not spec.pk_is_generated else cur.lastrowid
                new_keys[tmp] = key
                after[key] = 1  # the column's default
                audit.extend((table, str(key), "insert", c, None, _text(values[c]), user, at) for c in cols)
                inserted += 1
            _append_audit(conn, audit)
            stamp_after = table_stamp(db, table)
    except sqlite3.IntegrityError as err:
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


_AUDIT_CHUNK = 100  # rows per INSERT: 800 parameters, far below SQLite's limit


def _append_audit(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    """Append audit rows with multi-row INSERTs (about twice as fast as executemany)."""
    head = "INSERT INTO audit (table_name, row_key, action, column_name, old_value, new_value, user, at) VALUES "
    for i in range(0, len(rows), _AUDIT_CHUNK):
        chunk = rows[i : i + _AUDIT_CHUNK]
        conn.execute(head + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?)"] * len(chunk)), [v for row in chunk for v in row])


def rows_of(db: sqlite_utils.Database, spec: TableSpec, keys: list[RowKey]) -> pd.DataFrame:
    """The rows of ``keys`` as stored, all columns (missing keys are absent)."""
    names, rows = _records(db, spec.table, spec.pk, keys)
    return pd.DataFrame.from_records(rows, columns=list(names))


def _rows(
    db: sqlite_utils.Database, table: str, pk: str, keys: list[RowKey], columns: list[str] | None = None
) -> dict[RowKey, dict[str, Any]]:
    """The current rows of ``keys`` (missing keys are absent), all columns or ``columns``."""
    names, rows = _records(db, table, pk, keys, columns)
    at = names.index(pk)
    return {row[at]: dict(zip(names, row, strict=True)) for row in rows}


def _records(
    db: sqlite_utils.Database, table: str, pk: str, keys: list[RowKey], columns: list[str] | None = None
) -> tuple[tuple[str, ...], list[tuple]]:
    """(column names, rows) of ``keys``, read in chunks of 500 keys."""
    what = "*" if columns is None else ", ".join(f"[{c}]" for c in [pk, *columns])
    names: tuple[str, ...] = () if columns is None else (pk, *columns)
    rows: list[tuple] = []
    for i in range(0, max(len(keys), 1), 500):
        chunk = keys[i : i + 500]
        cur = db.conn.execute(f"SELECT {what} FROM [{table}] WHERE [{pk}] IN ({', '.join('?' for _ in chunk)})", chunk)
        names = tuple(d[0] for d in cur.description)
        rows.extend(cur.fetchall())
    return names, rows


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


def read_audit(db: sqlite_utils.Database, table: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The newest audit rows (all tables, or one)."""
    where, params = ("WHERE table_name = ?", [table]) if table else ("", [])
    cur = db.execute(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


def loaded_frame(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """A table's rows indexed by primary key (the key stays a column too)."""
    return keyed_frame(read_frame(db, spec.table), spec)


def keyed_frame(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """``frame`` in the spec's order, indexed by primary key (the key stays a column too)."""
    if spec.order_by and len(frame):
        frame = frame.sort_values(list(spec.order_by), kind="stable")
    # set_axis returns a new frame (lazy copy): a cached input is never changed.
    return frame.set_axis(pd.Index(frame[spec.pk].to_numpy()), axis=0)


def fk_keys(options: dict[str, dict[RowKey, str]]) -> dict[str, set[RowKey]]:
    return {col: set(opts) for col, opts in options.items()}


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
    row = db.execute(f"SELECT COUNT(*), TOTAL(version), COALESCE(MAX(rowid), 0) FROM [{table}]").fetchone()
    return ("scan", int(row[0]), float(row[1]), int(row[2]))


def db_file(db: sqlite_utils.Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    for _, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""


def acting_people(db: sqlite_utils.Database) -> list[tuple[int, str, str | None]]:
    """(id, name, branch name) of the people who have not left, for the 'acting as'
    picker: senior ranks first (HR, with no rank order, last), then by name."""
    rows = db.execute(
        "SELECT p.id, p.name, b.name FROM people p LEFT JOIN ranks r ON r.code = p.rank "
        "LEFT JOIN branches b ON b.id = p.branch_id WHERE p.left_date IS NULL "
        "ORDER BY r.rank_order IS NULL, r.rank_order DESC, p.name, p.id"
    ).fetchall()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows]


def rule_param_count(db: sqlite_utils.Database, rule: str) -> int:
    return db.execute("SELECT COUNT(*) FROM rule_params WHERE rule = ?", [rule]).fetchone()[0]


def home_figures(db: sqlite_utils.Database) -> dict[str, int]:
    """Counts for the home page (the figures that need rules come from kam.home)."""
    one = lambda sql: db.execute(sql).fetchone()[0] or 0  # noqa: E731
    return {
        "customers": one("SELECT COUNT(*) FROM customers"),
        "people": one("SELECT COUNT(*) FROM people WHERE left_date IS NULL"),
        "open_orders": one("SELECT COUNT(*) FROM orders WHERE stage IN ('locked', 'following', 'stuck')"),
    }
