"""R9 new-cadre standard (Pegasus camp eligibility) and the portrait assessment, worked out by
hand from domain.md: T12M sales > 1,500,000, >= 3 distinct customers with won orders, >= 2 of
them self-developed and new in the window (first won order ever, by anyone, in
(as_of - 12 months, as_of]); assessment passes when virtue, talent and post are each >= 60."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from kam.rules.cadre import CADRE_COLUMNS, assessment_passed, cadre_eligibility
from tests.rules.frames import AS_OF, customers, days_before, empty, months_before, orders, people, won

SELF = {"developed_by": 1}  # developed by person 1, the person under test


def _cadre(rules, order_rows=(), customer_rows=(SELF, SELF, SELF), as_of=AS_OF) -> pd.Series:
    got = cadre_eligibility(people({}, {}), customers(*customer_rows), orders(*order_rows), rules, as_of)
    return got.loc[1]


def _won(customer_id: int, amount: int, date: str = AS_OF.isoformat(), owner_id: int = 1) -> dict[str, Any]:
    return won(customer_id, amount, date, owner_id=owner_id, lock_date=months_before(24))


def _three(total: int) -> list[dict[str, Any]]:
    """Won today with customers 1, 2, 3 by person 1, ``total`` yuan in all."""
    return [_won(1, total - 2), _won(2, 1), _won(3, 1)]


def test_r9_cadre_columns_and_index(rules):
    got = cadre_eligibility(people({}, {}), customers(SELF), empty("orders"), rules, AS_OF)
    assert list(got.columns) == CADRE_COLUMNS
    assert got.index.tolist() == [1, 2]


@pytest.mark.parametrize(
    ("total", "eligible"),
    [(1_499_999, False), (1_500_000, False), (1_500_001, True)],  # more than 1,500,000
)
def test_r9_cadre_sales_must_be_more_than_threshold(rules, total, eligible):
    row = _cadre(rules, _three(total))
    assert row["cadre_sales"] == total
    assert row["cadre_customers"] == 3
    assert row["cadre_new_self"] == 3
    assert bool(row["sales_ok"]) is eligible
    assert bool(row["eligible"]) is eligible
    assert row["failed"] == ("" if eligible else "sales")


@pytest.mark.parametrize(("count", "eligible"), [(2, False), (3, True), (4, True)])
def test_r9_cadre_distinct_customers_threshold(rules, count, eligible):
    rows = [_won(c, 1_000_000) for c in range(1, count + 1)]
    row = _cadre(rules, rows, [SELF] * count)
    assert row["cadre_customers"] == count
    assert bool(row["customers_ok"]) is eligible
    assert bool(row["eligible"]) is eligible
    assert row["failed"] == ("" if eligible else "customers")


def test_r9_cadre_two_orders_with_one_customer_count_once(rules):
    rows = [_won(1, 1_000_000), _won(1, 1_000_000), _won(2, 1_000_000)]
    row = _cadre(rules, rows)
    assert row["cadre_sales"] == 3_000_000
    assert row["cadre_customers"] == 2
    assert row["cadre_new_self"] == 2
    assert row["failed"] == "customers"


@pytest.mark.parametrize(("self_developed", "eligible"), [(0, False), (1, False), (2, True), (3, True)])
def test_r9_cadre_self_developed_new_customers_threshold(rules, self_developed, eligible):
    developers = [SELF] * self_developed + [{"developed_by": 2}] * (3 - self_developed)
    row = _cadre(rules, _three(3_000_000), developers)
    assert row["cadre_new_self"] == self_developed
    assert bool(row["new_self_ok"]) is eligible
    assert row["failed"] == ("" if eligible else "new_self")


@pytest.mark.parametrize(
    ("developed_by", "counted"),
    [(1, True), (2, False), (None, False)],
)
def test_r9_cadre_self_developed_means_developed_by_the_person(rules, developed_by, counted):
    developers = [SELF, {"developed_by": 2}, {"developed_by": developed_by}]
    row = _cadre(rules, _three(3_000_000), developers)
    assert row["cadre_new_self"] == (2 if counted else 1)
    assert bool(row["eligible"]) is counted


# Customer 1: self-developed, new. Customer 2: developed by someone else. Customer 3:
# self-developed, won today, and once before at the window's edge: new only when that first
# won order lies inside (as_of - 12 months, as_of].
EDGE_CUSTOMERS = (SELF, {"developed_by": 2}, SELF)


@pytest.mark.parametrize(
    ("plus_days", "new"),
    [(-1, False), (0, False), (1, True)],  # exactly 12 months before as_of is outside
)
def test_r9_cadre_new_customer_at_window_edges(rules, plus_days, new):
    rows = [_won(1, 1_000_000), _won(2, 1_000_000), _won(3, 1_000_000)]
    rows.append(_won(3, 500_000, months_before(12, plus_days=plus_days)))
    row = _cadre(rules, rows, EDGE_CUSTOMERS)
    assert row["cadre_sales"] == (3_500_000 if new else 3_000_000)
    assert row["cadre_customers"] == 3
    assert row["cadre_new_self"] == (2 if new else 1)
    assert bool(row["eligible"]) is new
    assert row["failed"] == ("" if new else "new_self")


@pytest.mark.parametrize(("plus_days", "new"), [(-30, False), (0, False), (1, True)])
def test_r9_cadre_first_won_order_by_another_person_decides_new(rules, plus_days, new):
    # Person 2 won customer 3 first; person 1 wins it today.
    rows = [_won(1, 1_000_000), _won(2, 1_000_000), _won(3, 1_000_000)]
    rows.append(_won(3, 500_000, months_before(12, plus_days=plus_days), owner_id=2))
    row = _cadre(rules, rows, EDGE_CUSTOMERS)
    assert row["cadre_sales"] == 3_000_000  # person 2's order is not person 1's sales
    assert row["cadre_new_self"] == (2 if new else 1)
    assert bool(row["eligible"]) is new


def test_r9_cadre_a_lost_order_before_the_window_does_not_make_a_customer_old(rules):
    rows = [_won(1, 1_000_000), _won(2, 1_000_000), _won(3, 1_000_000)]
    rows.append({**_won(3, 500_000, months_before(13)), "stage": "lost"})
    row = _cadre(rules, rows, EDGE_CUSTOMERS)
    assert row["cadre_new_self"] == 2
    assert bool(row["eligible"]) is True


@pytest.mark.parametrize(
    ("date", "counted"),
    [
        (months_before(12, plus_days=-1), False),
        (months_before(12), False),  # exactly 12 months before as_of: outside
        (months_before(12, plus_days=1), True),
        (AS_OF.isoformat(), True),  # the as-of date: inside
        (days_before(-1), False),  # after as_of
    ],
)
def test_r9_cadre_sales_window_is_half_open(rules, date, counted):
    row = _cadre(rules, [_won(1, 2_000_000, date)])
    assert row["cadre_sales"] == (2_000_000 if counted else 0)
    assert row["cadre_customers"] == (1 if counted else 0)


def test_r9_cadre_counts_won_orders_the_person_owns(rules):
    rows = [
        _won(1, 1_000_000),
        _won(2, 1_000_000, owner_id=2),  # another owner
        {**_won(3, 1_000_000), "stage": "lost"},
        {**_won(3, 1_000_000), "stage": "following", "close_date": None},
    ]
    row = _cadre(rules, rows)
    assert row["cadre_sales"] == 1_000_000
    assert row["cadre_customers"] == 1
    assert row["cadre_new_self"] == 1


@pytest.mark.parametrize(
    ("order_rows", "developers", "failed"),
    [
        ([], (SELF, SELF, SELF), "sales;customers;new_self"),
        ([_won(1, 1), _won(2, 1), _won(3, 1)], ({"developed_by": 2},) * 3, "sales;new_self"),
        ([_won(1, 2_000_000)], (SELF,), "customers;new_self"),
        ([_won(1, 1_000_000), _won(2, 1_000_000)], (SELF, SELF), "customers"),
        ([_won(1, 1_000_000), _won(2, 1), _won(3, 1)], (SELF, SELF, SELF), "sales"),
    ],
)
def test_r9_cadre_failed_names_the_failed_conditions(rules, order_rows, developers, failed):
    row = _cadre(rules, order_rows, developers)
    assert row["failed"] == failed
    assert bool(row["eligible"]) is False
    assert bool(row["sales_ok"]) is ("sales" not in failed)
    assert bool(row["customers_ok"]) is ("customers" not in failed)
    assert bool(row["new_self_ok"]) is ("new_self" not in failed)


def test_r9_cadre_person_without_orders(rules):
    got = cadre_eligibility(people({}, {}), customers(SELF), empty("orders"), rules, AS_OF)
    assert got["cadre_sales"].tolist() == [0, 0]
    assert got["eligible"].tolist() == [False, False]


def test_r9_editing_cadre_params(rules, edit):
    rows = _three(1_500_000)
    assert bool(_cadre(rules, rows)["eligible"]) is False
    edit("rule_params", "r9_cadre_min_sales", "value", 1_499_999)
    assert bool(_cadre(rules, rows)["eligible"]) is True
    edit("rule_params", "r9_cadre_min_customers", "value", 4)
    assert _cadre(rules, rows)["failed"] == "customers"
    edit("rule_params", "r9_cadre_min_customers", "value", 3)
    edit("rule_params", "r9_cadre_min_new_self", "value", 4)
    assert _cadre(rules, rows)["failed"] == "new_self"


def test_r9_editing_cadre_window(rules, edit):
    rows = [_won(1, 2_000_000, months_before(13))]
    assert _cadre(rules, rows)["cadre_sales"] == 0
    edit("rule_params", "r9_cadre_window_months", "value", 24)
    row = _cadre(rules, rows)
    assert row["cadre_sales"] == 2_000_000
    assert row["cadre_new_self"] == 1


# -- portrait assessment ------------------------------------------------------------------

SCORES = ("virtue", "talent", "post")


def _assessment(**scores: float | None) -> pd.DataFrame:
    return pd.DataFrame([{**dict.fromkeys(SCORES, 60), **scores}])


@pytest.mark.parametrize("column", SCORES)
@pytest.mark.parametrize(
    ("score", "passed"),
    [
        (59, False),
        (59.999996, False),  # domain.md: 59.999996 is below 60
        (59.9999999996, True),  # noise: 60.000000000 at 9 decimals
        (60, True),
        (61, True),
        (None, False),  # a blank score counts as 0
    ],
)
def test_r9_assessment_each_score_at_least_60(rules, column, score, passed):
    got = assessment_passed(_assessment(**{column: score}), rules)
    assert got.tolist() == [passed]


def test_r9_assessment_all_at_the_bar_passes_and_one_row_per_assessment(rules):
    frame = pd.DataFrame(
        [
            {"virtue": 60, "talent": 60, "post": 60},
            {"virtue": 100, "talent": 59, "post": 100},
            {"virtue": None, "talent": None, "post": None},
        ],
        index=[7, 8, 9],
    )
    got = assessment_passed(frame, rules)
    assert got.to_dict() == {7: True, 8: False, 9: False}


def test_r9_editing_assessment_pass_mark(rules, edit):
    frame = _assessment(virtue=65, talent=65, post=65)
    assert assessment_passed(frame, rules).tolist() == [True]
    edit("rule_params", "r9_assessment_pass", "value", 66)
    assert assessment_passed(frame, rules).tolist() == [False]
