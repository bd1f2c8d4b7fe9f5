"""Every order's fields the people's figures read (kam.store.orders.read_people_orders), one
stage shared by the pages that score people (talent, honors, the pyramid's stars): read once
per process and, after a save to a few orders, patched from the order change log instead of
read again (0.95 s at 300,000 orders)."""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.store.orders import read_people_orders
from kam.views import reads
from kam.views.memo import memo_patched
from kam.views.splice import splice


@reads("orders")
def _people_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_people_orders(db)


def _patch(db: sqlite_utils.Database, old: pd.DataFrame, changed: list[int]) -> pd.DataFrame:
    """``old`` with the orders ``changed`` read again (deleted ones dropped)."""
    return splice(old, read_people_orders(db, changed), changed, "id")


def people_orders(db: sqlite_utils.Database) -> pd.DataFrame:
    """Every order, by id (a frame shared by every caller: never change it in place)."""
    return memo_patched(_people_orders, db, _patch, ("orders",))
