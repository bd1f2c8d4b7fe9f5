"""Reads for the targets page (domain.md R6): targets, the ten-year plan, the organisation
the targets name, won orders and the customers the key-account figures need.

All SQL of the targets page lives here; the page and :mod:`kam.targets` never see a query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.store import loaded_frame, read_frame
from kam.types import TableSpec

WON_STAGE = "won"  # r7_stages code of a won order


@dataclass(frozen=True)
class Org:
    """Branches (id, name), teams (id, name, branch_id, leader_id) and people (id, name,
    rank, branch_id, team_id, left_date): who a target can name."""

    branches: pd.DataFrame
    teams: pd.DataFrame
    people: pd.DataFrame


def _query(db: sqlite_utils.Database, sql: str, params: list | tuple = ()) -> pd.DataFrame:
    cur = db.execute(sql, params)
    return pd.DataFrame.from_records(cur.fetchall(), columns=[d[0] for d in cur.description])


def org(db: sqlite_utils.Database) -> Org:
    return Org(
        branches=read_frame(db, "branches", ["id", "name"]),
        teams=read_frame(db, "teams", ["id", "name", "branch_id", "leader_id"]),
        people=read_frame(db, "people", ["id", "name", "rank", "branch_id", "team_id", "left_date"]),
    )


def targets(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """Every target, indexed by id (the id stays a column), as the grid editor loads it."""
    return loaded_frame(db, spec)


def ka_plan(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """The ten-year plan, one row per year, indexed by id, ordered by year."""
    return loaded_frame(db, spec)


def won_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders: id, customer_id, owner_id, stage, amount, close_date."""
    return _query(
        db,
        "SELECT id, customer_id, owner_id, stage, amount, close_date FROM orders WHERE stage = ? ORDER BY id",
        [WON_STAGE],
    )


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
