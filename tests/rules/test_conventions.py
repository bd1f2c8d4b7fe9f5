"""Shared conventions (domain.md): windows, 9-decimal rounding, rule_params, tenure."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kam.rules import periods
from kam.rules.params import RuleInputError, highest_level, param, rounded
from tests.rules.frames import AS_OF, days_before, months_before


@pytest.mark.parametrize(
    ("date", "inside"),
    [
        (months_before(12, plus_days=-1), False),
        (months_before(12), False),  # exactly 12 months before: out
        (months_before(12, plus_days=1), True),
        (AS_OF.isoformat(), True),  # on as_of: in
        (days_before(-1), False),  # after as_of
        (None, False),
        ("not a date", False),
    ],
)
def test_window_is_half_open_twelve_months(date, inside):
    mask = periods.window_mask(pd.Series([date], dtype=object), AS_OF, 12)
    assert mask.tolist() == [inside]


def test_window_month_arithmetic_is_calendar():
    as_of = dt.date(2024, 2, 29)
    dates = pd.Series(["2023-02-28", "2023-03-01"])
    assert periods.window_mask(dates, as_of, 12).tolist() == [False, True]


@pytest.mark.parametrize(("days", "inside"), [(91, False), (90, False), (89, True), (0, True)])
def test_day_window_is_half_open(days, inside):
    mask = periods.day_window_mask(pd.Series([days_before(days)]), AS_OF, 90)
    assert mask.tolist() == [inside]


def test_windows_accept_empty_series():
    assert periods.window_mask(pd.Series([], dtype=object), AS_OF, 12).tolist() == []
    assert periods.day_window_mask(pd.Series([], dtype=object), AS_OF, 90).tolist() == []


@pytest.mark.parametrize(
    ("join_date", "years"),
    [
        ("2025-06-30", 1.0),  # exactly one year on the anniversary
        ("2025-07-01", 0.0),
        ("2025-06-29", 1.0),
        ("2026-06-30", 0.0),
        ("2016-07-01", 9.0),
        (None, np.nan),
    ],
)
def test_tenure_is_whole_years_by_anniversary(join_date, years):
    got = periods.whole_years(pd.Series([join_date], dtype=object), AS_OF).iloc[0]
    assert (np.isnan(got) and np.isnan(years)) or got == years


def test_rounding_removes_float_noise_only():
    assert rounded(0.1 + 0.2) == 0.3
    assert rounded(59.999996) == 59.999996 < 60
    assert rounded(pd.Series([0.1 + 0.2, None])).iloc[0] == 0.3
    assert np.isnan(rounded(pd.Series([0.1 + 0.2, None])).iloc[1])


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (99_999, "low"),
        (100_000, "medium"),
        (100_001, "medium"),
        (0.1 + 0.2, "low"),
        (99_999.9999999999, "medium"),
        (None, None),
    ],
)
def test_highest_level_compares_rounded_value(value, level):
    got = highest_level(pd.Series([value], dtype=object), ["low", "medium"], [0, 100_000])
    assert got.iloc[0] == level


def test_param_reads_rule_params(rules, edit):
    assert param(rules, "r1_window_months") == 12
    edit("rule_params", "r1_window_months", "value", 6)
    assert param(rules, "r1_window_months") == 6
    with pytest.raises(RuleInputError, match="rule_params"):
        param(rules, "no_such_param")


@pytest.mark.parametrize("dtype", ["object", "string", "str"])
def test_param_takes_a_codes_first_row_past_missing_codes_and_refuses_an_empty_value(dtype: str) -> None:
    t = pd.DataFrame({"code": pd.Series([None, "a", "b", "a"], dtype=dtype), "value": [9.0, 1.0, np.nan, 2.0]})
    rules = {"rule_params": t}
    assert param(rules, "a") == 1.0  # the first row of a code
    for code in ("b", "c"):  # empty, missing
        with pytest.raises(RuleInputError, match="parameter missing"):
            param(rules, code)


def test_won_orders_hands_its_own_output_back_and_prepares_anything_else():
    from kam.rules.cooperation import won_orders
    from tests.rules.frames import orders

    raw = orders(
        {"id": 1, "customer_id": 1, "owner_id": 2, "stage": "won", "amount": 5, "close_date": "2026-03-01"},
        {"id": 2, "customer_id": 1, "owner_id": 2, "stage": "lost", "amount": 7, "close_date": "2026-03-02"},
        {"id": 3, "customer_id": 2, "owner_id": None, "stage": "won", "amount": None, "close_date": "2026-03-03"},
    )
    won = won_orders(raw)
    assert won["id"].tolist() == [1, 3] and won["amount"].tolist() == [5.0, 0.0]
    assert won_orders(won) is won  # prepared once, every rule reuses it
    pd.testing.assert_frame_equal(won_orders(won.copy()), won)
    # Looking prepared is not enough: a lost order or a missing amount is prepared again.
    mixed = pd.concat([won, won_orders(raw.assign(stage="won")).iloc[[1]].assign(stage="lost")])
    assert won_orders(mixed)["id"].tolist() == [1, 3]
    gap = won.assign(amount=[5.0, np.nan])
    assert won_orders(gap) is not gap and won_orders(gap)["amount"].tolist() == [5.0, 0.0]
    missing_stage = won.assign(stage=pd.array(["won", None], dtype="string"))
    assert won_orders(missing_stage)["id"].tolist() == [1]  # a missing stage is not won
    timed = won.assign(won_date=won["won_date"] + pd.Timedelta(hours=15))
    assert won_orders(timed)["won_date"].tolist() == won["won_date"].tolist()  # days at midnight
    zoned = won.assign(won_date=won["won_date"].dt.tz_localize("UTC"))
    assert won_orders(zoned)["won_date"].dt.tz is None
