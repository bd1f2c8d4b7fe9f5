"""The save path's checks of the talent pipeline's tables (issue 14), whatever saves them
(the grid, an import), inside the save's write lock, on the rows as they would be:

- ``clearance_results``: ``passed`` follows from the score and the clearance's
  ``min_score``. A result without a score (or of a clearance decided by orders) is a
  recorded outcome that keeps the passed flag it was entered with: only for people who
  joined before records began (``r9_records_began_year``); for anyone who joined later it
  is refused, their exam score or their orders decide. A retake replaces the row's score
  and date: the audit keeps the earlier result.
- ``hr_assessments``: an approval is refused for someone not eligible by the new-cadre
  standard today (or on the last day with orders when the data stops earlier, the as-of
  date every page opens on: a demo or an old copy) or whose assessment does not pass
  (virtue, talent and post each at least the pass mark); an approval or rejection
  records who decided (the signed-in user, never a typed name) and when, as does a change
  of the scores of a decided assessment; back to pending clears both.
- ``camp_points``: the week is an ISO week (``2026-W27``) and the person takes part in the
  General camp that week (an enrolment not dropped that covers it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
import sqlite_utils

from kam.rules.cadre import assessment_passed, cadre_eligibility
from kam.rules.clearances import joined_before_records, records_began
from kam.rules.command import active_people, sales_people
from kam.rules.params import Rules, param, rounded, table
from kam.store.orders import last_order_date, read_people_orders
from kam.store.people import read_org
from kam.store.rules import load_rules
from kam.store.talent import (
    assessment_rows,
    camp_point_rows,
    clearance_rows,
    general_enrolments,
    read_people_customers,
)
from kam.types import ChangeSet, Problem, RowKey

CHECKED = ("clearance_results", "hr_assessments", "camp_points")
GENERAL_CAMP = "general"  # r9_camps code of the camp whose weekly points are kept
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA


def _below(score: Any, rules: Rules) -> bool:
    """A score missing or under the assessment's pass mark (rounded as every comparison)."""
    bar = float(rounded(param(rules, "r9_assessment_pass")))
    return _missing(score) or float(rounded(float(score))) < bar


def _rows(typed: ChangeSet) -> list[tuple[RowKey, dict[str, Any]]]:
    return [*typed.updates.items(), *typed.inserts.items()]


def talent_changes(
    db: sqlite_utils.Database,
    table_name: str,
    typed: ChangeSet,
    user: str,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> tuple[ChangeSet, list[Problem]]:
    """``typed`` with the values that follow from it, and what is wrong with it.

    :param user: the audit's name of the signed-in user (who decided an assessment).
    :param now: when it is decided (UTC, kept in ``decided_at``), default the clock.
    :param today: the business date eligibility is judged on (the server's local date, as
      the pages' as-of date), default the local date.
    """
    now = now or dt.datetime.now(dt.UTC)
    today = today or dt.date.today()
    if table_name == "clearance_results":
        return _results(db, typed)
    if table_name == "hr_assessments":
        return _assessments(db, typed, user, now, today)
    if table_name == "camp_points":
        return typed, _points(db, typed)
    return typed, []


def _results(db: sqlite_utils.Database, typed: ChangeSet) -> tuple[ChangeSet, list[Problem]]:
    rules = load_rules(db)
    minimum = table(rules, "r9_clearances").set_index("code")["min_score"]
    stored = clearance_rows(db, [int(k) for k in typed.updates]).set_index("id")
    joins: pd.Series | None = None
    problems: list[Problem] = []
    for key, ch in _rows(typed):
        before = stored.loc[key] if key in stored.index else None

        def value(column: str, ch: dict[str, Any] = ch, before: pd.Series | None = before) -> Any:
            return ch[column] if column in ch else (None if before is None else before[column])

        code, score = value("clearance_code"), value("score")
        bar = minimum.get(code) if code is not None else None
        if before is None or any(c in ch for c in ("person_id", "clearance_code", "score", "passed")):
            if joins is None:
                joins = read_org(db).people.set_index("id")["join_date"]
            person = value("person_id")
            if not joined_before_records(None if _missing(person) else joins.get(int(person)), rules):
                # A later hire is judged by the score and the orders: no bare outcome.
                year = (records_began(rules) or dt.date.min).year
                if _missing(bar):
                    problems.append(Problem(key, "clearance_code", "talent.decided_by_orders", (("year", year),)))
                    continue
                if _missing(score):
                    problems.append(Problem(key, "score", "talent.pass_needs_score", (("year", year),)))
                    continue
        if _missing(score) or _missing(bar):
            continue  # a recorded outcome of someone who joined before records began
        passed = 1 if float(rounded(float(score))) >= float(rounded(float(bar))) else 0
        if before is None or "score" in ch or "clearance_code" in ch or "passed" in ch:
            ch["passed"] = passed
    return typed, problems


def approval_day(db: sqlite_utils.Database, today: dt.date) -> dt.date:
    """The day an approval is judged on: ``today``, or the last day with orders when the
    data stops earlier (a demo, an old copy: the as-of date every page opens on)."""
    last = last_order_date(db)
    return min(today, last) if last else today


def _eligible(db: sqlite_utils.Database, rules: Rules, today: dt.date) -> pd.Series:
    """By person id: meets the new-cadre standard on ``today`` (or on the last day with
    orders when the data stops earlier), is on the team that day and in a sales rank."""
    org = read_org(db)
    day = approval_day(db, today)
    cadre = cadre_eligibility(org.people, read_people_customers(db), read_people_orders(db), rules, day)
    index = org.people["id"].astype("int64").to_numpy()
    on_team = pd.Series(active_people(org.people, day).to_numpy() & sales_people(org.people, rules).to_numpy(), index)
    return cadre["eligible"].astype(bool) & on_team.reindex(cadre.index, fill_value=False)


def _assessments(
    db: sqlite_utils.Database, typed: ChangeSet, user: str, now: dt.datetime, today: dt.date
) -> tuple[ChangeSet, list[Problem]]:
    stored = assessment_rows(db, [int(k) for k in typed.updates]).set_index("id")
    rules = load_rules(db)
    problems: list[Problem] = []
    eligible: pd.Series | None = None
    for key, ch in _rows(typed):
        before = stored.loc[key] if key in stored.index else None
        row = {c: ch[c] if c in ch else (None if before is None else before.get(c)) for c in stored.columns}
        row.update({c: v for c, v in ch.items() if c not in row})
        decision = row.get("decision") or "pending"
        changed = before is None or ("decision" in ch and ch["decision"] != before["decision"])
        scores_changed = any(c in ch for c in ("virtue", "talent", "post", "person_id"))
        if decision == "approved" and (changed or scores_changed):
            if not bool(assessment_passed(pd.DataFrame([row]), rules).iloc[0]):
                # The approval typed now is refused at the decision; an approved row whose
                # score was lowered, at that score.
                low = (
                    []
                    if "decision" in ch
                    else [c for c in ("virtue", "talent", "post") if c in ch and _below(ch[c], rules)]
                )
                problems.append(Problem(key, low[0] if low else "decision", "talent.approve_assessment_fails", ()))
                continue
            if eligible is None:
                eligible = _eligible(db, rules, today)
            person = row.get("person_id")
            if _missing(person) or not bool(eligible.get(int(person), False)):
                problems.append(Problem(key, "decision", "talent.approve_not_eligible", ()))
                continue
        # A decided row whose scores change is decided again, by who changed them, now.
        if changed or (scores_changed and decision in ("approved", "rejected")):
            decided = decision in ("approved", "rejected")
            ch["decided_by"] = user if decided else None
            ch["decided_at"] = now.isoformat(timespec="seconds") if decided else None
    return typed, problems


def iso_week_days(week: str) -> tuple[dt.date, dt.date] | None:
    """Monday and Sunday of an ISO week label ``2026-W27``; None when it is not one."""
    m = _WEEK.match(str(week).strip())
    if not m:
        return None
    try:
        monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None
    return monday, monday + dt.timedelta(days=6)


def _points(db: sqlite_utils.Database, typed: ChangeSet) -> list[Problem]:
    enrolled = general_enrolments(db, GENERAL_CAMP)
    got = camp_point_rows(db, [int(k) for k in typed.updates])
    stored = {int(r.id): r for r in got.itertuples()}
    out: list[Problem] = []
    for key, ch in _rows(typed):
        before = stored.get(key)
        week = ch.get("week", getattr(before, "week", None))
        person = ch.get("person_id", getattr(before, "person_id", None))
        days = iso_week_days(str(week)) if not _missing(week) else None
        if days is None:
            out.append(Problem(key, "week", "talent.week_bad", (("week", "" if _missing(week) else str(week)),)))
            continue
        if _missing(person):
            continue
        mine = enrolled.loc[enrolled["person_id"] == int(person)]
        covers = (mine["start_date"] <= days[1].isoformat()) & (
            mine["end_date"].isna() | (mine["end_date"] >= days[0].isoformat())
        )
        if not covers.any():
            out.append(Problem(key, "person_id", "talent.not_in_general_camp", (("week", str(week)),)))
    return out
