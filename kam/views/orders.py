"""Every order's fields the people's figures read (kam.store.orders.read_people_orders), one
stage shared by the pages that score people (talent, honors, the pyramid's stars): read once
per process and, after a save to a few orders, patched from the order change log instead of
read again (0.95 s at 300,000 orders)."""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.rules.cooperation import won_orders
from kam.store.orders import read_people_orders
from kam.views import reads
from kam.views.memo import memo_patched
from kam.views.splice import rows_of, splice


@reads("orders")
def _people_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_people_orders(db)


def _patch(db: sqlite_utils.Database, old: pd.DataFrame, changed: list[int]) -> pd.DataFrame:
    """``old`` with the orders ``changed`` read again (deleted ones dropped)."""
    return splice(old, read_people_orders(db, changed), changed, "id")


def people_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """Every order, by id (a frame shared by every caller: never change it in place)."""
    return memo_patched(_people_orders, db, _patch, ("orders",))


@reads("orders")
def _won_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    return won_orders(people_orders(db)).reset_index(drop=True)  # as a splice leaves it


def _patch_won(db: sqlite_utils.Database, old: pd.DataFrame, changed: list[int]) -> pd.DataFrame:
    """``old`` with the orders ``changed`` prepared again from the shared orders (one that
    is no longer won, or deleted, dropped)."""
    return splice(old, won_orders(rows_of(people_orders(db), sorted(changed), "id")), changed, "id")


def won_people_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """The won orders prepared (kam.rules.cooperation.won_orders) from :func:`people_orders`,
    by id, patched as they are: the targets' sales and the stars' performance read them
    (preparing 380,000 orders again after every save cost a quarter of a second)."""
    return memo_patched(_won_orders, db, _patch_won, ("orders",))
