"""R9 star rating: performance, process and clearance stars; star = the lowest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.cooperation import person_index, won_in_window, won_orders
from kam.rules.params import (
    Rules,
    highest_level,
    int_param,
    numbers,
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
) -> pd.DataFrame:
    """R9 star rating of every person at the as-of date.

    :returns: by person_id: ``performance_sales`` (won amount of orders the person owns
      over the r9 performance window, yuan), ``process_meetings`` (meetings of counted
      activity types in the last r9_process_window_days days), ``clearances_passed``
      (distinct clearances passed on or before as_of), the three ``*_stars`` (1-5) and
      ``star`` (the lowest of the three).
    """
    sr = StarRules.from_tables(rules)
    index = person_index(people)
    won = won_in_window(won_orders(orders), as_of, sr.performance_window_months)
    sales = won.groupby("owner_id")["amount"].sum().reindex(index, fill_value=0.0)

    meetings = with_columns(meetings, ("person_id", "meeting_date", "activity_type"))
    counted = meetings["activity_type"].isin(sr.counted_activities) & periods.day_window_mask(
        meetings["meeting_date"], as_of, sr.process_window_days
    )
    process = numbers(meetings.loc[counted, "person_id"]).value_counts().reindex(index, fill_value=0).astype("int64")

    results = with_columns(clearance_results, ("person_id", "clearance_code", "result_date", "passed"))
    # Choice: a result dated after as_of does not count yet (the star is as of as_of).
    passed = (numbers(results["passed"]) == 1) & (periods.to_dates(results["result_date"]) <= pd.Timestamp(as_of))
    cleared = (
        results.loc[passed]
        .assign(person_id=numbers(results.loc[passed, "person_id"]))
        .groupby("person_id")["clearance_code"]
        .nunique()
        .reindex(index, fill_value=0)
        .astype("int64")
    )

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
