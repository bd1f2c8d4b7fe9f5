"""Reads of the targets and the ten-year plan (domain.md R6)."""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.store.frames import loaded_frame
from kam.types import TableSpec


def read_targets(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """Every target, indexed by id (the id stays a column), as the grid editor loads it."""
    return loaded_frame(db, spec)


def read_ka_plan(db: sqlite_utils.Database, spec: TableSpec) -> pd.DataFrame:
    """The ten-year plan, one row per year, indexed by id, ordered by year."""
    return loaded_frame(db, spec)


def target_years(db: sqlite_utils.Database) -> list[int]:
    """The years that have targets (a period starts with its year), newest first."""
    rows = db.execute(
        "SELECT DISTINCT CAST(substr(period, 1, 4) AS INTEGER) FROM targets "
        "WHERE period GLOB '[0-9][0-9][0-9][0-9]*' ORDER BY 1 DESC"
    ).fetchall()
    return [int(r[0]) for r in rows]
