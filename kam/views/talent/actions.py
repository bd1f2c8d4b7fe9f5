"""The talent page's actions (issue 14): close and reopen a quarter (the one mechanism of
closed periods the honor rolls share), enrol approved candidates in the Pegasus camp. Each
is one audited transaction through the save path, as the signed-in user."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.closing import close_quarter, reopen_quarter
from kam.edit import save_change_set
from kam.specs import SPECS
from kam.store.access import Access
from kam.talent_checks import approval_day
from kam.types import ChangeSet, Problem

PEGASUS = "pegasus"  # r9_camps code of the camp an approved candidate joins
__all__ = ["approval_day", "close_period", "reopen_period", "enrol_pegasus", "PEGASUS"]


def close_period(
    db: sqlite_utils.Database, access: Access, quarter: str, today: dt.date, now: dt.datetime | None = None
) -> list[Problem]:
    """Close ``quarter`` as the signed-in user on the business date ``today``
    (kam.closing.close_quarter; ``now`` is the audit's UTC timestamp)."""
    if not access.closes("quarter"):
        return [Problem(None, None, "access.no_write", (("table", "closed_periods"),))]
    return close_quarter(db, access.user, quarter, today, now)


def reopen_period(db: sqlite_utils.Database, access: Access, quarter: str) -> list[Problem]:
    """Reopen ``quarter`` as the signed-in user (kam.closing.reopen_quarter)."""
    if not access.closes("quarter"):
        return [Problem(None, None, "access.no_write", (("table", "closed_periods"),))]
    return reopen_quarter(db, access.user, quarter)


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
