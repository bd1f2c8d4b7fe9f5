"""Closing a period: the one mechanism of closed periods (``closed_periods``) the talent
page's quarterly star history uses and the honor rolls will share (issue 14, issue 15).

Closing a quarter keeps everyone's stars at its last day (``star_snapshots``) and marks it
closed, in one audited transaction; later edits to orders, meetings or results do not
change what was kept. Reopening removes the kept stars (the audit keeps them) so that the
quarter can be closed again. The talent page's actions and the demo data both close here.

Choices:
- the stars are computed from the database at the moment of closing, never from a cached
  figure of the page (a close is rare; it must see the last saved edit);
- who is kept: everyone in a sales rank (a rank with a ``rank_order``; HR is outside the
  order and has no star) who is on the team on the quarter's last day;
- a quarter can be closed once it has ended: the day after its last day at the earliest.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.db import immediate
from kam.rules.command import active_people, sales_people
from kam.rules.periods import period_bounds
from kam.rules.stars import base_salaries, meetings_after, star_ratings
from kam.specs import SPECS
from kam.store.orders import read_people_orders
from kam.store.people import read_meetings, read_org
from kam.store.rules import load_rules
from kam.store.save import save_changes
from kam.store.talent import closed_row, read_results, snapshot_versions
from kam.types import ChangeSet, Problem


def rated_stars(
    people: pd.DataFrame,
    orders: pd.DataFrame,
    meetings: pd.DataFrame,
    results: pd.DataFrame,
    rules: dict[str, pd.DataFrame],
    as_of: dt.date,
    status: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The stars of kam.rules.stars.star_ratings with each one's base salary (R9).

    :param status: the clearance status at ``as_of``, when the caller has it."""
    stars = star_ratings(people, orders, meetings, results, rules, as_of, status)
    stars["base_salary"] = base_salaries(stars["star"], rules)
    return stars


# The star's figures kept as whole numbers (the sales are rounded to whole yuan).
_COUNTS = ("process_meetings", "clearances_passed", "performance_stars", "process_stars", "clearance_stars", "star")


def _optional_int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def snapshot_rows(db: sqlite_utils.Database, period: str, as_of: dt.date) -> list[dict]:
    """The ``star_snapshots`` rows of ``period``: the stars at ``as_of`` of the people kept."""
    rules = load_rules(db)
    people = read_org(db).people.reset_index(drop=True)
    meetings = read_meetings(db, meetings_after(rules, as_of))
    stars = rated_stars(people, read_people_orders(db), meetings, read_results(db), rules, as_of)
    kept = people.loc[active_people(people, as_of).to_numpy() & sales_people(people, rules).to_numpy()]
    rows = []
    for p in kept.itertuples():
        s = stars.loc[int(p.id)]
        rows.append(
            {
                "period": period,
                "person_id": int(p.id),
                "branch_id": _optional_int(p.branch_id),
                "team_id": _optional_int(p.team_id),
                "performance_sales": int(round(float(s["performance_sales"]))),
                **{c: int(s[c]) for c in _COUNTS},
                "base_salary": _optional_int(s["base_salary"]),
            }
        )
    return rows


def close_quarter(
    db: sqlite_utils.Database, user: str, quarter: str, today: dt.date, now: dt.datetime | None = None
) -> list[Problem]:
    """Close ``quarter`` as ``user`` (the audit's name): keep the stars at its last day and
    mark it closed, in one transaction.

    :param today: the branch's business date (the server's local date, as every page's
      as-of date): the quarter may be closed from the day after its last day.
    :param now: the audit's timestamp (UTC), default the clock.

    :returns: [] or why not: it has not ended (``talent.stars.quarter_open``), it is closed
      already (``talent.stars.closed``)."""
    _, last = period_bounds(quarter)
    if today <= last:
        return [Problem(None, None, "talent.stars.quarter_open", (("q", quarter),))]
    with immediate(db):
        if closed_row(db, quarter) is not None:
            return [Problem(None, None, "talent.stars.closed", (("q", quarter),))]
        at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        stale = snapshot_versions(db, quarter)  # rows of an open quarter (typed by hand): replaced
        if stale:
            save_changes(db, SPECS["star_snapshots"], ChangeSet(deletes=stale), user, at)
        mark = {"period": quarter, "closed_at": at, "closed_by": user}
        save_changes(db, SPECS["closed_periods"], ChangeSet(inserts={-1: mark}), user, at)
        rows = snapshot_rows(db, quarter, last)
        if rows:
            inserts = {-i: row for i, row in enumerate(rows, start=1)}
            save_changes(db, SPECS["star_snapshots"], ChangeSet(inserts=inserts), user, at)
    return []


def reopen_quarter(db: sqlite_utils.Database, user: str, quarter: str) -> list[Problem]:
    """Reopen ``quarter`` as ``user``: its kept stars are removed (audited) and it may be
    closed again. :returns: [] or ``talent.stars.open`` when it is not closed."""
    with immediate(db):
        row = closed_row(db, quarter)
        if row is None:
            return [Problem(None, None, "talent.stars.open", (("q", quarter),))]
        versions = snapshot_versions(db, quarter)
        if versions:
            save_changes(db, SPECS["star_snapshots"], ChangeSet(deletes=versions), user)
        save_changes(db, SPECS["closed_periods"], ChangeSet(deletes={row[0]: row[1]}), user)
    return []
