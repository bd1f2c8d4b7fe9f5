"""R8 activities and process incentives (domain.md R8, issue 13): weekly meeting compliance
per person over ISO weeks, and the process performance money the meetings earn.

- Only the activity types of ``r8_activity_types`` with ``counts = 1`` count (face-to-face
  meetings by default); each counted meeting earns its type's ``value_per_meeting`` (100
  yuan by default).
- Weeks are ISO weeks, Monday to Sunday, labelled ``YYYY-Www`` by their ISO year (2027-01-01
  is in 2026-W53).
- A week's target is ``rule_params.r8_weekly_meetings`` (3): met when the counted meetings
  reach it (``>=``).
- Meetings dated after the as-of date have not happened yet and count for nothing.
- Behind pace (the current week): fewer meetings than the whole meetings the target calls
  for by the as-of date, ``floor(target x days elapsed / 7)``, days counted Monday = 1 to
  the as-of date (choice: calendar days, so nobody is behind on Monday and Tuesday at 3 a
  week, one is due by Wednesday, all three by Sunday); for a week that has ended, pace is
  the target.
- People: the salespeople (domain.md: "3 a week per salesperson"; choice: a person whose
  rank is on the sales ladder, i.e. has a ``ranks.rank_order``; HR, with none, is not)
  employed during the week (joined on or before its Sunday, not left before its Monday).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.params import Rules, ids, int_param, table
from kam.rules.periods import to_dates

WEEK_COLUMNS = [
    "person_id",
    "week",
    "week_start",
    "meetings",
    "target",
    "met",
    "money",
    "days_elapsed",
    "pace",
    "behind_pace",
    "complete",
]


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s ISO week."""
    return day - dt.timedelta(days=day.weekday())


def iso_week(dates: pd.Series) -> pd.Series:
    """ISO week labels ``YYYY-Www`` (ISO year: 2027-01-01 -> ``2026-W53``); NA when no date."""
    d = to_dates(pd.Series(dates))
    cal = d.dt.isocalendar()
    label = cal["year"].astype("string") + "-W" + cal["week"].astype("string").str.zfill(2)
    return label.where(d.notna()).astype("string")


def counted_meetings(meetings: pd.DataFrame, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """The meetings that count (types with ``counts = 1``), on or before ``as_of``.

    :returns: ``person_id, meeting_date`` (datetime), ``money`` (the type's value).
    """
    types = table(rules, "r8_activity_types")
    counts = types[pd.to_numeric(types["counts"], errors="coerce").fillna(0) == 1]
    value = pd.Series(
        pd.to_numeric(counts["value_per_meeting"], errors="coerce").fillna(0).to_numpy(),
        index=counts["code"].astype("string"),
    )
    kind = meetings["activity_type"].astype("string")
    date = to_dates(meetings["meeting_date"])
    keep = kind.isin(value.index) & date.notna()
    if as_of is not None:
        keep &= (date <= pd.Timestamp(as_of)).fillna(False)
    m = meetings[keep.to_numpy()]
    return pd.DataFrame(
        {
            "person_id": ids(m["person_id"]),
            "meeting_date": date[keep.to_numpy()],
            "money": kind[keep.to_numpy()].map(value).astype("float64"),
        }
    ).reset_index(drop=True)


def process_money(meetings: pd.DataFrame, rules: Rules, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Process performance per person for ``start``..``end`` (both included).

    :returns: index person_id, columns ``meetings`` (counted) and ``money`` (yuan).
    """
    m = counted_meetings(meetings, rules, end)
    m = m[m["meeting_date"] >= pd.Timestamp(start)]
    out = m.groupby("person_id").agg(meetings=("money", "size"), money=("money", "sum"))
    return out.astype({"meetings": "int64", "money": "int64"})


def weekly_compliance(
    meetings: pd.DataFrame, people: pd.DataFrame, rules: Rules, as_of: dt.date, weeks: int = 8
) -> pd.DataFrame:
    """R8 weekly compliance of every person employed in each of the ``weeks`` ISO weeks that
    end with ``as_of``'s week (the current week last, counted up to as_of).

    :param people: ``id, join_date, left_date`` and ``rank`` (without it, everyone counts).
    :returns: one row per (person, week), columns :data:`WEEK_COLUMNS`: ``meetings``
      counted, ``target``, ``met`` (meetings >= target), ``money`` (yuan), ``days_elapsed``
      (1-7), ``pace``, ``behind_pace`` (meetings < pace), ``complete`` (the week ended on
      or before as_of), ``week_start`` ISO text; sorted by week, then person.
    """
    target = int_param(rules, "r8_weekly_meetings")
    if "rank" in people.columns:
        ranks = table(rules, "ranks")
        ladder = ranks.loc[pd.to_numeric(ranks["rank_order"], errors="coerce").notna(), "code"].astype(str)
        people = people[people["rank"].astype(str).isin(set(ladder)).to_numpy()]
    last = week_start(as_of)
    starts = pd.to_datetime([last - dt.timedelta(weeks=k) for k in range(weeks - 1, -1, -1)])
    staff = pd.DataFrame(
        {
            "person_id": ids(people["id"]),
            "join": to_dates(people["join_date"]),
            "left": to_dates(people["left_date"]) if "left_date" in people else pd.NaT,
        }
    )
    grid = staff.merge(pd.DataFrame({"start": starts}), how="cross")
    end = grid["start"] + pd.Timedelta(days=6)
    employed = (grid["join"].isna() | (grid["join"] <= end)) & (grid["left"].isna() | (grid["left"] >= grid["start"]))
    grid = grid[employed.to_numpy()].reset_index(drop=True)
    m = counted_meetings(meetings, rules, as_of)
    m = m.assign(start=m["meeting_date"] - pd.to_timedelta(m["meeting_date"].dt.day_of_week, unit="D"))
    per = m.groupby(["person_id", "start"]).agg(meetings=("money", "size"), money=("money", "sum"))
    grid = grid.merge(per, left_on=["person_id", "start"], right_index=True, how="left")
    n = grid["meetings"].fillna(0).astype("int64")
    elapsed = np.minimum(7, (pd.Timestamp(as_of) - grid["start"]).dt.days + 1).astype("int64")
    pace = np.floor(target * elapsed / 7 + 1e-9).astype("int64")
    out = pd.DataFrame(
        {
            "person_id": grid["person_id"],
            "week": iso_week(grid["start"]),
            "week_start": grid["start"].dt.strftime("%Y-%m-%d").astype("string"),
            "meetings": n,
            "target": target,
            "met": (n >= target).astype(bool),
            "money": grid["money"].fillna(0).astype("int64"),
            "days_elapsed": elapsed,
            "pace": pace,
            "behind_pace": (n < pace).astype(bool),
            "complete": (elapsed == 7).astype(bool),
        }
    )
    return out.sort_values(["week_start", "person_id"], kind="stable").reset_index(drop=True)[WEEK_COLUMNS]
