"""R9 star rating: performance, process and clearance stars; star = the lowest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.clearances import clearance_status, clearances_passed
from kam.rules.cooperation import person_index, won_in_window, won_orders
from kam.rules.params import (
    Rules,
    highest_level,
    ids,
    int_param,
    numbers,
    parsed,
    table,
    with_columns,
)

INDICATORS = ("performance", "process", "clearance")
STAR_COLUMNS = (
    "performance_sales",
    "process_meetings",
    "clearances_passed",
    "performance_stars",
    "process_stars",
    "clearance_stars",
    "star",
)


@dataclass(frozen=True)
class StarRules:
    """r9_star_thresholds by indicator (stars ascending), windows, counted types."""

    performance_window_months: int
    process_window_days: int
    counted_activities: tuple[str, ...]
    thresholds: tuple[tuple[str, tuple[int, ...], tuple[float, ...]], ...]

    @classmethod
    def from_tables(cls, rules: Rules) -> StarRules:
        t = table(rules, "r9_star_thresholds").sort_values(["indicator", "stars"])
        activities = table(rules, "r8_activity_types")
        return cls(
            performance_window_months=int_param(rules, "r9_performance_window_months"),
            process_window_days=int_param(rules, "r9_process_window_days"),
            counted_activities=tuple(activities.loc[activities["counts"] == 1, "code"]),
            thresholds=tuple(
                (
                    ind,
                    tuple(int(s) for s in t.loc[t["indicator"] == ind, "stars"]),
                    tuple(float(v) for v in t.loc[t["indicator"] == ind, "min_value"]),
                )
                for ind in INDICATORS
            ),
        )

    def stars(self, indicator: str, values: pd.Series) -> pd.Series:
        """Stars for the indicator: the most stars whose minimum is met.

        Choice: a value below every minimum (or an indicator without rows) gets 1 star,
        the lowest star there is.
        """
        _, stars, minimums = next(t for t in self.thresholds if t[0] == indicator)
        level = highest_level(values, tuple(str(s) for s in stars), minimums, "1")
        return level.astype("int64")


def star_ratings(
    people: pd.DataFrame,
    orders: pd.DataFrame,
    meetings: pd.DataFrame,
    clearance_results: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
    status: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """R9 star rating of every person at the as-of date.

    :param status: the :func:`kam.rules.clearances.clearance_status` of the same inputs at
      ``as_of`` when the caller has it already (it is the costliest part), else computed.

    :param orders: every order (the clearances count locks of any stage).
    :returns: by person_id: ``performance_sales`` (won amount of orders the person owns
      over the r9 performance window, yuan), ``process_meetings`` (meetings of counted
      activity types in the last r9_process_window_days days), ``clearances_passed``
      (distinct clearances passed, on time or late, at as_of:
      :func:`kam.rules.clearances.clearance_status`), the three ``*_stars`` (1-5) and
      ``star`` (the lowest of the three).
    """
    sr = parsed(rules, StarRules.from_tables)
    index = person_index(people)
    won = won_in_window(won_orders(orders), as_of, sr.performance_window_months)
    sales = won.groupby("owner_id")["amount"].sum().reindex(index, fill_value=0.0)

    meetings = with_columns(meetings, ("person_id", "meeting_date", "activity_type"))
    counted = meetings["activity_type"].isin(sr.counted_activities) & periods.day_window_mask(
        meetings["meeting_date"], as_of, sr.process_window_days
    )
    process = numbers(meetings.loc[counted, "person_id"]).value_counts().reindex(index, fill_value=0).astype("int64")

    # The clearances passed, on time or late, by the one clearance status of R9 (a result
    # dated after as_of does not count yet: the star is as of as_of).
    if status is None:
        status = clearance_status(people, orders, clearance_results, rules, as_of)
    cleared = clearances_passed(status, index)

    out = pd.DataFrame(
        {
            "performance_sales": sales.astype("float64"),
            "process_meetings": process,
            "clearances_passed": cleared,
        },
        index=index,
    )
    out["performance_stars"] = sr.stars("performance", out["performance_sales"])
    out["process_stars"] = sr.stars("process", out["process_meetings"])
    out["clearance_stars"] = sr.stars("clearance", out["clearances_passed"])
    out["star"] = np.minimum.reduce([out["performance_stars"], out["process_stars"], out["clearance_stars"]]).astype(
        "int64"
    )
    return out


def base_salaries(stars: pd.Series, rules: Rules) -> pd.Series:
    """R9 base salary of each star from ``r9_star_salary``: ``base_salary``, never more than
    the row's ``salary_cap`` (the most a star's base salary can reach; an invariant keeps
    base <= cap in the table, and this holds even for data written around it)."""
    t = table(rules, "r9_star_salary")
    base = numbers(t["base_salary"]).to_numpy()
    cap = numbers(t["salary_cap"]).to_numpy()
    by_star = pd.Series(np.fmin(base, cap), index=numbers(t["stars"]).astype("int64").to_numpy())
    return pd.Series(by_star.reindex(numbers(stars).to_numpy()).to_numpy(), index=stars.index, dtype="float64")


def _quarter_number(period: pd.Series) -> pd.Series:
    """``2026-Q2`` -> 2026 x 4 + 1 (consecutive quarters differ by 1); NA for other labels."""
    m = period.astype("string").str.extract(r"^(\d{4})-Q([1-4])$")
    return (pd.to_numeric(m[0], errors="coerce") * 4 + pd.to_numeric(m[1], errors="coerce") - 1).astype("Int64")


def elimination_warnings(snapshots: pd.DataFrame, closed: pd.Series, rules: Rules) -> pd.DataFrame:
    """R9 elimination warning: ``r9_warning_quarters`` (2) closed quarters in a row at 1 star.

    The row is counted back from the latest closed quarter over consecutive calendar
    quarters; a quarter not closed, or closed without the person's snapshot, breaks it
    (choice: a person not in a closed quarter's snapshot had no star that quarter). The
    stars are those kept when each quarter was closed (``star_snapshots``), never
    recomputed.

    :param snapshots: ``period, person_id, star`` rows of closed quarters.
    :param closed: the closed periods' labels (other kinds than quarters are ignored).
    :returns: by person_id (everyone with a snapshot): ``one_star_quarters`` (the row's
      length), ``last_closed`` (the latest closed quarter) and ``warning``.
    """
    need = int_param(rules, "r9_warning_quarters")
    quarters = _quarter_number(pd.Series(closed, dtype="string")).dropna()
    s = with_columns(snapshots, ("period", "person_id", "star"))
    people = ids(s["person_id"]).dropna().unique()
    index = pd.Index(sorted(int(p) for p in people), name="person_id")
    out = pd.DataFrame({"one_star_quarters": 0, "last_closed": pd.NA, "warning": False}, index=index)
    out["last_closed"] = out["last_closed"].astype("string")
    if quarters.empty or index.empty:
        return out
    closed_set = set(int(q) for q in quarters)
    latest = max(closed_set)
    s = s.assign(q=_quarter_number(s["period"]), person_id=ids(s["person_id"]), star=numbers(s["star"]))
    one = s.loc[(s["star"] == 1) & s["q"].notna() & s["person_id"].notna()]
    ones = set(zip(one["person_id"].astype("int64"), one["q"].astype("int64"), strict=True))
    run = np.zeros(len(index), dtype="int64")
    for i, person in enumerate(index):
        q = latest
        while q in closed_set and (person, q) in ones:
            run[i] += 1
            q -= 1
    out["one_star_quarters"] = run
    label = f"{latest // 4}-Q{latest % 4 + 1}"
    out["last_closed"] = pd.Series(label, index=index, dtype="string")
    out["warning"] = run >= need
    return out


def meetings_after(rules: Rules, as_of: dt.date) -> str:
    """The day before the R9 process window (meetings on or before it never count): what
    a reader of meetings for the stars needs, from ``r9_process_window_days``."""
    return (as_of - dt.timedelta(days=int_param(rules, "r9_process_window_days"))).isoformat()
