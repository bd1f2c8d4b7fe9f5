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


def read_org(db: sqlite_utils.Database) -> Org:
    return Org(
        branches=read_frame(db, "branches", ["id", "name"]),
        teams=read_frame(db, "teams", ["id", "name", "branch_id", "leader_id"]),
        people=read_frame(
            db, "people", ["id", "name", "rank", "branch_id", "team_id", "manager_id", "join_date", "left_date"]
        ),
    )


def acting_people(db: sqlite_utils.Database) -> list[tuple[int, str, str | None]]:
    """(id, name, branch name) of the people who have not left, for the 'acting as'
    picker: senior ranks first (HR, with no rank order, last), then by name."""
    rows = db.execute(
        "SELECT p.id, p.name, b.name FROM people p LEFT JOIN ranks r ON r.code = p.rank "
        "LEFT JOIN branches b ON b.id = p.branch_id WHERE p.left_date IS NULL "
        "ORDER BY r.rank_order IS NULL, r.rank_order DESC, p.name, p.id"
    ).fetchall()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows]


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
    return read_frame(db, "clearance_results", ["id", "person_id", "clearance_code", "result_date", "passed"])
