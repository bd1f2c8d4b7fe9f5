"""Reads of the audit trail (written only by :mod:`kam.store.save`)."""

from __future__ import annotations

import pandas as pd
import sqlite_utils


def read_audit(db: sqlite_utils.Database, table: str | None = None, limit: int = 50) -> pd.DataFrame:
    """The newest audit rows (all tables, or one)."""
    where, params = ("WHERE table_name = ?", [table]) if table else ("", [])
    cur = db.execute(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*params, limit])
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])
