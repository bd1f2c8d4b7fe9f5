"""R9 what the star sets, worked out by hand from domain.md: the elimination warning after two
quarters in a row at 1 star (closed quarters, kept snapshots), the base salary (an editable
table with a cap), and the star as the lowest of the three indicators, with clearances
counted by the R9 clearance status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from kam.rules.stars import base_salaries, elimination_warnings, star_ratings
from tests.rules.frames import AS_OF, clearance_results, empty, meetings, orders, people, won


def _snapshots(*rows: tuple[str, int, int]) -> pd.DataFrame:
    return pd.DataFrame([{"period": p, "person_id": who, "star": star} for p, who, star in rows])


def _warn(rules, snapshot_rows, closed) -> pd.DataFrame:
    return elimination_warnings(_snapshots(*snapshot_rows), pd.Series(closed, dtype="string"), rules)


# -- elimination warning --------------------------------------------------------------------


def test_r9_two_closed_quarters_in_a_row_at_one_star_warn(rules):
    got = _warn(rules, [("2026-Q1", 1, 1), ("2026-Q2", 1, 1)], ["2026-Q1", "2026-Q2"])
    assert got.loc[1, "one_star_quarters"] == 2
    assert got.loc[1, "last_closed"] == "2026-Q2"
    assert bool(got.loc[1, "warning"]) is True


def test_r9_one_quarter_at_one_star_does_not_warn(rules):
    got = _warn(rules, [("2026-Q1", 1, 2), ("2026-Q2", 1, 1)], ["2026-Q1", "2026-Q2"])
    assert got.loc[1, "one_star_quarters"] == 1
    assert bool(got.loc[1, "warning"]) is False


def test_r9_quarters_in_a_row_cross_the_year(rules):
    got = _warn(rules, [("2025-Q4", 1, 1), ("2026-Q1", 1, 1)], ["2025-Q4", "2026-Q1"])
    assert got.loc[1, "one_star_quarters"] == 2
    assert got.loc[1, "last_closed"] == "2026-Q1"
    assert bool(got.loc[1, "warning"]) is True


@pytest.mark.parametrize(
    ("snapshot_rows", "closed"),
    [
        # Q2 not closed: Q1 and Q3 are not in a row.
        ([("2026-Q1", 1, 1), ("2026-Q3", 1, 1)], ["2026-Q1", "2026-Q3"]),
        # ... even with a 1-star snapshot kept for the open quarter.
        ([("2026-Q1", 1, 1), ("2026-Q2", 1, 1), ("2026-Q3", 1, 1)], ["2026-Q1", "2026-Q3"]),
    ],
)
def test_r9_a_quarter_between_not_closed_breaks_the_row(rules, snapshot_rows, closed):
    got = _warn(rules, snapshot_rows, closed)
    assert got.loc[1, "one_star_quarters"] == 1
    assert got.loc[1, "last_closed"] == "2026-Q3"
    assert bool(got.loc[1, "warning"]) is False


def test_r9_a_closed_quarter_at_two_stars_breaks_the_row(rules):
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 2), ("2026-Q3", 1, 1)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2", "2026-Q3"])
    assert got.loc[1, "one_star_quarters"] == 1
    assert bool(got.loc[1, "warning"]) is False


def test_r9_only_the_latest_closed_quarters_count(rules):
    # Q1 and Q2 at 1 star, but the latest closed quarter (Q3) at 2 stars: no warning now.
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 1), ("2026-Q3", 1, 2)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2", "2026-Q3"])
    assert got.loc[1, "one_star_quarters"] == 0
    assert got.loc[1, "last_closed"] == "2026-Q3"
    assert bool(got.loc[1, "warning"]) is False


def test_r9_an_open_quarter_after_the_latest_closed_does_not_count(rules):
    # Q3 is not closed: the row is counted back from Q2, the latest closed quarter.
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 1), ("2026-Q3", 1, 3)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2"])
    assert got.loc[1, "one_star_quarters"] == 2
    assert got.loc[1, "last_closed"] == "2026-Q2"
    assert bool(got.loc[1, "warning"]) is True


def test_r9_three_quarters_in_a_row(rules):
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 1), ("2026-Q3", 1, 1)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2", "2026-Q3"])
    assert got.loc[1, "one_star_quarters"] == 3
    assert bool(got.loc[1, "warning"]) is True


def test_r9_a_person_missing_from_the_latest_closed_quarter_has_no_row(rules):
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 1), ("2026-Q1", 2, 1), ("2026-Q2", 2, 1), ("2026-Q3", 1, 1)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2", "2026-Q3"])
    assert got.loc[1, "one_star_quarters"] == 3
    assert got.loc[2, "one_star_quarters"] == 0
    assert got["warning"].to_dict() == {1: True, 2: False}


def test_r9_warning_is_per_person(rules):
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 1), ("2026-Q1", 2, 1), ("2026-Q2", 2, 4)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2"])
    assert got.index.tolist() == [1, 2]
    assert got["one_star_quarters"].to_dict() == {1: 2, 2: 0}
    assert got["warning"].to_dict() == {1: True, 2: False}


def test_r9_closed_periods_other_than_quarters_are_ignored(rules):
    rows = [("2026-Q1", 1, 1), ("2026-Q2", 1, 1)]
    got = _warn(rules, rows, ["2026-Q1", "2026-Q2", "2026-07", "2026"])
    assert got.loc[1, "last_closed"] == "2026-Q2"
    assert bool(got.loc[1, "warning"]) is True


def test_r9_no_closed_quarter_no_warning(rules):
    got = _warn(rules, [("2026-Q1", 1, 1), ("2026-Q2", 1, 1)], [])
    assert got.loc[1, "one_star_quarters"] == 0
    assert bool(got.loc[1, "warning"]) is False


@pytest.mark.parametrize(("quarters", "warning"), [(2, False), (3, True)])
def test_r9_editing_warning_quarters(rules, edit, quarters, warning):
    edit("rule_params", "r9_warning_quarters", "value", 3)
    closed = ["2026-Q1", "2026-Q2", "2026-Q3"][-quarters:]
    got = _warn(rules, [(q, 1, 1) for q in closed], closed)
    assert got.loc[1, "one_star_quarters"] == quarters
    assert bool(got.loc[1, "warning"]) is warning


# -- base salary -------------------------------------------------------------------------------


def test_r9_base_salary_by_star(rules):
    stars = pd.Series([1, 2, 3, 4, 5, 3], index=[10, 11, 12, 13, 14, 15])
    got = base_salaries(stars, rules)
    assert got.to_dict() == {10: 6_000, 11: 8_000, 12: 10_000, 13: 13_000, 14: 16_000, 15: 10_000}


@pytest.mark.parametrize(
    ("base", "salary"),
    [(29_999, 29_999), (30_000, 30_000), (30_001, 30_000), (50_000, 30_000)],  # cap 30,000
)
def test_r9_base_salary_never_above_the_cap(rules, edit, base, salary):
    edit("r9_star_salary", 3, "base_salary", base, key_column="stars")
    got = base_salaries(pd.Series([3, 2]), rules)
    assert got.tolist() == [salary, 8_000]


@pytest.mark.parametrize(("cap", "salary"), [(7_999, 7_999), (8_000, 8_000), (8_001, 8_000)])
def test_r9_base_salary_lowered_cap(rules, edit, cap, salary):
    edit("r9_star_salary", 2, "salary_cap", cap, key_column="stars")
    assert base_salaries(pd.Series([2]), rules).tolist() == [salary]


# -- star: the lowest of the three, at the thresholds ----------------------------------------

CODES = ["entry", "ability", "performance", "planet"]


def _star_row(rules, sales: int, meeting_count: int, cleared: int, order_rows=(), result_rows=None) -> pd.Series:
    if result_rows is None:  # passed before records began: recorded outcomes without a score
        result_rows = [
            {"person_id": 1, "clearance_code": c, "score": None, "passed": 1, "result_date": "2026-01-01"}
            for c in CODES[:cleared]
        ]
    rows = [won(1, sales, owner_id=1)] if sales else []
    got = star_ratings(
        people({"join_date": JOIN.isoformat()}),
        orders(*rows, *order_rows),
        meetings(*[{"person_id": 1}] * meeting_count),
        clearance_results(*result_rows),
        rules,
        AS_OF,
    )
    return got.loc[1]


JOIN = dt.date(2026, 3, 1)  # entry due 2026-03-08; ability due 2026-03-31


@pytest.mark.parametrize(
    ("sales", "meeting_count", "cleared", "star"),
    [
        (1_500_000, 24, 2, 3),  # all three at the 3-star threshold
        (1_499_999, 24, 2, 2),  # performance one yuan short
        (1_500_000, 23, 2, 2),  # process one meeting short
        (1_500_000, 24, 1, 2),  # clearance one short
        (1_500_000, 48, 4, 3),  # performance the lowest
        (10_000_000, 24, 4, 3),  # process the lowest
        (10_000_000, 48, 2, 3),  # clearance the lowest
        (500_000, 12, 1, 2),
        (499_999, 12, 1, 1),
        (3_000_000, 36, 3, 4),
        (10_000_000, 47, 4, 4),
    ],
)
def test_r9_star_is_lowest_of_three_at_thresholds(rules, sales, meeting_count, cleared, star):
    row = _star_row(rules, sales, meeting_count, cleared)
    assert row["performance_sales"] == sales
    assert row["process_meetings"] == meeting_count
    assert row["clearances_passed"] == cleared
    assert row["star"] == star


def _entry(score: float | None, date: str, passed: int = 1) -> list[dict[str, Any]]:
    return [{"person_id": 1, "clearance_code": "entry", "score": score, "passed": passed, "result_date": date}]


@pytest.mark.parametrize(
    ("score", "date", "cleared"),
    [
        (89, "2026-03-05", 0),  # failed, though stored with passed=1
        (90, "2026-03-05", 1),
        (95, "2026-03-08", 1),  # on the due day
        (95, "2026-03-09", 1),  # passed late still counts
    ],
)
def test_r9_star_counts_entry_by_its_clearance_status(rules, score, date, cleared):
    row = _star_row(rules, 10_000_000, 48, 0, result_rows=_entry(score, date))
    assert row["clearances_passed"] == cleared
    assert row["clearance_stars"] == cleared + 1


def test_r9_star_counts_a_clearance_met_by_orders(rules):
    # No result recorded: a group order won and 5 precise customers pass the ability clearance.
    group = {**won(1, 100_000, "2026-03-20", owner_id=1), "lock_date": "2026-03-02", "group_order": 1}
    locks = [
        {"customer_id": c, "owner_id": 1, "stage": "locked", "amount": 0, "lock_date": "2026-03-03"}
        for c in range(2, 6)
    ]
    row = _star_row(rules, 0, 0, 0, order_rows=[group, *locks], result_rows=[])
    assert row["clearances_passed"] == 1
    assert row["clearance_stars"] == 2
    assert row["performance_sales"] == 100_000


def test_r9_star_without_any_clearance(rules):
    got = star_ratings(
        people({"join_date": JOIN.isoformat()}),
        empty("orders"),
        empty("meetings"),
        empty("clearance_results"),
        rules,
        AS_OF,
    )
    assert got.loc[1, "clearances_passed"] == 0
    assert got.loc[1, "clearance_stars"] == 1
