"""Reads of the orders table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.defaults import STAGE_SINCE_BACKFILL
from kam.store.frames import query
from kam.types import CLOSED_STAGES, WON


def read_won_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders: id, customer_id, owner_id, stage, amount, close_date."""
    return query(
        db,
        "SELECT id, customer_id, owner_id, stage, amount, close_date FROM orders WHERE stage = ? ORDER BY id",
        [WON],
    )


def last_order_date(db: sqlite_utils.Database) -> dt.date | None:
    """The latest day any order was locked or closed (None when there are no orders)."""
    row = db.execute("SELECT MAX(MAX(COALESCE(close_date, '')), MAX(lock_date)) FROM orders").fetchone()
    if not row or not row[0]:
        return None
    return dt.date.fromisoformat(str(row[0])[:10])


def open_count(db: sqlite_utils.Database) -> int:
    """Orders in every stage but the closed ones (won, lost)."""
    marks = ", ".join("?" for _ in CLOSED_STAGES)
    return int(db.execute(f"SELECT COUNT(*) FROM orders WHERE stage NOT IN ({marks})", CLOSED_STAGES).fetchone()[0])


def read_open(db: sqlite_utils.Database) -> pd.DataFrame:
    """The orders in every stage but the closed ones (won, lost): id, owner_id, customer_id."""
    marks = ", ".join("?" for _ in CLOSED_STAGES)
    return query(
        db, f"SELECT id, owner_id, customer_id FROM orders WHERE stage NOT IN ({marks}) ORDER BY id", CLOSED_STAGES
    )


def fill_stage_since(db: sqlite_utils.Database) -> None:
    """Give orders written without the day they entered their stage the day that follows
    from their dates (:data:`kam.defaults.STAGE_SINCE_BACKFILL`): the demo data, an import."""
    db.execute(STAGE_SINCE_BACKFILL)


def read_key_messages(db: sqlite_utils.Database, order_ids: list[int]) -> pd.DataFrame:
    """The key messages of ``order_ids``: order_id, message_id, value."""
    marks = ", ".join("?" for _ in order_ids) or "NULL"
    return query(
        db,
        f"SELECT order_id, message_id, value FROM order_key_messages WHERE order_id IN ({marks}) ORDER BY id",
        list(order_ids),
    )
