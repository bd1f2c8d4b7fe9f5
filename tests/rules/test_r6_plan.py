"""R6 ten-year key-account plan, drivers and growth formula (domain.md, R6)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kam.rules.plan import (
    DriverError,
    compound_targets,
    growth_formula,
    solve_driver,
    work_back_rate,
)


def test_r6_compound_targets_one_rate_is_base_times_power():
    base, rate = 100_000_000, 0.15
    got = compound_targets(base, 2025, pd.Series({y: rate for y in range(2026, 2036)}))
    assert list(got.index) == list(range(2025, 2036))
    for year, value in got.items():
        assert value == math.floor(base * (1 + rate) ** (year - 2025) + 0.5)


def test_r6_compound_targets_chain_yearly_rates():
    got = compound_targets(1_000_000, 2025, pd.Series({2026: 0.1, 2027: 0.2, 2028: 0.0}))
    assert got.tolist() == [1_000_000, 1_100_000, 1_320_000, 1_320_000]


def test_r6_compound_targets_missing_rate_is_no_data_from_that_year():
    got = compound_targets(1_000_000, 2025, pd.Series({2026: 0.1, 2028: 0.1}))
    assert got.loc[2026] == 1_100_000
    assert got.loc[[2027, 2028]].isna().all()


def test_r6_compound_targets_missing_base_is_a_clear_error():
    with pytest.raises(DriverError, match="base year's KA revenue"):
        compound_targets(None, 2025, pd.Series({2026: 0.1}))


def test_r6_work_back_rate_reaches_the_goal():
    rate = work_back_rate(100_000_000, 1_000_000_000, 10)
    assert rate == pytest.approx(10**0.1 - 1)
    plan = compound_targets(100_000_000, 2025, pd.Series({y: rate for y in range(2026, 2036)}))
    assert plan.loc[2035] == 1_000_000_000


@pytest.mark.parametrize(
    ("base", "goal", "years", "field", "message"),
    [
        (0, 1_000, 10, "base", "must be above 0"),
        (-1, 1_000, 10, "base", "must be above 0"),
        (None, 1_000, 10, "base", "Enter the base"),
        (100, 1_000, 0, "years", "at least 1"),
        (100, 1_000, -3, "years", "at least 1"),
        (100, None, 10, "goal", "Enter the goal"),
        (100, -5, 10, "goal", "cannot be negative"),
    ],
)
def test_r6_work_back_rate_bad_inputs(base, goal, years, field, message):
    with pytest.raises(DriverError, match=message) as err:
        work_back_rate(base, goal, years)
    assert err.value.field == field
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("given", "solved", "value"),
    [
        (
            {"revenue": 300_000_000, "unit_price": 1_000_000, "frequency": 1.5},
            "count",
            200,
        ),
        (
            {"revenue": 300_000_000, "count": 100, "frequency": 2},
            "unit_price",
            1_500_000,
        ),
        (
            {"revenue": 300_000_000, "count": 100, "unit_price": 1_000_000},
            "frequency",
            3,
        ),
        (
            {"count": 100, "unit_price": 1_000_000, "frequency": 3},
            "revenue",
            300_000_000,
        ),
    ],
)
def test_r6_solve_driver_computes_the_blank_one(given, solved, value):
    got = solve_driver(**given)
    assert got["solved"] == solved
    assert got[solved] == pytest.approx(value)


@pytest.mark.parametrize(
    ("revenue", "rounded_up"),
    [(299_999_999, 300), (300_000_000, 300), (300_000_001, 301)],
)
def test_r6_solve_driver_count_is_also_rounded_up(revenue, rounded_up):
    got = solve_driver(revenue=revenue, unit_price=1_000_000, frequency=1)
    assert got["count"] == pytest.approx(revenue / 1_000_000)
    assert got["count_rounded_up"] == rounded_up


def test_r6_solve_driver_float_noise_never_adds_a_customer():
    revenue = 0.1 + 0.2  # 0.30000000000000004
    assert revenue / 0.1 > 3
    assert solve_driver(revenue=revenue, unit_price=0.1, frequency=1)["count_rounded_up"] == 3


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        (
            {"revenue": 1_000, "count": 0, "frequency": 2},
            "count",
            "Customer count is 0",
        ),
        (
            {"revenue": 1_000, "unit_price": 0, "frequency": 2},
            "unit_price",
            "Unit price is 0",
        ),
        (
            {"revenue": 1_000, "count": 10, "frequency": 0},
            "frequency",
            "Frequency is 0",
        ),
        (
            {"revenue": 1_000, "count": 10},
            "unit_price",
            "Enter Unit price and Frequency",
        ),
        (
            {"revenue": 1_000, "frequency": 2},
            "count",
            "Enter Customer count and Unit price",
        ),
        ({"count": 10, "unit_price": 5}, "frequency", "Enter Frequency"),
        (
            {"revenue": 1_000, "count": -1, "unit_price": 5},
            "count",
            "cannot be negative",
        ),
        (
            {"revenue": 1, "count": 1, "unit_price": 1, "frequency": 1},
            "revenue",
            "blank",
        ),
    ],
)
def test_r6_solve_driver_missing_or_zero_driver_message(kwargs, field, message):
    with pytest.raises(DriverError, match=message) as err:
        solve_driver(**kwargs)
    assert err.value.field == field


def test_r6_solve_driver_zero_is_never_a_division_error():
    with pytest.raises(DriverError):
        solve_driver(revenue=0, count=0, unit_price=0)


def test_r6_growth_formula_seed_example():
    got = growth_formula(100, 3, 1_000_000)
    assert got == {"sales": 300_000_000, "sales_per_person": 3_000_000}


@pytest.mark.parametrize("field", ["headcount", "customers_per_person", "cooperation_per_customer"])
def test_r6_growth_formula_missing_input(field):
    args = {"headcount": 100, "customers_per_person": 3, "cooperation_per_customer": 1}
    args[field] = None
    with pytest.raises(DriverError, match=field.replace("_", " ")) as err:
        growth_formula(**args)
    assert err.value.field == field
