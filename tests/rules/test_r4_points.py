"""R4 comprehensive points: four 0-100 dimensions, weighted score, priority."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.params import RuleInputError
from kam.rules.points import POINTS_COLUMNS, comprehensive_points
from tests.rules.frames import AS_OF, customers, empty, months_before, orders, won


def _one(rules, cooperation=0, close_date=AS_OF, **fields) -> pd.Series:
    order_rows = [won(1, cooperation, close_date)] if cooperation else []
    return comprehensive_points(customers(fields), orders(*order_rows), rules, AS_OF).loc[1]


@pytest.mark.parametrize(
    ("cooperation", "points"),
    [
        (0, 0.0),
        (5_000_000, 50.0),
        (9_999_999, 99.99999),
        (10_000_000, 100.0),
        (10_000_001, 100.0),
    ],
)
def test_r4_sales_points_capped_at_ten_million(rules, cooperation, points):
    assert _one(rules, cooperation)["sales_points"] == pytest.approx(points, abs=1e-9)


@pytest.mark.parametrize(
    ("close_date", "counted"),
    [
        (months_before(24), False),
        (months_before(24, plus_days=1), True),
        (AS_OF.isoformat(), True),
    ],
)
def test_r4_sales_window_is_24_months(rules, close_date, counted):
    assert _one(rules, 10_000_000, close_date)["sales_points"] == (100.0 if counted else 0.0)


@pytest.mark.parametrize(
    ("expected", "points", "incomplete"),
    [
        (None, 0.0, True),
        (0, 0.0, False),
        (7_500_000, 50.0, False),
        (14_999_999, 99.99999333, False),
        (15_000_000, 100.0, False),
        (15_000_001, 100.0, False),
    ],
)
def test_r4_potential_points_capped_at_fifteen_million(rules, expected, points, incomplete):
    row = _one(rules, expected_cooperation_36m=expected)
    assert row["potential_points"] == pytest.approx(points, abs=1e-8)
    assert bool(row["incomplete"]) is incomplete


@pytest.mark.parametrize(
    ("rating", "points", "incomplete"),
    [(None, 0.0, True), (0, 0.0, False), (1, 20.0, False), (5, 100.0, False)],
)
@pytest.mark.parametrize("field", ["winnability", "demonstration"])
def test_r4_rating_points_are_rating_times_twenty(rules, field, rating, points, incomplete):
    row = _one(rules, **{field: rating})
    assert row[f"{field}_points"] == points
    assert bool(row["incomplete"]) is incomplete


def test_r4_score_is_weighted_sum(rules):
    # 0.4 x 50 + 0.3 x 20 + 0.2 x 60 + 0.1 x 100 = 48
    row = _one(
        rules,
        5_000_000,
        expected_cooperation_36m=3_000_000,
        winnability=3,
        demonstration=5,
    )
    assert row["score"] == 48.0
    assert row["priority"] == "C"


def _score_of(rules, edit, cooperation: int) -> pd.Series:
    """Score = cooperation / 1,000,000 exactly: all weight on sales, cap 100,000,000."""
    edit("r4_dimensions", "sales", "weight", 1.0)
    for code in ("potential", "winnability", "demonstration"):
        edit("r4_dimensions", code, "weight", 0.0)
    edit("r4_dimensions", "sales", "cap_amount", 100_000_000)
    return _one(rules, cooperation)


@pytest.mark.parametrize(
    ("cooperation", "priority"),
    [
        (39_000_000, "D"),
        (39_999_996, "D"),  # 39.999996 is below 40
        (40_000_000, "C"),
        (41_000_000, "C"),
        (59_000_000, "C"),
        (59_999_996, "C"),  # 59.999996 is below 60
        (60_000_000, "B"),
        (61_000_000, "B"),
        (79_000_000, "B"),
        (80_000_000, "A"),
        (81_000_000, "A"),
        (0, "D"),
    ],
)
def test_r4_priority_thresholds(rules, edit, cooperation, priority):
    row = _score_of(rules, edit, cooperation)
    assert row["score"] == pytest.approx(cooperation / 1_000_000, abs=1e-9)
    assert row["priority"] == priority


def test_r4_score_rounding_59_999996_stays_below_60(rules, edit):
    row = _score_of(rules, edit, 59_999_996)
    assert row["score"] == 59.999996
    assert row["score"] < 60


def test_r4_float_noise_does_not_flip_priority(rules, edit):
    # 0.4 x 1 + 0.3 x 12 computes to 3.9999999999999996 in floating point: exactly 4.
    edit("r4_priorities", "C", "min_score", 4)
    row = _one(rules, 100_000, expected_cooperation_36m=1_800_000)
    assert 0.4 * 1.0 + 0.3 * 12.0 < 4
    assert row["score"] == 4.0
    assert row["priority"] == "C"


def test_r4_editing_priority_threshold_changes_priority(rules, edit):
    row = _one(rules, 10_000_000, expected_cooperation_36m=15_000_000)  # 70
    assert row["priority"] == "B"
    edit("r4_priorities", "A", "min_score", 70)
    assert _one(rules, 10_000_000, expected_cooperation_36m=15_000_000)["priority"] == "A"


def test_r4_editing_cap_and_factor_changes_points(rules, edit):
    edit("r4_dimensions", "sales", "cap_amount", 5_000_000)
    edit("r4_dimensions", "winnability", "rating_factor", 10)
    row = _one(rules, 2_500_000, winnability=5)
    assert row["sales_points"] == 50.0
    assert row["winnability_points"] == 50.0


def test_r4_points_are_capped_at_full_scale(rules, edit):
    edit("r4_dimensions", "demonstration", "rating_factor", 25)
    assert _one(rules, demonstration=5)["demonstration_points"] == 100.0


def test_r4_missing_cap_is_a_rule_input_error(rules, edit):
    edit("r4_dimensions", "potential", "cap_amount", None)
    with pytest.raises(RuleInputError, match="r4_dimensions"):
        _one(rules)


@pytest.mark.parametrize(
    ("customer_frame", "order_frame"),
    [
        (empty("customers"), empty("orders")),
        (customers({}), empty("orders")),
        (pd.DataFrame(), pd.DataFrame()),
    ],
)
def test_r4_empty_frames(rules, customer_frame, order_frame):
    result = comprehensive_points(customer_frame, order_frame, rules, AS_OF)
    assert list(result.columns) == list(POINTS_COLUMNS)
    assert len(result) == len(customer_frame)
