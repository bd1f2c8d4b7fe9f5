"""Where a person or team was on a day (kam.rules.placement): today's place taken back
through the moves made after that day; a move belongs to the day it was saved on."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.placement import people_at, values_at


def moves(*rows: tuple[str, int, str, str, float | None]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["table_name", "row_id", "column_name", "day", "old_value"]).assign(
        day=lambda f: pd.to_datetime(f["day"]), old_value=lambda f: f["old_value"].astype("float64")
    )


NOW = pd.Series({1: 30.0, 2: 20.0, 3: np.nan})  # person -> team today (3: none)
# person 1: team 10 until 2026-03-05, then 20 until 2026-06-30, then 30 (today)
# person 2: no team until 2026-02-01 (the move replaced nothing), then 20
HISTORY = moves(
    ("people", 1, "team_id", "2026-03-05", 10),
    ("people", 2, "team_id", "2026-02-01", None),
    ("people", 1, "team_id", "2026-06-30", 20),
    ("people", 1, "branch_id", "2026-01-01", 99),  # another column
    ("teams", 1, "team_id", "2025-01-01", 77),  # another table with the same row id
)


def at(person: int, day: str) -> float:
    return float(values_at(NOW, HISTORY, "people", "team_id", np.array([person]), np.array([day], "datetime64[D]"))[0])


def test_a_day_before_every_move_gives_the_value_the_first_move_replaced():
    assert at(1, "2026-03-04") == 10.0
    assert at(1, "2020-01-01") == 10.0


def test_a_move_belongs_to_the_day_it_was_saved_on():
    assert at(1, "2026-03-05") == 20.0  # the day of the move: already the new team
    assert at(1, "2026-06-29") == 20.0
    assert at(1, "2026-06-30") == 30.0
    assert at(1, "2026-07-01") == 30.0


def test_a_move_from_no_team_and_a_row_that_never_moved():
    assert np.isnan(at(2, "2026-01-31"))
    assert at(2, "2026-02-01") == 20.0
    assert np.isnan(at(3, "2020-01-01"))
    assert np.isnan(at(4, "2026-01-01"))  # unknown person


def test_many_rows_and_days_at_once_match_one_at_a_time():
    who = np.array([1, 2, 1, 3, 1, 2])
    days = np.array(["2026-01-01"] * 2 + ["2026-04-01"] * 2 + ["2026-12-31"] * 2, "datetime64[D]")
    got = values_at(NOW, HISTORY, "people", "team_id", who, days)
    want = [at(int(w), str(d)) for w, d in zip(who, days, strict=True)]
    np.testing.assert_array_equal(got, np.array(want))


def test_people_at_gives_team_and_branch_of_the_day_and_leaves_no_moves_as_is():
    people = pd.DataFrame({"id": [1, 2], "name": ["a", "b"], "team_id": [30, 20], "branch_id": [5, 5]})
    got = people_at(people, HISTORY, dt.date(2025, 12, 31))
    assert got["team_id"].isna().tolist() == [False, True]
    assert int(got["team_id"].iloc[0]) == 10
    assert got["branch_id"].tolist() == [99, 5]
    assert got["name"].tolist() == ["a", "b"]
    assert people_at(people, moves(), dt.date(2025, 12, 31)) is people
