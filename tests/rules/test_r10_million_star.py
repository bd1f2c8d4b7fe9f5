"""R10 Million Star: a person's sales in a month >= the r10_honors threshold."""

from __future__ import annotations

import datetime as dt

import pytest

from kam.rules.honors import million_stars, monthly_sales
from tests.rules.frames import orders, won


@pytest.mark.parametrize(("sales", "star"), [(999_999, False), (1_000_000, True), (1_000_001, True)])
def test_r10_million_star_below_at_above(rules, sales, star):
    o = orders(won(1, sales - 1, "2026-03-01", owner_id=7), won(1, 1, "2026-03-31", owner_id=7))
    got = million_stars(o, rules, 2026)
    assert got.to_dict("records") == ([{"person_id": 7, "month": "2026-03", "sales": sales}] if star else [])


def test_r10_million_star_months_are_not_summed(rules):
    o = orders(
        won(1, 600_000, "2026-03-31", owner_id=7),
        won(1, 600_000, "2026-04-01", owner_id=7),
    )
    assert million_stars(o, rules, 2026).empty


def test_r10_million_star_counts_owned_won_orders_of_the_year(rules):
    o = orders(
        won(1, 1_000_000, "2025-12-31", owner_id=7),  # other year
        won(1, 1_000_000, "2026-05-01"),  # unowned
        {"customer_id": 1, "amount": 1_000_000, "stage": "following", "owner_id": 7},
        won(1, 2_000_000, "2026-05-10", owner_id=8),
        won(1, 1_500_000, "2026-05-20", owner_id=7),
        won(1, 1_000_000, "2026-01-02", owner_id=7),
    )
    got = million_stars(o, rules, 2026)
    assert list(got.itertuples(index=False, name=None)) == [
        (7, "2026-01", 1_000_000),
        (8, "2026-05", 2_000_000),
        (7, "2026-05", 1_500_000),
    ]


def test_r10_million_star_stops_at_as_of(rules):
    o = orders(won(1, 1_000_000, "2026-05-20", owner_id=7))
    assert million_stars(o, rules, 2026, as_of=dt.date(2026, 5, 19)).empty
    assert len(million_stars(o, rules, 2026, as_of=dt.date(2026, 5, 20))) == 1


def test_r10_million_star_threshold_and_comparison_come_from_rules(rules, edit):
    o = orders(won(1, 800_000, "2026-03-01", owner_id=7))
    assert million_stars(o, rules, 2026).empty
    edit("r10_honors", "million_star", "threshold", 800_000)
    assert len(million_stars(o, rules, 2026)) == 1
    edit("r10_honors", "million_star", "comparison", ">")
    assert million_stars(o, rules, 2026).empty


def test_r10_monthly_sales_per_person_and_month():
    o = orders(
        won(1, 10, "2026-03-01", owner_id=7),
        won(1, 5, "2026-03-09", owner_id=7),
        won(1, 1, "2026-04-01", owner_id=7),
    )
    got = monthly_sales(o, 2026)
    assert got.to_dict("records") == [
        {"person_id": 7, "month": "2026-03", "sales": 15},
        {"person_id": 7, "month": "2026-04", "sales": 1},
    ]
