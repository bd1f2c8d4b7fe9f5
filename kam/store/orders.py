"""Reads of the orders table."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.defaults import STAGE_SINCE_BACKFILL
from kam.store.frames import query
from kam.types import CLOSED_STAGES, STUCK, WON


def read_won_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders: id, customer_id, owner_id, stage, amount, close_date."""
    return query(
        db,
        "SELECT id, customer_id, owner_id, stage, amount, close_date FROM orders WHERE stage = ? ORDER BY id",
        [WON],
    )


def _of_customers(customers: list[int] | None) -> tuple[str, list[int]]:
    """The SQL condition (and its parameters) keeping the orders of ``customers``; ``0``
    among them keeps the orders without a customer (as migration 021 logs them). None: every order."""
    if customers is None:
        return "", []
    known = [c for c in customers if c]
    terms = [f"customer_id IN ({', '.join('?' for _ in known)})"] if known else []
    if 0 in customers:
        terms.append("customer_id IS NULL")
    return f" AND ({' OR '.join(terms) or '0'})", known


def won_sums(
    db: sqlite_utils.Database, *, after: str, through: str, customers: list[int] | None = None
) -> pd.DataFrame:
    """Won amounts per customer over the half-open window (``after``, ``through``] (ISO
    dates), summed by SQLite: customer_id, cooperation. A missing amount counts 0, an order
    without a close date is in no window (as :func:`kam.rules.cooperation.cooperation`).

    The text range uses the (stage, close_date) index; ``date()`` keeps a date written with
    a time of day (by hand, outside the app) in the window of its day, as the rules read it.

    :param customers: only these customers' sums (at most a few thousand ids; None: all).
    """
    day_after = (dt.date.fromisoformat(through) + dt.timedelta(days=1)).isoformat()
    only, ids = _of_customers(customers)
    return query(
        db,
        "SELECT customer_id, SUM(COALESCE(amount, 0)) AS cooperation FROM orders "
        "WHERE stage = ? AND close_date > ? AND close_date < ? AND date(close_date) > ? AND date(close_date) <= ? "
        f"AND customer_id IS NOT NULL{only} GROUP BY customer_id ORDER BY customer_id",
        [WON, after, day_after, after, through, *ids],
    )


def count_open(db: sqlite_utils.Database, customers: list[int] | None = None) -> pd.DataFrame:
    """How many orders are open (every stage but won and lost) per (owner_id,
    customer_id), counted by SQLite: owner_id, customer_id, orders; the columns
    :meth:`kam.store.access.Access.visible` places an order by.

    :param customers: only these customers' orders (``0``: the orders without a customer;
      None: all)."""
    marks = ", ".join("?" for _ in CLOSED_STAGES)
    only, ids = _of_customers(customers)
    # "stage IN (the open stages)" finds them by the stage index; "NOT IN" read every order.
    return query(
        db,
        "SELECT owner_id, customer_id, COUNT(*) AS orders FROM orders "
        f"WHERE stage IN (SELECT code FROM r7_stages WHERE code NOT IN ({marks})){only} GROUP BY owner_id, customer_id",
        [*CLOSED_STAGES, *ids],
    )


def read_people_orders(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
    """Every order (or those of ``order_ids``) with what the people's figures read (R9: won
    amounts for the stars and the cadre standard; locks of any stage and the group flags for
    the clearances), by id: id, customer_id, owner_id, stage, amount, lock_date, close_date,
    group_order, principal_order."""
    where, keys = _ids_in("id", order_ids)
    return query(db, f"SELECT {PEOPLE_ORDER_COLUMNS} FROM orders WHERE {where} ORDER BY id", keys)


PEOPLE_ORDER_COLUMNS = "id, customer_id, owner_id, stage, amount, lock_date, close_date, group_order, principal_order"


def last_order_date(db: sqlite_utils.Database) -> dt.date | None:
    """The latest day any order was locked or closed (None when there are no orders)."""
    # Each MAX is one step down an index: the close date's per stage (every order has a stage
    # of r7_stages, a foreign key), the lock date's its own (migration 022).
    row = db.execute(
        "SELECT MAX(COALESCE((SELECT MAX(close_date) FROM orders WHERE stage IN (SELECT code FROM r7_stages)), ''), "
        "COALESCE((SELECT MAX(lock_date) FROM orders), ''))"
    ).fetchone()
    if not row or not row[0]:
        return None
    return dt.date.fromisoformat(str(row[0])[:10])


def open_count(db: sqlite_utils.Database) -> int:
    """Orders in every stage but the closed ones (won, lost)."""
    marks = ", ".join("?" for _ in CLOSED_STAGES)
    return int(db.execute(f"SELECT COUNT(*) FROM orders WHERE stage NOT IN ({marks})", CLOSED_STAGES).fetchone()[0])


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


# --- the order board (issue 13) -----------------------------------------------------------

BOARD_COLUMNS = (
    "id, customer_id, owner_id, stage, amount, lock_date, close_date, renew_of, reviewer_id, review_date, "
    "paused_until, pause_reason, group_order, stuck_since, stage_since, lost_reason, version"
)


def read_board_orders(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
    """Every order (or those of ``order_ids``) with what the board shows of it, by id."""
    if order_ids is None:
        return query(db, f"SELECT {BOARD_COLUMNS} FROM orders ORDER BY id")
    where, keys = _ids_in("id", order_ids)
    return query(db, f"SELECT {BOARD_COLUMNS} FROM orders WHERE {where} ORDER BY id", keys)


def _ids_in(column: str, order_ids: list[int] | None) -> tuple[str, list[int]]:
    """A condition on ``column`` for ``order_ids`` (None: every order), with its parameters."""
    if order_ids is None:
        return "1", []
    keys = [int(k) for k in order_ids]
    return f"{column} IN ({', '.join('?' for _ in keys) or 'NULL'})", keys


# What Python's str.strip() strips (the save path's test of a filled message): SQL's TRIM
# strips only spaces by default, and a full-width space must not fill a message here either.
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())

# The open orders, found by the (stage, close_date) index: the open stages are the stages of
# r7_stages but the closed ones (a "NOT IN closed" scan would read every order).
_OPEN = "o.stage IN (SELECT code FROM r7_stages WHERE code NOT IN ({}))".format(", ".join("?" for _ in CLOSED_STAGES))


def read_open_key_messages(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
    """Which key messages the open orders (of ``order_ids``, default all) have filled, one
    row per (order, message): order_id, message_id. Found in SQL: the closed orders'
    messages, most of the table at company size, are never read, nor are the texts."""
    where, keys = _ids_in("o.id", order_ids)
    return query(
        db,
        "SELECT k.order_id, k.message_id FROM orders o JOIN order_key_messages k ON k.order_id = o.id "
        f"WHERE {_OPEN} AND {where} AND TRIM(COALESCE(k.value, ''), ?) != '' GROUP BY k.order_id, k.message_id",
        [*CLOSED_STAGES, *keys, WHITESPACE],
    )


def read_open_milestones(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
    """The milestones recorded for the open orders (of ``order_ids``, default all): order_id,
    milestone_code, done_date."""
    where, keys = _ids_in("o.id", order_ids)
    return query(
        db,
        "SELECT m.order_id, m.milestone_code, m.done_date FROM orders o JOIN order_milestones m "
        f"ON m.order_id = o.id WHERE {_OPEN} AND {where}",
        [*CLOSED_STAGES, *keys],
    )


def read_stuck_analyses(db: sqlite_utils.Database, order_ids: list[int] | None = None) -> pd.DataFrame:
    """The analyses of the orders stuck now (of ``order_ids``, default all): order_id,
    analysis_date, blocker, next_action, who_id."""
    where, keys = _ids_in("o.id", order_ids)
    return query(
        db,
        "SELECT a.id, a.order_id, a.analysis_date, a.blocker, a.next_action, a.who_id, a.version "
        f"FROM orders o JOIN stuck_analyses a ON a.order_id = o.id WHERE o.stage = ? AND {where} ORDER BY a.id",
        [STUCK, *keys],
    )


def read_order_children(db: sqlite_utils.Database, order_id: int) -> dict[str, pd.DataFrame]:
    """One order's key messages, milestones and stuck analyses, with ids and versions (the
    card detail edits them)."""
    return {
        table: query(db, f"SELECT * FROM [{table}] WHERE order_id = ? ORDER BY id", [int(order_id)])
        for table in ("order_key_messages", "order_milestones", "stuck_analyses")
    }


def read_orders(db: sqlite_utils.Database, order_ids: list[int], columns: str = "*") -> pd.DataFrame:
    """The orders ``order_ids`` (the rows a save's checks compare with), by id."""
    marks = ", ".join("?" for _ in order_ids) or "NULL"
    return query(db, f"SELECT {columns} FROM orders WHERE id IN ({marks}) ORDER BY id", [int(k) for k in order_ids])


def read_children_of(db: sqlite_utils.Database, order_ids: list[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The milestones (order_id, milestone_code, done_date) and stuck analyses (order_id,
    analysis_date, blocker, next_action, who_id) of ``order_ids``."""
    marks = ", ".join("?" for _ in order_ids) or "NULL"
    keys = [int(k) for k in order_ids]
    miles = query(
        db, f"SELECT order_id, milestone_code, done_date FROM order_milestones WHERE order_id IN ({marks})", keys
    )
    stuck = query(
        db,
        f"SELECT order_id, analysis_date, blocker, next_action, who_id FROM stuck_analyses WHERE order_id IN ({marks})",
        keys,
    )
    return miles, stuck


def empty_rows(db: sqlite_utils.Database, table: str) -> pd.DataFrame:
    """No rows of ``table``, with its columns (what an insert-only change set was loaded from)."""
    return query(db, f"SELECT * FROM [{table}] WHERE 0")
