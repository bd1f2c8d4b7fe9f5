"""R13 strategic cooperation service levels: the highest level that applies."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.service import service_levels
from tests.rules.frames import AS_OF, customers, empty, months_before, orders, won


def _level(rules, *order_rows):
    return service_levels(customers({}), orders(*order_rows), rules, AS_OF).loc[1, "service_level"]


@pytest.mark.parametrize(
    ("amount", "level"),
    [
        (2_999_999, None),
        (3_000_000, "branch_principal"),
        (3_000_001, "branch_principal"),
        (4_999_999, "branch_principal"),
        (5_000_000, "marketing_head"),
        (5_000_001, "marketing_head"),
        (9_999_999, "marketing_head"),
        (10_000_000, "chairman"),
        (10_000_001, "chairman"),
    ],
)
def test_r13_thresholds_on_recent_cooperation(rules, amount, level):
    assert _level(rules, won(1, amount)) == level


@pytest.mark.parametrize(
    ("amount", "level"),
    [(9_999_999, None), (10_000_000, "chairman")],
)
def test_r13_chairman_counts_24_months(rules, amount, level):
    # Won 18 months ago: outside the 12-month levels, inside the 24-month one.
    assert _level(rules, won(1, amount, months_before(18))) == level


@pytest.mark.parametrize(
    ("close_date", "level"),
    [
        (months_before(24), None),  # exactly 24 months before: out
        (months_before(24, plus_days=1), "chairman"),
        (months_before(12), "chairman"),  # out of 12 months, in 24
        (months_before(12, plus_days=1), "chairman"),
    ],
)
def test_r13_window_cut_off(rules, close_date, level):
    assert _level(rules, won(1, 10_000_000, close_date)) == level


def test_r13_highest_level_that_applies(rules):
    # 5,000,000 in the last 12 months and 6,000,000 more 18 months ago: chairman.
    assert _level(rules, won(1, 5_000_000), won(1, 6_000_000, months_before(18))) == "chairman"
    assert _level(rules, won(1, 5_000_000), won(1, 4_000_000, months_before(18))) == "marketing_head"


def test_r13_lost_orders_do_not_count(rules):
    assert _level(rules, {**won(1, 10_000_000), "stage": "lost"}) is None


def test_r13_editing_min_cooperation_changes_level(rules, edit):
    assert _level(rules, won(1, 2_000_000)) is None
    edit("r13_service_levels", "branch_principal", "min_cooperation", 2_000_000)
    assert _level(rules, won(1, 2_000_000)) == "branch_principal"


def test_r13_editing_window_changes_level(rules, edit):
    order = won(1, 3_000_000, months_before(18))
    assert _level(rules, order) is None
    edit("r13_service_levels", "branch_principal", "window_months", 24)
    assert _level(rules, order) == "branch_principal"


@pytest.mark.parametrize(
    ("customer_frame", "order_frame"),
    [
        (empty("customers"), empty("orders")),
        (customers({}), empty("orders")),
        (pd.DataFrame(), pd.DataFrame()),
    ],
)
def test_r13_empty_frames(rules, customer_frame, order_frame):
    result = service_levels(customer_frame, order_frame, rules, AS_OF)
    assert list(result.columns) == ["service_level"]
    assert len(result) == len(customer_frame)
    assert result["service_level"].isna().all()
