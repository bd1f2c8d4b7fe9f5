"""The talent page's actions (issue 14): close and reopen a quarter (the one mechanism of
closed periods the honor rolls share), enrol approved candidates in the Pegasus camp. Each
is one audited transaction through the save path, as the signed-in user."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.db import immediate
from kam.edit import save_change_set
from kam.specs import SPECS
from kam.store.access import Access
from kam.store.save import save_changes
from kam.store.talent import closed_row, snapshot_versions
from kam.types import ChangeSet, Problem
from kam.views.memo import memo
from kam.views.talent import quarter_bounds
from kam.views.talent.figures import talent_figures

PEGASUS = "pegasus"  # r9_camps code of the camp an approved candidate joins


def close_period(db: sqlite_utils.Database, access: Access, quarter: str, now: dt.datetime) -> list[Problem]:
    """Close ``quarter``: keep everyone's stars at its last day in ``star_snapshots`` and
    mark it closed, in one transaction (refused when it has not ended or is closed).

    Choice: everyone with a star at the quarter's end is kept, people who had left by then
    excepted (they had no star that quarter)."""
    if not access.writes("closed_periods"):
        return [Problem(None, None, "access.no_write", (("table", "closed_periods"),))]
    _, last = quarter_bounds(quarter)
    if now.date() <= last:
        return [Problem(None, None, "talent.stars.quarter_open")]
    fig = memo(talent_figures, db, as_of=last)
    people = fig.org.people.set_index(fig.org.people["id"].astype("int64"))
    ids = fig.active[fig.active].index
    stars = fig.stars.reindex(ids)
    inserts = {}
    for i, (person, row) in enumerate(stars.iterrows(), start=1):
        inserts[-i] = {
            "period": quarter,
            "person_id": int(person),
            "branch_id": None if pd.isna(people.at[person, "branch_id"]) else int(people.at[person, "branch_id"]),
            "team_id": None if pd.isna(people.at[person, "team_id"]) else int(people.at[person, "team_id"]),
            "performance_sales": int(round(float(row["performance_sales"]))),
            "process_meetings": int(row["process_meetings"]),
            "clearances_passed": int(row["clearances_passed"]),
            "performance_stars": int(row["performance_stars"]),
            "process_stars": int(row["process_stars"]),
            "clearance_stars": int(row["clearance_stars"]),
            "star": int(row["star"]),
            "base_salary": None if pd.isna(row["base_salary"]) else int(row["base_salary"]),
        }
    with immediate(db):
        if closed_row(db, quarter) is not None:
            return [Problem(None, None, "talent.stars.closed", (("q", quarter),))]
        stale = snapshot_versions(db, quarter)  # rows of an open quarter: none expected, replaced
        if stale:
            save_changes(db, SPECS["star_snapshots"], ChangeSet(deletes=stale), access.user)
        at = now.isoformat(timespec="seconds")
        mark = {"period": quarter, "closed_at": at, "closed_by": access.user}
        save_changes(db, SPECS["closed_periods"], ChangeSet(inserts={-1: mark}), access.user)
        if inserts:
            save_changes(db, SPECS["star_snapshots"], ChangeSet(inserts=inserts), access.user)
    return []


def reopen_period(db: sqlite_utils.Database, access: Access, quarter: str) -> list[Problem]:
    """Reopen ``quarter``: its kept stars are removed and it may be closed again (audited)."""
    if not access.writes("closed_periods"):
        return [Problem(None, None, "access.no_write", (("table", "closed_periods"),))]
    with immediate(db):
        row = closed_row(db, quarter)
        if row is None:
            return [Problem(None, None, "talent.stars.open", (("q", quarter),))]
        versions = snapshot_versions(db, quarter)
        if versions:
            save_changes(db, SPECS["star_snapshots"], ChangeSet(deletes=versions), access.user)
        save_changes(db, SPECS["closed_periods"], ChangeSet(deletes={row[0]: row[1]}), access.user)
    return []


def enrol_pegasus(
    db: sqlite_utils.Database, access: Access, people: list[int], today: dt.date
) -> tuple[bool, list[Problem]]:
    """Enrol ``people`` (approved candidates) in the Pegasus camp from today."""
    spec = SPECS["camp_enrolments"]
    inserts = {
        -i: {"person_id": p, "camp_code": PEGASUS, "start_date": today.isoformat(), "status": "enrolled"}
        for i, p in enumerate(people, start=1)
    }
    loaded = pd.DataFrame(columns=[c.name for c in spec.columns]).set_index("id")
    result, problems = save_change_set(db, spec, loaded, ChangeSet(inserts=inserts), access)
    return result is not None, problems
