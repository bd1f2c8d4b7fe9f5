"""R9 camps: who is in which camp, who entered or completed one in a period, each
person's path through the camps (``r9_camps`` in path order)."""

from __future__ import annotations

import datetime as dt

import numpy as np
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


def _on(e: pd.DataFrame, as_of: dt.date) -> np.ndarray:
    """Per prepared enrolment (:func:`_enrolments`): in the camp at as_of."""
    ts = np.datetime64(pd.Timestamp(as_of))
    start, end = e["start"].to_numpy(), e["end"].to_numpy()
    enrolled = (e["status"] == "enrolled").fillna(False).to_numpy(dtype=bool)
    return enrolled & (start <= ts) & (np.isnat(end) | (end >= ts))  # NaT compares False


def in_camp(enrolments: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Per enrolment: in the camp at as_of (status enrolled, started on or before as_of,
    no end date or ending on or after it)."""
    e = _enrolments(enrolments)
    return pd.Series(_on(e, as_of), index=e.index, dtype=bool)


def camp_pipeline(
    enrolments: pd.DataFrame, rules: Rules, as_of: dt.date, first: dt.date, last: dt.date
) -> pd.DataFrame:
    """R9 pipeline: per camp of ``r9_camps`` in path order, the people in it at as_of
    (``in_camp``), those who entered it (start date) and those who completed it (status
    completed, end date) between ``first`` and ``last``, both included (a quarter).

    People are counted once per camp (distinct people); an enrolment without a person or a
    camp counts nowhere.
    """
    camps = table(rules, "r9_camps").sort_values("camp_order", kind="stable")
    e = _enrolments(enrolments)
    lo, hi = np.datetime64(pd.Timestamp(first)), np.datetime64(pd.Timestamp(last))
    start, end = e["start"].to_numpy(), e["end"].to_numpy()
    person = e["person_id"].to_numpy(dtype=object, na_value=None)
    camp = e["camp_code"].to_numpy(dtype=object, na_value=None)
    completed_ = (e["status"] == "completed").fillna(False).to_numpy(dtype=bool)

    # Plain sets over the rows: a branch has some hundreds of enrolments, and pandas'
    # groupby costs some 50 ms a page run on a frame that small (issue 17).
    def people(mask: np.ndarray) -> dict[str, int]:
        seen: dict[str, set] = {}
        for c, p in zip(camp[mask], person[mask], strict=True):
            if c is not None and p is not None:
                seen.setdefault(c, set()).add(p)
        return {c: len(s) for c, s in seen.items()}

    now = people(_on(e, as_of))
    entered = people((start >= lo) & (start <= hi))
    completed = people(completed_ & (end >= lo) & (end <= hi))
    codes = camps["code"].astype("string")
    keys = codes.to_numpy(dtype=object, na_value=None)
    out = pd.DataFrame(
        {
            "camp_code": codes.to_numpy(),
            "camp_order": camps["camp_order"].astype("int64").to_numpy(),
            "in_camp": np.array([now.get(c, 0) for c in keys], dtype="int64"),
            "entered": np.array([entered.get(c, 0) for c in keys], dtype="int64"),
            "completed": np.array([completed.get(c, 0) for c in keys], dtype="int64"),
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
