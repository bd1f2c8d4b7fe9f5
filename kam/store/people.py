"""Reads of the organisation: branches, teams and people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.store.frames import query, read_frame


@dataclass(frozen=True)
class Org:
    """Branches (id, name), teams (id, name, branch_id, leader_id) and people (id, name,
    rank, branch_id, team_id, manager_id, join and left date)."""

    branches: pd.DataFrame
    teams: pd.DataFrame
    people: pd.DataFrame


# The people's columns the figures read (and the demo writes).
PEOPLE_COLUMNS = (
    "id",
    "name",
    "rank",
    "command_rank",
    "branch_id",
    "team_id",
    "manager_id",
    "join_date",
    "left_date",
    "recruited_by",
)


def read_org(db: sqlite_utils.Database) -> Org:
    return Org(
        branches=read_frame(db, "branches", ["id", "name"]),
        teams=read_frame(db, "teams", ["id", "name", "branch_id", "leader_id"]),
        people=read_frame(db, "people", list(PEOPLE_COLUMNS)),
    )


# The placements whose history the honors read (kam.rules.placement): a person's team and
# branch, a team's branch.
_MOVED = (("people", "team_id"), ("people", "branch_id"), ("teams", "branch_id"))


def read_moves(db: sqlite_utils.Database, tz: dt.tzinfo | None = None) -> pd.DataFrame:
    """The audited moves of people between teams and branches and of teams between branches,
    in the order made (kam.rules.placement.MOVE_COLUMNS): the row, the column, the day it
    was saved on in ``tz`` (default: the server's local zone; the audit writes UTC) and the
    value it replaced (NaN: none). Scans the audit trail (no index on the table name: tens of
    ms at a million rows); callers keep the result while people and teams are unchanged."""
    terms = " OR ".join("(table_name = ? AND column_name = ?)" for _ in _MOVED)
    rows = query(
        db,
        f"SELECT table_name, row_key, column_name, old_value, at FROM audit WHERE action = 'update' AND ({terms}) "
        "ORDER BY id",
        [v for pair in _MOVED for v in pair],
    )
    zone = tz or dt.datetime.now().astimezone().tzinfo
    at = pd.to_datetime(rows["at"], utc=True, format="ISO8601", errors="coerce")
    return pd.DataFrame(
        {
            "table_name": rows["table_name"].astype("string"),
            "row_id": pd.to_numeric(rows["row_key"], errors="coerce").astype("Int64"),
            "column_name": rows["column_name"].astype("string"),
            "day": at.dt.tz_convert(zone).dt.tz_localize(None).dt.normalize(),
            "old_value": pd.to_numeric(rows["old_value"], errors="coerce").astype("float64"),
        }
    )


def entity_keys(db: sqlite_utils.Database) -> dict[str, set[int]]:
    """The ids a target may name, per entity type (branch, team, person)."""
    return {
        entity_type: {r[0] for r in db.execute(f"SELECT id FROM [{table}]").fetchall()}
        for entity_type, table in (("branch", "branches"), ("team", "teams"), ("person", "people"))
    }


def active_count(db: sqlite_utils.Database) -> int:
    """People who have not left."""
    return int(db.execute("SELECT COUNT(*) FROM people WHERE left_date IS NULL").fetchone()[0])


def read_meetings(db: sqlite_utils.Database, after: str | None = None) -> pd.DataFrame:
    """Meetings (id, person_id, meeting_date, activity_type) after an ISO date, default all."""
    return query(
        db,
        "SELECT id, person_id, meeting_date, activity_type FROM meetings WHERE meeting_date > ? ORDER BY id",
        [after or ""],
    )


def read_clearance_results(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_frame(db, "clearance_results", ["id", "person_id", "clearance_code", "result_date", "score", "passed"])


def read_active(db: sqlite_utils.Database) -> pd.DataFrame:
    """The people who have not left (id)."""
    return query(db, "SELECT id FROM people WHERE left_date IS NULL ORDER BY id")
