"""R7 order metrics and leaderboards (issue 13): which orders each metric takes, ratios of
totals for groups, ties sharing a rank, "no data" last."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.rules.metrics import combine, leaderboard, order_metrics
from tests.rules.frames import orders

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)  # 2026-Q2
AS_OF = END


def m(rules, *rows, as_of=AS_OF, by=None):
    return order_metrics(orders(*rows), rules, START, END, as_of, by=by)


def one(rules, *rows, **kw) -> pd.Series:
    return m(rules, *rows, **kw).iloc[0]


@pytest.mark.parametrize(
    ("lock", "counted"),
    [("2026-03-31", 0), ("2026-04-01", 1), ("2026-06-30", 1), ("2026-07-01", 0)],
)
def test_locked_count_takes_the_orders_locked_in_the_period_at_its_edges(rules, lock, counted) -> None:
    row = one(rules, {"stage": "following", "lock_date": lock, "amount": 10})
    assert row["locked_count"] == counted


@pytest.mark.parametrize(
    ("close", "counted"),
    [("2026-03-31", 0), ("2026-04-01", 1), ("2026-06-30", 1), ("2026-07-01", 0)],
)
def test_won_count_and_amount_take_the_orders_won_in_the_period(rules, close, counted) -> None:
    row = one(rules, {"stage": "won", "lock_date": "2026-01-10", "close_date": close, "amount": 500_000})
    assert (row["won_count"], row["won_amount"]) == (counted, 500_000 * counted)


def test_an_order_won_in_the_period_but_locked_before_it_counts_as_won_not_in_the_rate(rules) -> None:
    row = one(
        rules,
        {"stage": "won", "lock_date": "2026-02-01", "close_date": "2026-05-01", "amount": 100},
        {"stage": "following", "lock_date": "2026-04-10", "amount": 100},
    )
    assert (row["won_count"], row["locked_count"], row["cohort_won"]) == (1, 1, 0)
    assert row["order_rate"] == 0.0


def test_order_rate_is_won_among_the_cohort_locked_in_the_period(rules) -> None:
    row = one(
        rules,
        {"stage": "won", "lock_date": "2026-04-02", "close_date": "2026-06-01", "amount": 1},
        {"stage": "lost", "lock_date": "2026-04-03", "close_date": "2026-05-01", "amount": 1},
        {"stage": "stuck", "lock_date": "2026-05-03", "amount": 1},
        {"stage": "won", "lock_date": "2026-06-30", "close_date": "2026-06-30", "amount": 1},
    )
    assert row["order_rate"] == pytest.approx(2 / 4)


def test_order_rate_with_no_locks_is_no_data_not_zero(rules) -> None:
    row = one(rules, {"stage": "won", "lock_date": "2025-01-01", "close_date": "2026-05-01", "amount": 1})
    assert row["locked_count"] == 0
    assert pd.isna(row["order_rate"])


def test_a_cohort_order_won_after_the_as_of_date_is_not_won_yet(rules) -> None:
    rows = ({"stage": "won", "lock_date": "2026-04-02", "close_date": "2026-05-16", "amount": 1},)
    assert one(rules, *rows, as_of=dt.date(2026, 5, 15))["order_rate"] == 0.0
    assert one(rules, *rows, as_of=dt.date(2026, 5, 16))["order_rate"] == 1.0


def test_average_cycle_days_from_lock_to_won_of_the_orders_won_in_the_period(rules) -> None:
    row = one(
        rules,
        {"stage": "won", "lock_date": "2026-04-01", "close_date": "2026-04-11", "amount": 1},  # 10 days
        {"stage": "won", "lock_date": "2026-03-01", "close_date": "2026-04-01", "amount": 1},  # 31 days
        {"stage": "won", "lock_date": "2026-04-01", "close_date": "2026-04-01", "amount": 1},  # 0: same day
    )
    assert row["avg_cycle_days"] == pytest.approx(41 / 3)


def test_average_cycle_with_nothing_won_is_no_data(rules) -> None:
    assert pd.isna(one(rules, {"stage": "following", "lock_date": "2026-04-01", "amount": 1})["avg_cycle_days"])


def test_weighted_pipeline_takes_the_orders_open_at_the_as_of_date_by_stage_probability(rules) -> None:
    row = one(
        rules,
        {"stage": "locked", "lock_date": "2025-01-01", "amount": 1_000},  # 10%, locked long before
        {"stage": "following", "lock_date": "2026-05-01", "amount": 1_000},  # 30%
        {"stage": "stuck", "lock_date": "2026-05-01", "amount": 1_000},  # 40%
        {"stage": "won", "lock_date": "2026-05-01", "close_date": "2026-05-02", "amount": 1_000},  # closed
        {"stage": "lost", "lock_date": "2026-05-01", "close_date": "2026-05-02", "amount": 1_000},
        {"stage": "following", "lock_date": "2026-07-01", "amount": 1_000},  # locked after as_of
    )
    assert row["weighted_pipeline"] == pytest.approx(100 + 300 + 400)


def test_the_weighted_pipeline_follows_the_stage_probabilities_in_the_rules(rules, edit) -> None:
    edit("r7_stages", "following", "probability", 0.5)
    assert one(rules, {"stage": "following", "lock_date": "2026-05-01", "amount": 1_000})["weighted_pipeline"] == 500


def test_grouped_figures_are_per_group_and_a_team_rate_is_a_ratio_of_totals(rules) -> None:
    rows = (
        {"owner_id": 1, "stage": "won", "lock_date": "2026-04-02", "close_date": "2026-05-01", "amount": 1},
        {"owner_id": 2, "stage": "lost", "lock_date": "2026-04-02", "close_date": "2026-05-01", "amount": 1},
        {"owner_id": 2, "stage": "lost", "lock_date": "2026-04-02", "close_date": "2026-05-01", "amount": 1},
        {"owner_id": 2, "stage": "lost", "lock_date": "2026-04-02", "close_date": "2026-05-01", "amount": 1},
    )
    people = m(rules, *rows, by="owner_id")
    assert people.loc[1, "order_rate"] == 1.0 and people.loc[2, "order_rate"] == 0.0
    team = combine(people, pd.Series({1: 10, 2: 10}))
    assert team.loc[10, "order_rate"] == pytest.approx(1 / 4)  # not the mean of 1.0 and 0.0
    assert team.loc[10, "locked_count"] == 4


def test_leaderboard_ties_share_a_rank_and_the_next_rank_skips(rules) -> None:
    board = pd.DataFrame({"won_amount": [500, 900, 900, 100]}, index=[1, 2, 3, 4])
    ranked = leaderboard(board)
    assert ranked.index.tolist() == [2, 3, 1, 4]
    assert ranked["rank"].tolist() == [1, 1, 3, 4]


def test_leaderboard_puts_no_data_last_without_a_rank(rules) -> None:
    board = pd.DataFrame({"order_rate": pd.array([None, 0.5, 1 / 3, 2 / 6], dtype="Float64")}, index=[1, 2, 3, 4])
    ranked = leaderboard(board, "order_rate")
    assert ranked.index.tolist() == [2, 3, 4, 1]
    assert ranked["rank"].tolist()[:3] == [1, 2, 2]  # 1/3 and 2/6 tie
    assert pd.isna(ranked["rank"].iloc[3])


def test_leaderboard_ranks_the_cycle_fewest_days_first(rules) -> None:
    board = pd.DataFrame({"avg_cycle_days": pd.array([30.0, 10.0, None], dtype="Float64")}, index=[1, 2, 3])
    assert leaderboard(board, "avg_cycle_days").index.tolist() == [2, 1, 3]


def test_metrics_of_no_orders_are_zero_counts_and_no_data_ratios(rules) -> None:
    row = one(rules)
    assert (row["locked_count"], row["won_count"], row["won_amount"], row["weighted_pipeline"]) == (0, 0, 0, 0)
    assert pd.isna(row["order_rate"]) and pd.isna(row["avg_cycle_days"])
