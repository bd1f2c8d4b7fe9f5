"""Reads of the organisation: branches, teams and people."""

from __future__ import annotations

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
