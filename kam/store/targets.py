"""Reads for the targets page (domain.md R6): targets, the ten-year plan, the organisation
the targets name, won orders and the customers the key-account figures need.

All SQL of the targets page lives here; the page and :mod:`kam.targets` never see a query.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.store import WON_STAGE, Org, loaded_frame, org, query, read_frame, won_orders  # noqa: F401 (re-exported)
from kam.types import TableSpec


def targets(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """Every target, indexed by id (the id stays a column), as the grid editor loads it."""
    return loaded_frame(db, spec)


def ka_plan(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """The ten-year plan, one row per year, indexed by id, ordered by year."""
    return loaded_frame(db, spec)


def tier_customers(db: sqlite_utils.Database) -> pd.DataFrame:
    """What :func:`kam.rules.tiers.assign_tiers` reads of each customer."""
    return read_frame(db, "customers", ["id", "customer_revenue", "winnability", "demonstration"])


def last_order_date(db: sqlite_utils.Database) -> dt.date | None:
    """The latest day any order was locked or closed (None when there are no orders)."""
    row = db.execute("SELECT MAX(MAX(COALESCE(close_date, '')), MAX(lock_date)) FROM orders").fetchone()
    if not row or not row[0]:
        return None
    return dt.date.fromisoformat(str(row[0])[:10])


def entity_keys(db: sqlite_utils.Database) -> dict[str, set[int]]:
    """The ids a target may name, per entity type."""
    return {
        entity_type: {r[0] for r in db.execute(f"SELECT id FROM [{table}]").fetchall()}
        for entity_type, table in (("branch", "branches"), ("team", "teams"), ("person", "people"))
    }
