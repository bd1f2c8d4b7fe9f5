"""Closing a period: the one mechanism of closed periods (``closed_periods``) of the honor
rolls (issue 15) and the talent page's quarterly star history (issue 14).

Closing a period (an ISO week, a month, a quarter or a year) keeps, in one audited
transaction, every honor of its type with the figure it was awarded on and its scope
(``honors``), for a quarter also everyone's stars at its last day (``star_snapshots``), for
a year also everyone's commission per band (``commission_snapshots``), and records the
close (kind, period, who, when), so that a period with no winners is closed too. Later edits
to orders, meetings or results do not change what was kept. Reopening is an explicit action
with a reason: the close's row gets who, when and why, and the kept rows are removed (the
audit keeps them), so that the period is computed live again and can be closed again.

Choices:
- what is kept is computed from the database at the moment of closing, never from a cached
  figure of the page (a close is rare; it must see the last saved edit);
- the honors are computed as of the period's last day (an order won later, or back-dated
  into the period after the close, is not in them);
- the stars keep everyone in a sales rank (a rank with a ``rank_order``; HR is outside the
  order and has no star) who is on the team on the quarter's last day;
- the commission keeps everyone with won sales in the year;
- a period can be closed once it has ended: the day after its last day at the earliest.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import pandas as pd
import sqlite_utils

from kam.db import immediate
from kam.rules.command import active_people, sales_people
from kam.rules.commission import commission_bands, commission_by_person
from kam.rules.honor_engine import honor_rows, period_honors
from kam.rules.honor_metrics import HonorData, new_hire_status
from kam.rules.params import Rules, rounded
from kam.rules.periods import period_bounds, period_kind
from kam.rules.placement import people_at
from kam.rules.stars import base_salaries, meetings_after, star_ratings
from kam.specs import SPECS
from kam.store.orders import read_people_orders
from kam.store.people import Org, read_meetings, read_moves, read_org
from kam.store.rules import load_rules
from kam.store.save import save_changes
from kam.store.talent import (
    KEPT_TABLES,
    closed_row,
    read_camp_points,
    read_closed,
    read_honors,
    read_results,
    snapshot_versions,
)
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
    placed = people_at(people, read_moves(db), period_bounds(period)[1]).set_index("id")  # at the quarter's end
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
                "branch_id": _optional_int(placed.at[p.id, "branch_id"]),
                "team_id": _optional_int(placed.at[p.id, "team_id"]),
                "performance_sales": int(round(float(s["performance_sales"]))),
                **{c: int(s[c]) for c in _COUNTS},
                "base_salary": _optional_int(s["base_salary"]),
            }
        )
    return rows


def honor_data(
    db: sqlite_utils.Database,
    as_of: dt.date,
    *,
    rules: Rules | None = None,
    org: Org | None = None,
    orders: pd.DataFrame | None = None,
    status: pd.DataFrame | None = None,
) -> HonorData:
    """What the honors are computed from (R10): the orders, the people and teams with their
    moves, the clearance status at ``as_of`` (the new hires', computed on first use unless
    given), the camp points, the honors kept by closed periods and the labels of those
    periods; read from the database now unless given."""
    rules = load_rules(db) if rules is None else rules
    org = read_org(db) if org is None else org
    orders = read_people_orders(db) if orders is None else orders
    clearances = new_hire_status(org.people, orders, read_results(db), rules, as_of) if status is None else status
    closed = kept_periods(read_closed(db))
    camp = read_camp_points(db)
    return HonorData(orders, org.people, org.teams, clearances, camp, read_honors(db), closed, read_moves(db))


def kept_periods(closes: pd.DataFrame) -> frozenset[str]:
    """The closed periods whose honors were kept by their close (one closed before the
    honors were kept, migration 016's ``honors_kept`` 0, is computed live)."""
    kept = pd.to_numeric(closes.get("honors_kept", pd.Series(1, index=closes.index)), errors="coerce").fillna(1)
    return frozenset(closes.loc[kept.astype(bool), "period"].astype(str))


def honor_snapshot(roll: pd.DataFrame, at: str) -> list[dict]:
    """The ``honors`` rows that keep a roll (kam.rules.honor_engine.ROLL_COLUMNS); the figure
    rounded half up to whole yuan (or whole counts)."""
    return [
        {
            "honor_code": str(r.honor_code),
            "period": str(r.period),
            "scope": str(r.scope),
            "person_id": _optional_int(r.person_id),
            "team_id": _optional_int(r.team_id),
            "branch_id": _optional_int(r.branch_id),
            "rank_no": _optional_int(r.rank),
            "figure": None if pd.isna(r.figure) else math.floor(rounded(float(r.figure)) + 0.5),
            "last_place": int(bool(r.last_place)),
            "runner_up": int(bool(r.runner_up)),
            "frozen_at": at,
        }
        for r in roll.itertuples()
    ]


def commission_snapshot(db: sqlite_utils.Database, year: str) -> list[dict]:
    """The ``commission_snapshots`` rows of ``year``: everyone's sales and commission per band."""
    rules = load_rules(db)
    moves = read_moves(db)
    people = people_at(read_org(db).people, moves, period_bounds(year)[1]).set_index("id")
    per = commission_by_person(read_people_orders(db), rules, int(year))
    bands = commission_bands(per.set_index("person_id")["sales"], rules)
    rows = []
    for person, b in zip(bands.index, bands.itertuples(index=False), strict=True):
        where = people.loc[person] if person in people.index else None
        rows.append(
            {
                "period": year,
                "person_id": int(person),
                "branch_id": None if where is None else _optional_int(where["branch_id"]),
                "team_id": None if where is None else _optional_int(where["team_id"]),
                "band": int(b.band),
                "from_amount": int(b.from_amount),
                "to_amount": None if pd.isna(b.to_amount) else int(b.to_amount),
                "rate": float(b.rate),
                "sales_in_band": float(b.sales_in_band),
                "commission_in_band": float(b.commission_in_band),
            }
        )
    return rows


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict], user: str, at: str) -> None:
    if rows:
        inserts = {-i: row for i, row in enumerate(rows, start=1)}
        save_changes(db, SPECS[table], ChangeSet(inserts=inserts), user, at)


# The columns of an honor's rules row a close keeps (kam.views.honors reads a closed period's
# honors, their captions and labels, from them).
KEPT_RULE_COLUMNS = (
    *("code", "honor_order", "period", "metric", "comparison", "threshold"),
    *("scope", "awarded_to", "shows_last", "label_zh", "label_en"),
)


def honor_rules(rules: Rules, kind: str) -> str:
    """The ``r10_honors`` rows of a period type as a close keeps them (JSON)."""
    rows = honor_rows(rules, kind)
    kept = [{c: _plain(r.get(c)) for c in KEPT_RULE_COLUMNS} for r in rows.to_dict("records")]
    return json.dumps(kept, ensure_ascii=False)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def close_rows(db: sqlite_utils.Database, period: str, user: str, at: str) -> dict[str, list[dict]]:
    """The rows a close of ``period`` writes, by table: its ``closed_periods`` mark, the
    honors of its type as of its last day, the stars (a quarter), the commission (a year)."""
    kind = period_kind(period)
    _, last = period_bounds(period)
    rules = load_rules(db)
    roll = period_honors(period, honor_data(db, last, rules=rules), rules, last)
    mark = {"kind": kind, "period": period, "closed_at": at, "closed_by": user, "honor_rules": honor_rules(rules, kind)}
    rows = {
        "closed_periods": [mark],
        "honors": honor_snapshot(roll, at),
    }
    if kind == "quarter":
        rows["star_snapshots"] = snapshot_rows(db, period, last)
    if kind == "year":
        rows["commission_snapshots"] = commission_snapshot(db, period)
    return rows


def close_period(
    db: sqlite_utils.Database, user: str, period: str, today: dt.date, now: dt.datetime | None = None
) -> list[Problem]:
    """Close ``period`` as ``user`` (the audit's name): keep what it awarded and mark it
    closed, in one transaction.

    :param today: the branch's business date (the server's local date, as every page's
      as-of date): the period may be closed from the day after its last day.
    :param now: the audit's timestamp (UTC), default the clock.

    :returns: [] or why not: it has not ended (``closing.not_ended``), it is closed already
      (``closing.closed``)."""
    _, last = period_bounds(period)
    if today <= last:
        return [Problem(None, None, "closing.not_ended", (("period", period),))]
    with immediate(db):
        if closed_row(db, period) is not None:
            return [Problem(None, None, "closing.closed", (("period", period),))]
        at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        for table in KEPT_TABLES:  # rows of an open period (typed by hand): replaced
            stale = snapshot_versions(db, period, table)
            if stale:
                save_changes(db, SPECS[table], ChangeSet(deletes=stale), user, at)
        for table, rows in close_rows(db, period, user, at).items():
            _insert(db, table, rows, user, at)
    return []


def reopen_period(
    db: sqlite_utils.Database, user: str, period: str, reason: str, now: dt.datetime | None = None
) -> list[Problem]:
    """Reopen ``period`` as ``user`` for ``reason``: the close's row records who, when and
    why; what it kept is removed (audited) and the period is live again.

    :returns: [] or ``closing.reason_needed`` (a blank reason), ``closing.open`` (it is not
      closed)."""
    why = (reason or "").strip()
    if not why:
        return [Problem(None, "reopen_reason", "closing.reason_needed", (("period", period),))]
    at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    with immediate(db):
        row = closed_row(db, period)
        if row is None:
            return [Problem(None, None, "closing.open", (("period", period),))]
        for table in KEPT_TABLES:
            versions = snapshot_versions(db, period, table)
            if versions:
                save_changes(db, SPECS[table], ChangeSet(deletes=versions), user, at)
        reopen = {"reopened_at": at, "reopened_by": user, "reopen_reason": why}
        change = ChangeSet(updates={row[0]: reopen}, versions={row[0]: row[1]})
        save_changes(db, SPECS["closed_periods"], change, user, at)
    return []
