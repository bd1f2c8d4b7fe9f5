"""Reads of the audit trail (written only by :mod:`kam.store.save`)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import sqlite_utils


def read_audit(
    db: sqlite_utils.Database,
    table: str | None = None,
    limit: int = 50,
    before: int | None = None,
    rows: Sequence[tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """The newest audit rows (all tables, or one), newest first.

    :param before: only rows older than this audit id (the next batch of a scan).
    :param rows: only these rows, (table, key text) pairs (one order's card history).
    """
    terms: list[str] = []
    params: list[object] = []
    if table:
        terms.append("table_name = ?")
        params.append(table)
    if rows is not None:
        pairs = list(rows) or [("", "")]
        terms.append("(" + " OR ".join("(table_name = ? AND row_key = ?)" for _ in pairs) + ")")
        params += [v for pair in pairs for v in pair]
    if before is not None:
        terms.append("id < ?")
        params.append(before)
    where = f"WHERE {' AND '.join(terms)}" if terms else ""
    cur = db.execute(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


def latest_inserts(db: sqlite_utils.Database, table: str, keys: list[str]) -> dict[str, int]:
    """Row key -> the audit id of its latest insert (a key SQLite gave again after a
    delete starts a new row's history there)."""
    out: dict[str, int] = {}
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        rows = db.execute(
            "SELECT row_key, MAX(id) FROM audit WHERE table_name = ? AND action = 'insert' "
            f"AND row_key IN ({', '.join('?' for _ in chunk)}) GROUP BY row_key",
            [table, *chunk],
        ).fetchall()
        out.update({str(k): int(v) for k, v in rows})
    return out
