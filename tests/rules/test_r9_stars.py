"""R9 star rating: performance, process and clearance stars; star = the lowest."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.defaults import RULES_DEFAULTS
from kam.rules.params import int_param
from kam.rules.stars import STAR_COLUMNS, star_ratings
from tests.rules.frames import (
    AS_OF,
    clearance_results,
    days_before,
    empty,
    meetings,
    months_before,
    orders,
    people,
    won,
)

CLEARANCES = ["entry", "ability", "performance", "planet"]


def _stars(rules, order_rows=(), meeting_rows=(), result_rows=(), as_of=AS_OF) -> pd.Series:
    result = star_ratings(
        people({}, {}),
        orders(*order_rows),
        meetings(*meeting_rows),
        clearance_results(*result_rows),
        rules,
        as_of,
    )
    return result.loc[1]


def _meetings(count: int, activity_type: str = "face_to_face", date: str = AS_OF.isoformat()):
    return [{"person_id": 1, "activity_type": activity_type, "meeting_date": date}] * count


def _passed(count: int, passed: int = 1, date: str = "2026-01-01"):
    return [
        {"person_id": 1, "clearance_code": code, "passed": passed, "result_date": date} for code in CLEARANCES[:count]
    ]


@pytest.mark.parametrize(
    ("sales", "stars"),
    [
        (0, 1),
        (499_999, 1),
        (500_000, 2),
        (500_001, 2),
        (1_499_999, 2),
        (1_500_000, 3),
        (2_999_999, 3),
        (3_000_000, 4),
        (9_999_999, 4),
        (10_000_000, 5),
        (10_000_001, 5),
    ],
)
def test_r9_performance_stars_thresholds(rules, sales, stars):
    row = _stars(rules, [won(1, sales, owner_id=1)] if sales else [])
    assert row["performance_sales"] == sales
    assert row["performance_stars"] == stars


def test_r9_performance_counts_orders_the_person_owns(rules):
    order_rows = [
        won(1, 400_000, owner_id=1),
        won(2, 200_000, owner_id=1),  # another customer, same owner: counts
        won(1, 5_000_000, owner_id=2),  # another owner: does not count
        {**won(1, 5_000_000, owner_id=1), "stage": "lost"},
        won(1, 5_000_000, months_before(12), owner_id=1),  # exactly 12 months: out
    ]
    row = _stars(rules, order_rows)
    assert row["performance_sales"] == 600_000
    assert row["performance_stars"] == 2


@pytest.mark.parametrize(
    ("count", "stars"),
    [
        (0, 1),
        (11, 1),
        (12, 2),
        (13, 2),
        (23, 2),
        (24, 3),
        (35, 3),
        (36, 4),
        (47, 4),
        (48, 5),
    ],
)
def test_r9_process_stars_thresholds(rules, count, stars):
    row = _stars(rules, meeting_rows=_meetings(count))
    assert row["process_meetings"] == count
    assert row["process_stars"] == stars


@pytest.mark.parametrize(("days", "counted"), [(91, False), (90, False), (89, True), (0, True), (-1, False)])
def test_r9_process_window_cut_off(rules, days, counted):
    row = _stars(rules, meeting_rows=_meetings(1, date=days_before(days)))
    assert row["process_meetings"] == int(counted)


@pytest.mark.parametrize(
    ("activity_type", "counted"),
    [("face_to_face", True), ("phone", False), ("online", False)],
)
def test_r9_process_counts_face_to_face_only(rules, activity_type, counted):
    row = _stars(rules, meeting_rows=_meetings(12, activity_type))
    assert row["process_stars"] == (2 if counted else 1)


@pytest.mark.parametrize(("count", "stars"), [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)])
def test_r9_clearance_stars_thresholds(rules, count, stars):
    row = _stars(rules, result_rows=_passed(count))
    assert row["clearances_passed"] == count
    assert row["clearance_stars"] == stars


def test_r9_clearance_counts_passed_results_up_to_as_of(rules):
    result_rows = [
        {
            "person_id": 1,
            "clearance_code": "entry",
            "passed": 1,
            "result_date": AS_OF.isoformat(),
        },
        {
            "person_id": 1,
            "clearance_code": "ability",
            "passed": 0,
            "result_date": "2026-01-01",
        },
        {
            "person_id": 1,
            "clearance_code": "planet",
            "passed": 1,
            "result_date": days_before(-1),
        },
        {
            "person_id": 2,
            "clearance_code": "performance",
            "passed": 1,
            "result_date": "2026-01-01",
        },
    ]
    assert _stars(rules, result_rows=result_rows)["clearances_passed"] == 1


@pytest.mark.parametrize(
    ("sales", "meeting_count", "cleared", "star"),
    [
        (10_000_000, 48, 4, 5),
        (10_000_000, 48, 3, 4),
        (10_000_000, 11, 4, 1),
        (499_999, 48, 4, 1),
        (3_000_000, 24, 4, 3),
    ],
)
def test_r9_star_is_lowest_of_three(rules, sales, meeting_count, cleared, star):
    row = _stars(rules, [won(1, sales, owner_id=1)], _meetings(meeting_count), _passed(cleared))
    assert row["star"] == star


def test_r9_person_without_activity_has_one_star(rules):
    result = star_ratings(
        people({}, {}),
        empty("orders"),
        empty("meetings"),
        empty("clearance_results"),
        rules,
        AS_OF,
    )
    assert result["star"].tolist() == [1, 1]
    assert list(result.columns) == list(STAR_COLUMNS)
    assert result.index.name == "person_id"


def test_r9_empty_people(rules):
    result = star_ratings(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), rules, AS_OF)
    assert list(result.columns) == list(STAR_COLUMNS)
    assert result.empty


def test_r9_editing_thresholds_changes_stars(rules, edit):
    row = _stars(rules, meeting_rows=_meetings(10))
    assert row["process_stars"] == 1
    thresholds = rules["r9_star_thresholds"]
    key = thresholds.loc[(thresholds["indicator"] == "process") & (thresholds["stars"] == 2), "id"].iloc[0]
    edit("r9_star_thresholds", key, "min_value", 10, key_column="id")
    assert _stars(rules, meeting_rows=_meetings(10))["process_stars"] == 2


def test_r9_editing_process_window_and_counted_activities(rules, edit):
    rows = _meetings(12, "phone", days_before(100))
    assert _stars(rules, meeting_rows=rows)["process_meetings"] == 0
    edit("r8_activity_types", "phone", "counts", 1)
    edit("rule_params", "r9_process_window_days", "value", 120)
    assert _stars(rules, meeting_rows=rows)["process_meetings"] == 12


def test_r9_editing_performance_window(rules, edit):
    rows = [won(1, 600_000, months_before(13), owner_id=1)]
    assert _stars(rules, rows)["performance_stars"] == 1
    edit("rule_params", "r9_performance_window_months", "value", 24)
    assert _stars(rules, rows)["performance_stars"] == 2


# -- every threshold of the rules: just below, at, just above -----------------------------

STAR_LEVELS = [
    (row["indicator"], row["stars"])
    for row in RULES_DEFAULTS["r9_star_thresholds"]
    if row["indicator"] in ("performance", "process") and row["stars"] > 1
]


def _threshold(rules, indicator: str, stars: int) -> int:
    t = rules["r9_star_thresholds"]
    hit = (t["indicator"] == indicator) & (t["stars"] == stars)
    return int(t.loc[hit, "min_value"].item())


@pytest.mark.parametrize(("indicator", "stars"), STAR_LEVELS)
@pytest.mark.parametrize(("offset", "earned"), [(-1, -1), (0, 0), (1, 0)])
def test_r9_star_threshold_below_at_and_above(rules, indicator, stars, offset, earned):
    value = _threshold(rules, indicator, stars) + offset
    if indicator == "performance":
        row = _stars(rules, [won(1, value, owner_id=1)])
        assert row["performance_sales"] == value
    else:
        row = _stars(rules, meeting_rows=_meetings(value))
        assert row["process_meetings"] == value
    assert row[f"{indicator}_stars"] == stars + earned


@pytest.mark.parametrize(
    ("plus_days", "counted"),
    [(-1, False), (0, False), (1, True)],  # exactly the window's length before as_of: out
)
def test_r9_performance_window_cut_off(rules, plus_days, counted):
    window = int_param(rules, "r9_performance_window_months")
    amount = _threshold(rules, "performance", 2)
    row = _stars(rules, [won(1, amount, months_before(window, plus_days=plus_days), owner_id=1)])
    assert row["performance_sales"] == (amount if counted else 0)
    assert row["performance_stars"] == (2 if counted else 1)


@pytest.mark.parametrize(("date", "counted"), [(AS_OF.isoformat(), True), (days_before(-1), False)])
def test_r9_performance_window_ends_on_as_of(rules, date, counted):
    amount = _threshold(rules, "performance", 2)
    row = _stars(rules, [won(1, amount, date, owner_id=1)])
    assert row["performance_sales"] == (amount if counted else 0)


def test_r9_performance_window_cut_off_moves_with_the_param(rules, edit):
    window = int_param(rules, "r9_performance_window_months")
    amount = _threshold(rules, "performance", 2)
    rows = [won(1, amount, months_before(window - 1, plus_days=-1), owner_id=1)]
    assert _stars(rules, rows)["performance_sales"] == amount
    edit("rule_params", "r9_performance_window_months", "value", window - 1)
    assert _stars(rules, rows)["performance_sales"] == 0
