"""Generic reads: a table or one query as a DataFrame, rows by key, a frame keyed by its
primary key as the grid editor loads it.
"""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.types import RowKey, TableSpec

# Columns no generic read returns: a password hash leaves the store only through
# kam.store.users.credentials, for the sign-in.
SECRET_COLUMNS = frozenset({"password_hash"})


# (file, schema version, table) -> (columns, primary key): sqlite_utils asks SQLite for a
# table's columns and keys on every call (four PRAGMA queries: 0.15 s over the forty
# tables a page reads); a schema change bumps the version, so an entry is never stale.
_LAYOUTS: dict[tuple[str, int, str], tuple[tuple[str, ...], str]] = {}
_LAYOUTS_MOST = 1024


def _layout(db: sqlite_utils.Database, table: str) -> tuple[tuple[str, ...], str]:
    """(columns, first primary-key column) of ``table``; KeyError when there is none."""
    path = db_file(db)
    key = (path, db.execute("PRAGMA schema_version").fetchone()[0], table) if path else None
    hit = _LAYOUTS.get(key) if key else None
    if hit is None:
        if table not in db.table_names():
            raise KeyError(f"no table {table!r}")
        t = db[table]
        hit = (tuple(t.columns_dict), t.pks[0])
        if key:
            if len(_LAYOUTS) >= _LAYOUTS_MOST:
                _LAYOUTS.clear()
            _LAYOUTS[key] = hit
    return hit


def _select_list(db: sqlite_utils.Database, table: str, columns: list[str] | None) -> str:
    """The columns to select: those asked for, else all but the secret ones."""
    names = columns if columns else [c for c in _layout(db, table)[0] if c not in SECRET_COLUMNS]
    secret = SECRET_COLUMNS.intersection(names)
    if secret:
        raise KeyError(f"{table}: {sorted(secret)} are never read by a generic read")
    return ", ".join(f"[{c}]" for c in names)


def read_frame(db: sqlite_utils.Database, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """All rows of ``table`` (ordered by primary key) as a DataFrame.

    :param columns: only these columns (default: all).
    """
    cols = _select_list(db, table, columns)
    pk = primary_key(db, table)
    cur = db.execute(f"SELECT {cols} FROM [{table}] ORDER BY [{pk}]")
    names = [d[0] for d in cur.description]
    return pd.DataFrame.from_records(cur.fetchall(), columns=names)


def query(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> pd.DataFrame:
    """The rows of one SELECT as a DataFrame."""
    cur = db.execute(sql, params)
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


def primary_key(db: sqlite_utils.Database, table: str) -> str:
    return _layout(db, table)[1]


def rows_of(db: sqlite_utils.Database, spec: TableSpec, keys: list[RowKey]) -> pd.DataFrame:
    """The rows of ``keys`` as stored, all columns (missing keys are absent)."""
    names, rows = _records(db, spec.table, spec.pk, keys)
    return pd.DataFrame.from_records(rows, columns=list(names))


def _records(
    db: sqlite_utils.Database, table: str, pk: str, keys: list[RowKey], columns: list[str] | None = None
) -> tuple[tuple[str, ...], list[tuple]]:
    """(column names, rows) of ``keys``, read in chunks of 500 keys."""
    what = _select_list(db, table, None if columns is None else [pk, *columns])
    names: tuple[str, ...] = () if columns is None else (pk, *columns)
    rows: list[tuple] = []
    for i in range(0, max(len(keys), 1), 500):
        chunk = keys[i : i + 500]
        cur = db.conn.execute(f"SELECT {what} FROM [{table}] WHERE [{pk}] IN ({', '.join('?' for _ in chunk)})", chunk)
        names = tuple(d[0] for d in cur.description)
        rows.extend(cur.fetchall())
    return names, rows


def loaded_frame(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """A table's rows indexed by primary key (the key stays a column too)."""
    return keyed_frame(read_frame(db, spec.table), spec)


def keyed_frame(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """``frame`` in the spec's order, indexed by primary key (the key stays a column too)."""
    if spec.order_by and len(frame):
        frame = frame.sort_values(list(spec.order_by), kind="stable")
    # set_axis returns a new frame (lazy copy): a cached input is never changed.
    return frame.set_axis(pd.Index(frame[spec.pk].to_numpy()), axis=0)


def db_file(db: sqlite_utils.Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    for _, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""
