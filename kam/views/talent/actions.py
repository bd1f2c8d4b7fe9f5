"""The talent page's actions (issue 14): enrol approved candidates in the Pegasus camp, one
audited transaction through the save path, as the signed-in user. Closing a quarter is
kam.views.closing's, shared with the honor rolls."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.edit import save_change_set
from kam.specs import SPECS
from kam.store.access import Access
from kam.talent_checks import approval_day
from kam.types import ChangeSet, Problem

PEGASUS = "pegasus"  # r9_camps code of the camp an approved candidate joins
__all__ = ["approval_day", "enrol_pegasus", "PEGASUS"]


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
