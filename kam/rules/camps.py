"""R9 camps: who is in which camp, who entered or completed one in a period, each
person's path through the camps (``r9_camps`` in path order)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kam.rules.params import Rules, ids, table, with_columns
from kam.rules.periods import to_dates

PIPELINE_COLUMNS = ["camp_code", "camp_order", "in_camp", "entered", "completed"]


def _enrolments(enrolments: pd.DataFrame) -> pd.DataFrame:
    e = with_columns(enrolments, ("person_id", "camp_code", "start_date", "end_date", "status"))
    return e.assign(
        person_id=ids(e["person_id"]),
        camp_code=e["camp_code"].astype("string"),
        start=to_dates(e["start_date"]),
        end=to_dates(e["end_date"]),
        status=e["status"].astype("string"),
    )


def in_camp(enrolments: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Per enrolment: in the camp at as_of (status enrolled, started on or before as_of,
    no end date or ending on or after it)."""
    e = _enrolments(enrolments)
    ts = pd.Timestamp(as_of)
    on = (e["status"] == "enrolled") & (e["start"] <= ts) & (e["end"].isna() | (e["end"] >= ts))
    return on.fillna(False).astype(bool)


def camp_pipeline(
    enrolments: pd.DataFrame, rules: Rules, as_of: dt.date, first: dt.date, last: dt.date
) -> pd.DataFrame:
    """R9 pipeline: per camp of ``r9_camps`` in path order, the people in it at as_of
    (``in_camp``), those who entered it (start date) and those who completed it (status
    completed, end date) between ``first`` and ``last``, both included (a quarter).

    People are counted once per camp (distinct people).
    """
    camps = table(rules, "r9_camps").sort_values("camp_order", kind="stable")
    e = _enrolments(enrolments)
    lo, hi = pd.Timestamp(first), pd.Timestamp(last)

    def people(mask: pd.Series) -> pd.Series:
        return e.loc[mask.fillna(False).astype(bool)].groupby("camp_code")["person_id"].nunique()

    now = people(in_camp(enrolments, as_of))
    entered = people((e["start"] >= lo) & (e["start"] <= hi))
    completed = people((e["status"] == "completed") & (e["end"] >= lo) & (e["end"] <= hi))
    codes = camps["code"].astype("string")
    out = pd.DataFrame(
        {
            "camp_code": codes.to_numpy(),
            "camp_order": camps["camp_order"].astype("int64").to_numpy(),
            "in_camp": now.reindex(codes.to_numpy(), fill_value=0).astype("int64").to_numpy(),
            "entered": entered.reindex(codes.to_numpy(), fill_value=0).astype("int64").to_numpy(),
            "completed": completed.reindex(codes.to_numpy(), fill_value=0).astype("int64").to_numpy(),
        }
    )
    return out[PIPELINE_COLUMNS]


def camp_paths(enrolments: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Each person's path: their enrolments in path order of the camps, then by start date.

    :returns: columns ``person_id, camp_code, camp_order, start_date, end_date, status``.
    """
    camps = table(rules, "r9_camps")
    order = pd.Series(camps["camp_order"].to_numpy(), index=camps["code"].astype("string"))
    e = _enrolments(enrolments)
    out = pd.DataFrame(
        {
            "person_id": e["person_id"],
            "camp_code": e["camp_code"],
            "camp_order": pd.Series(order.reindex(e["camp_code"].to_numpy()).to_numpy(), index=e.index).astype("Int64"),
            "start_date": e["start_date"].astype("string"),
            "end_date": e["end_date"].astype("string"),
            "status": e["status"],
        }
    )
    return out.sort_values(["person_id", "camp_order", "start_date"], kind="stable").reset_index(drop=True)
