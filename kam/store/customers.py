"""Reads of the customers table."""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.store.frames import keyed_frame, loaded_frame, query, read_frame, rows_of
from kam.types import TableSpec


def read_customers(db: sqlite_utils.Database, spec: TableSpec, ids: list[int] | None = None) -> pd.DataFrame:
    """Every customer (or those of ``ids``), indexed by id (the id stays a column), as the
    grid editor loads them."""
    if ids is None:
        return loaded_frame(db, spec)
    rows = rows_of(db, spec, [int(k) for k in ids])
    return keyed_frame(rows.sort_values(spec.pk, kind="stable", ignore_index=True), spec)


def read_tier_inputs(db: sqlite_utils.Database) -> pd.DataFrame:
    """What :func:`kam.rules.tiers.assign_tiers` reads of each customer."""
    return read_frame(db, "customers", ["id", "customer_revenue", "winnability", "demonstration"])


def count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM customers").fetchone()[0])


def owner_ids(db: sqlite_utils.Database) -> pd.DataFrame:
    """The customers' owners (one ``owner_id`` column, each owner once)."""
    return query(db, "SELECT DISTINCT owner_id FROM customers WHERE owner_id IS NOT NULL ORDER BY owner_id")


def read_placed(db: sqlite_utils.Database) -> pd.DataFrame:
    """Each customer's id, owner and branch: what places it in a user's scope."""
    return read_frame(db, "customers", ["id", "owner_id", "branch_id"])


def read_names(db: sqlite_utils.Database) -> pd.DataFrame:
    """Every customer's id, name, branch_id and owner_id (what an order's card names)."""
    return query(db, "SELECT id, name, branch_id, owner_id FROM customers ORDER BY id")


def name_of(db: sqlite_utils.Database, customer_id: int) -> str | None:
    row = db.execute("SELECT name FROM customers WHERE id = ?", [customer_id]).fetchone()
    return str(row[0]) if row else None
