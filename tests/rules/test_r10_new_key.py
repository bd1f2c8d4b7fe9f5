"""R10 New Key Customer award (domain.md R10, issue 15), worked out by hand for 2026-Q2
(2026-04-01 to 2026-06-30, both included), r10_new_key_min = 1,000,000 (>=), three places:
a new key customer's first won order ever falls in the quarter, its cooperation in the
quarter (all its orders, whoever owns them) reaches 1,000,000, and the owner of that first
won order is credited. Ranks: standard competition ranking (1, 1, 3)."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.honors import new_key_customer_award, new_key_customers, ranked_places
from tests.rules.frames import orders, won

Q = "2026-Q2"


def _customers(rules, *rows: dict) -> pd.DataFrame:
    return new_key_customers(orders(*rows), rules, Q)


# The customer's first won order (1,000,000) on the day before the quarter, its first day,
# its last day: new only inside; the day before, a later small order in the quarter does
# not make it new.
@pytest.mark.parametrize(("first_won", "new"), [("2026-03-31", False), ("2026-04-01", True), ("2026-06-30", True)])
def test_r10_new_key_customer_at_the_quarters_edges(rules, first_won, new):
    got = _customers(rules, won(1, 1_000_000, first_won, owner_id=5), won(1, 10, "2026-06-30", owner_id=6))
    if new:
        assert got["customer_id"].tolist() == [1] and got["person_id"].tolist() == [5]
        assert got["first_won"].tolist() == [first_won]
    else:
        assert got.empty


def test_r10_a_first_order_won_after_the_quarter_does_not_count(rules):
    assert _customers(rules, won(1, 1_000_000, "2026-07-01", owner_id=5)).empty


@pytest.mark.parametrize(("amount", "new"), [(999_999, False), (1_000_000, True), (1_000_001, True)])
def test_r10_new_key_customer_at_the_threshold(rules, amount, new):
    got = _customers(rules, won(1, amount, "2026-05-01", owner_id=5))
    assert (not got.empty) is new


def test_r10_new_key_customer_reaches_the_bar_through_another_persons_order(rules):
    # Person 2 wins the first order (400,000), person 3 another (600,000): 1,000,000 in the
    # quarter, credited to person 2, the owner of the first won order.
    got = _customers(rules, won(1, 400_000, "2026-05-01", owner_id=2), won(1, 600_000, "2026-06-01", owner_id=3))
    assert got[["customer_id", "person_id"]].values.tolist() == [[1, 2]]
    assert got["cooperation"].tolist() == [1_000_000]


def test_r10_open_and_lost_orders_do_not_count(rules):
    rows = [
        {"customer_id": 1, "owner_id": 2, "stage": "locked", "amount": 5_000_000, "lock_date": "2026-04-02"},
        {"customer_id": 1, "owner_id": 2, "stage": "lost", "amount": 5_000_000, "close_date": "2026-04-03"},
    ]
    assert _customers(rules, *rows).empty


def test_r10_an_open_quarter_counts_up_to_the_as_of_date(rules):
    rows = orders(won(1, 600_000, "2026-05-01", owner_id=2), won(1, 600_000, "2026-06-20", owner_id=2))
    assert new_key_customers(rows, rules, Q, as_of=pd.Timestamp("2026-06-19").date()).empty
    assert len(new_key_customers(rows, rules, Q, as_of=pd.Timestamp("2026-06-20").date())) == 1


def test_r10_the_threshold_is_rules_data(rules, edit):
    rows = orders(won(1, 800_000, "2026-05-01", owner_id=2))
    assert new_key_customers(rows, rules, Q).empty
    edit("rule_params", "r10_new_key_min", "value", 800_000)
    assert len(new_key_customers(rows, rules, Q)) == 1


def test_r10_award_places_with_ties_at_first_and_third(rules):
    # Person 1: 2 new key customers, person 2: 2, person 3: 1, person 4: 1, person 5: 0.
    rows = []
    customer = 0
    for person, n in ((1, 2), (2, 2), (3, 1), (4, 1)):
        for _ in range(n):
            customer += 1
            rows.append(won(customer, 1_000_000, "2026-05-01", owner_id=person))
    rows.append(won(99, 999_999, "2026-05-01", owner_id=5))
    got = new_key_customer_award(orders(*rows), rules, Q)
    assert got[["person_id", "figure", "rank"]].values.tolist() == [[1, 2, 1], [2, 2, 1], [3, 1, 3], [4, 1, 3]]


def test_r10_places_keep_ranks_up_to_the_places_and_zero_wins_nothing():
    figures = pd.Series({1: 5, 2: 4, 3: 3, 4: 3, 5: 2, 6: 0})
    got = ranked_places(figures, 3)
    assert got["person_id"].tolist() == [1, 2, 3, 4] and got["rank"].tolist() == [1, 2, 3, 3]
    assert ranked_places(pd.Series({1: 0, 2: 0}), 3).empty  # top figure 0: no winner
    assert ranked_places(pd.Series({1: 1, 2: 0}), 3)["person_id"].tolist() == [1]


def test_r10_a_quarter_where_nobody_won_a_new_customer_has_no_award(rules):
    assert new_key_customer_award(orders(won(1, 5_000_000, "2026-01-05", owner_id=1)), rules, Q).empty


def test_r10_two_first_orders_on_one_day_credit_the_lower_order_id(rules):
    # Both won on 2026-05-01: the order with id 1 (person 3) is the first, not id 2 (person 2).
    got = _customers(rules, won(1, 500_000, "2026-05-01", owner_id=3), won(1, 500_000, "2026-05-01", owner_id=2))
    assert got["person_id"].tolist() == [3]
