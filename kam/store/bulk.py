"""Bulk writes and reads for loading data in one go (the demo data set, later imports of a
whole table): plain inserts without audit rows, row counts, whole tables as dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlite_utils

from kam.store.frames import primary_key


def insert_rows(db: sqlite_utils.Database, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Bulk insert tuples with ``executemany``; ``version`` keeps its column default."""
    cols = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", rows)


def count_rows(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])


def rows_by_key(db: sqlite_utils.Database, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as a dict, in primary-key order."""
    return list(db.query(f"SELECT * FROM [{table}] ORDER BY [{primary_key(db, table)}]"))


def lead_teams_by_their_directors(db: sqlite_utils.Database) -> None:
    """Each team's leader (teams.leader_id, migration 002) is its first director."""
    db.execute(
        "UPDATE teams SET leader_id = (SELECT p.id FROM people p WHERE p.team_id = teams.id "
        "AND p.rank = 'director' ORDER BY p.id LIMIT 1)"
    )


def date_stuck_orders(db: sqlite_utils.Database, anchor: dt.date) -> None:
    """A stuck order became stuck 10-39 days after its lock, never after ``anchor``."""
    db.execute(
        "UPDATE orders SET stuck_since = MIN(date(lock_date, '+' || (10 + id % 30) || ' days'), ?) "
        "WHERE stage = 'stuck'",
        [anchor.isoformat()],
    )
