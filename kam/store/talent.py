"""Reads and the close action of the talent pipeline (issue 14): camps, clearance results,
assessments, the stars kept per closed quarter, the closed periods, the General camp's points."""

from __future__ import annotations

import pandas as pd
import sqlite_utils

from kam.store.frames import query, read_frame


def read_enrolments(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_frame(db, "camp_enrolments")


def read_results(db: sqlite_utils.Database, person_ids: list[int] | None = None) -> pd.DataFrame:
    """Clearance results, of the given people only when ``person_ids`` is given."""
    if person_ids is None:
        return read_frame(db, "clearance_results")
    if not person_ids:
        return read_frame(db, "clearance_results").iloc[0:0]
    marks = ", ".join("?" for _ in person_ids)
    return query(db, f"SELECT * FROM clearance_results WHERE person_id IN ({marks}) ORDER BY id", person_ids)


def read_assessments(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_frame(db, "hr_assessments")


def read_snapshots(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_frame(db, "star_snapshots")


def read_closed(db: sqlite_utils.Database) -> pd.DataFrame:
    """The periods closed now (a close that was not reopened): id, kind, period, closed_at,
    closed_by, version."""
    return query(db, "SELECT * FROM closed_periods WHERE reopened_at IS NULL ORDER BY id")


def read_close_history(db: sqlite_utils.Database) -> pd.DataFrame:
    """Every close, reopened or not, newest first (who closed, who reopened and why)."""
    return query(db, "SELECT * FROM closed_periods ORDER BY id DESC")


def read_camp_points(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_frame(db, "camp_points")


def read_people_customers(db: sqlite_utils.Database) -> pd.DataFrame:
    """The customers with who developed them (id, developed_by), for the cadre standard."""
    return query(db, "SELECT id, developed_by FROM customers ORDER BY id")


def clearance_rows(db: sqlite_utils.Database, keys: list[int]) -> pd.DataFrame:
    """Stored clearance results by id (id, person_id, clearance_code, score, passed)."""
    if not keys:
        return pd.DataFrame(columns=["id", "person_id", "clearance_code", "score", "passed"])
    marks = ", ".join("?" for _ in keys)
    return query(
        db, f"SELECT id, person_id, clearance_code, score, passed FROM clearance_results WHERE id IN ({marks})", keys
    )


def assessment_rows(db: sqlite_utils.Database, keys: list[int]) -> pd.DataFrame:
    if not keys:
        return read_frame(db, "hr_assessments").iloc[0:0]
    marks = ", ".join("?" for _ in keys)
    return query(db, f"SELECT * FROM hr_assessments WHERE id IN ({marks})", keys)


def general_enrolments(db: sqlite_utils.Database, camp: str) -> pd.DataFrame:
    """Enrolments in ``camp`` that were not dropped: person_id, start_date, end_date."""
    return query(
        db,
        "SELECT person_id, start_date, end_date FROM camp_enrolments WHERE camp_code = ? AND status <> 'dropped'",
        [camp],
    )


KEPT_TABLES = ("star_snapshots", "honors", "commission_snapshots")  # what a close keeps, by period


def snapshot_versions(db: sqlite_utils.Database, period: str, table: str = "star_snapshots") -> dict[int, int]:
    """id -> version of the rows ``table`` (one of :data:`KEPT_TABLES`) keeps for ``period``."""
    if table not in KEPT_TABLES:
        raise ValueError(table)
    rows = db.execute(f"SELECT id, version FROM [{table}] WHERE period = ? ORDER BY id", [period])
    return {int(r[0]): int(r[1]) for r in rows}


def read_honors(db: sqlite_utils.Database) -> pd.DataFrame:
    """The honors kept by closed periods (every row of ``honors``)."""
    return read_frame(db, "honors")


def read_commission_snapshots(db: sqlite_utils.Database, period: str | None = None) -> pd.DataFrame:
    """The commission kept by closed years, per person and band (of ``period`` only if given)."""
    if period is None:
        return read_frame(db, "commission_snapshots")
    return query(db, "SELECT * FROM commission_snapshots WHERE period = ? ORDER BY person_id, band", [period])


def closed_row(db: sqlite_utils.Database, period: str) -> tuple[int, int] | None:
    """(id, version) of the closed period, None when it is open."""
    row = db.execute(
        "SELECT id, version FROM closed_periods WHERE period = ? AND reopened_at IS NULL", [period]
    ).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def camp_point_rows(db: sqlite_utils.Database, keys: list[int]) -> pd.DataFrame:
    """Stored General camp points by id (id, person_id, week)."""
    if not keys:
        return pd.DataFrame(columns=["id", "person_id", "week"])
    marks = ", ".join("?" for _ in keys)
    return query(db, f"SELECT id, person_id, week FROM camp_points WHERE id IN ({marks})", keys)
