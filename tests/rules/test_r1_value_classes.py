"""R1 value quadrant: unit price and quantity levels over T12M, the 3x3 class map."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.value import VALUE_COLUMNS, value_classes
from tests.rules.frames import AS_OF, customers, empty, months_before, orders, won


def _one(rules, *order_rows, as_of=AS_OF) -> pd.Series:
    result = value_classes(customers({}), orders(*order_rows), rules, as_of)
    return result.loc[1]


@pytest.mark.parametrize(
    ("amount", "level"),
    [
        (99_999, "low"),
        (100_000, "medium"),
        (100_001, "medium"),
        (499_999, "medium"),
        (500_000, "high"),
        (500_001, "high"),
        (0, "low"),
    ],
)
def test_r1_price_level_thresholds(rules, amount, level):
    row = _one(rules, won(1, amount))
    assert row["price_level"] == level
    assert row["unit_price"] == amount


@pytest.mark.parametrize(
    ("count", "level"),
    [
        (1, "small"),
        (2, "small"),
        (3, "medium"),
        (4, "medium"),
        (5, "medium"),
        (6, "large"),
        (7, "large"),
    ],
)
def test_r1_quantity_level_thresholds(rules, count, level):
    row = _one(rules, *[won(1, 1_000) for _ in range(count)])
    assert row["quantity_level"] == level
    assert row["quantity"] == count


def test_r1_unit_price_is_average_won_amount(rules):
    # 400,000 and 600,001 average 500,000.5: high; lost and open orders do not count.
    row = _one(
        rules,
        won(1, 400_000),
        won(1, 600_001),
        {**won(1, 10_000_000), "stage": "lost"},
        {**won(1, 10_000_000), "stage": "following", "close_date": None},
    )
    assert row["unit_price"] == 500_000.5
    assert row["quantity"] == 2
    assert row["price_level"] == "high"


@pytest.mark.parametrize(
    ("price", "count", "value_class"),
    [
        (500_000, 6, "whale"),
        (500_000, 3, "dolphin"),
        (500_000, 1, "dolphin"),
        (100_000, 6, "dolphin"),
        (100_000, 3, "dolphin"),
        (100_000, 2, "small_fish"),
        (99_999, 6, "shark"),
        (99_999, 5, "small_fish"),
        (99_999, 1, "small_fish"),
    ],
)
def test_r1_class_by_price_and_quantity(rules, price, count, value_class):
    assert _one(rules, *[won(1, price) for _ in range(count)])["value_class"] == value_class


@pytest.mark.parametrize(
    ("close_date", "rated"),
    [
        (months_before(12), False),  # exactly 12 months before as_of: out
        (months_before(12, plus_days=1), True),
        (AS_OF.isoformat(), True),  # on as_of: in
        (months_before(0, plus_days=1), False),  # after as_of
        (None, False),  # won without a close date has no won date
    ],
)
def test_r1_window_cut_off(rules, close_date, rated):
    row = _one(rules, {**won(1, 600_000), "close_date": close_date})
    assert (row["value_class"] != "unrated") is rated


def test_r1_customer_without_won_order_is_unrated(rules):
    result = value_classes(customers({}, {}), orders(won(1, 600_000)), rules, AS_OF)
    unrated = result.loc[2]
    assert unrated["value_class"] == "unrated"
    assert unrated["quantity"] == 0
    assert pd.isna(unrated["unit_price"])
    assert unrated["price_level"] is None and unrated["quantity_level"] is None


def test_r1_orders_of_unknown_customers_are_ignored(rules):
    result = value_classes(customers({}), orders(won(99, 600_000)), rules, AS_OF)
    assert list(result.index) == [1]
    assert result.loc[1, "value_class"] == "unrated"


@pytest.mark.parametrize(
    ("customer_frame", "order_frame"),
    [
        (empty("customers"), empty("orders")),
        (customers({}), empty("orders")),
        (empty("customers"), orders(won(1, 1))),
        (pd.DataFrame(), pd.DataFrame()),
    ],
)
def test_r1_empty_frames(rules, customer_frame, order_frame):
    result = value_classes(customer_frame, order_frame, rules, AS_OF)
    assert list(result.columns) == list(VALUE_COLUMNS)
    assert result.index.name == "customer_id"
    assert len(result) == len(customer_frame)


def test_r1_editing_price_level_changes_class(rules, edit):
    assert _one(rules, won(1, 400_000))["value_class"] == "small_fish"  # medium x small
    edit("r1_price_levels", "high", "min_unit_price", 400_000)
    row = _one(rules, won(1, 400_000))
    assert (row["price_level"], row["value_class"]) == ("high", "dolphin")


def test_r1_editing_value_map_changes_class(rules, edit):
    edit("r1_value_map", 9, "value_class", "shark", key_column="id")  # low x small
    assert _one(rules, won(1, 1_000))["value_class"] == "shark"


def test_r1_editing_quantity_level_changes_class(rules, edit):
    rows = [won(1, 1_000) for _ in range(5)]
    assert _one(rules, *rows)["value_class"] == "small_fish"
    edit("r1_quantity_levels", "large", "min_orders", 5)
    assert _one(rules, *rows)["value_class"] == "shark"


def test_r1_editing_window_changes_class(rules, edit):
    order = won(1, 600_000, months_before(6))
    assert _one(rules, order)["value_class"] == "dolphin"
    edit("rule_params", "r1_window_months", "value", 6)
    assert _one(rules, order)["value_class"] == "unrated"
