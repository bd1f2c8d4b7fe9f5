"""R6 ten-year plan on the page: compound growth on save, per-year rates, typed targets,
working back; actual key-account figures per year; drivers and the growth formula."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from kam.rules.plan import ACTUAL_COLUMNS, compound_targets, ka_actuals
from kam.specs import SPECS
from kam.store.frames import loaded_frame
from kam.store.save import save_changes
from kam.types import ChangeSet
from kam.validate import validate_changes
from kam.views.targets import plan as kplan

SPEC = SPECS["ka_plan"]
COLUMNS = [
    "id",
    "year",
    "ka_revenue_target",
    "ka_count_target",
    "ka_share_target",
    "growth_rate",
    "version",
    "unit_price_target",
    "frequency_target",
    "headcount",
    "customers_per_person",
    "cooperation_per_customer",
]


def plan(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame([{"id": i, "version": 1, **r} for i, r in enumerate(rows, start=1)], columns=COLUMNS)
    frame.index = pd.Index(frame["id"].tolist())
    return frame


def follow(loaded: pd.DataFrame, changes: ChangeSet) -> pd.DataFrame:
    """The plan after the save: the user's changes and what follows from them."""
    typed, problems = validate_changes(SPEC, loaded, changes)
    assert problems == []
    out = kplan.follow_plan(SPEC, loaded, typed)
    typed, problems = validate_changes(SPEC, loaded, out)
    assert problems == [], problems
    after = loaded.copy()
    for key, values in typed.updates.items():
        for col, value in values.items():
            after[col] = after[col].astype(object)
            after.at[key, col] = value
    return after


BASE = plan({"year": 2025, "ka_revenue_target": 100_000_000}, *({"year": y} for y in range(2026, 2030)))


def test_r6_one_rate_for_every_year_compounds_from_the_base() -> None:
    keys = (2, 3, 4, 5)
    changes = ChangeSet(updates={k: {"growth_rate": 0.15} for k in keys}, versions=dict.fromkeys(keys, 1))
    after = follow(BASE, changes)
    expected = [math.floor(100_000_000 * 1.15 ** (y - 2025) + 0.5) for y in range(2025, 2030)]
    assert after["ka_revenue_target"].tolist() == expected
    assert (
        after["ka_revenue_target"].tolist()
        == compound_targets(100_000_000, 2025, pd.Series(dict.fromkeys(range(2026, 2030), 0.15))).tolist()
    )


def test_r6_per_year_rates_chain_year_on_year() -> None:
    rates = {2: 0.1, 3: 0.2, 4: 0.0, 5: 0.5}
    after = follow(
        BASE, ChangeSet(updates={k: {"growth_rate": r} for k, r in rates.items()}, versions=dict.fromkeys(rates, 1))
    )
    assert after["ka_revenue_target"].tolist() == [100_000_000, 110_000_000, 132_000_000, 132_000_000, 198_000_000]


def test_r6_changing_the_base_moves_every_year_after_it() -> None:
    loaded = follow(
        BASE,
        ChangeSet(updates={k: {"growth_rate": 0.1} for k in (2, 3, 4, 5)}, versions=dict.fromkeys((2, 3, 4, 5), 1)),
    )
    after = follow(loaded, ChangeSet(updates={1: {"ka_revenue_target": 200_000_000}}, versions={1: 1}))
    assert after["ka_revenue_target"].tolist() == [200_000_000, 220_000_000, 242_000_000, 266_200_000, 292_820_000]


def test_r6_a_typed_target_sets_its_rate_and_the_years_after_follow_it() -> None:
    loaded = follow(
        BASE,
        ChangeSet(updates={k: {"growth_rate": 0.1} for k in (2, 3, 4, 5)}, versions=dict.fromkeys((2, 3, 4, 5), 1)),
    )
    after = follow(loaded, ChangeSet(updates={3: {"ka_revenue_target": 143_000_000}}, versions={3: 1}))
    assert after.at[3, "growth_rate"] == pytest.approx(143_000_000 / 110_000_000 - 1)
    assert after["ka_revenue_target"].tolist() == [100_000_000, 110_000_000, 143_000_000, 157_300_000, 173_030_000]


def test_r6_a_year_without_a_rate_ends_the_chain() -> None:
    after = follow(BASE, ChangeSet(updates={2: {"growth_rate": 0.1}, 4: {"growth_rate": 0.1}}, versions={2: 1, 4: 1}))
    assert after["ka_revenue_target"].tolist()[:2] == [100_000_000, 110_000_000]
    assert pd.isna(after.at[3, "ka_revenue_target"]) and pd.isna(after.at[4, "ka_revenue_target"])


def test_r6_a_new_plan_from_an_empty_table_follows_too() -> None:
    changes = kplan.new_plan(
        2025,
        pd.DataFrame({"ka_revenue": [100.0], "ka_count": [1], "ka_share": [0.5]}, index=pd.Index([2025], name="year")),
        years=2,
    )
    changes.inserts[-2]["growth_rate"] = 0.5
    out = kplan.follow_plan(SPEC, plan(), changes)
    assert [v.get("ka_revenue_target") for v in out.inserts.values()] == [100, 150, None]


def test_r6_no_base_target_derives_nothing() -> None:
    loaded = plan({"year": 2025}, {"year": 2026, "growth_rate": 0.1})
    assert kplan.follow_plan(SPEC, loaded, ChangeSet()).empty


def test_r6_work_back_reaches_the_goal_in_the_goal_year() -> None:
    rate, changes = kplan.work_back(BASE, 1_000_000_000, 2029)
    assert rate == pytest.approx(10**0.25 - 1)
    after = follow(BASE, changes)
    assert after.at[5, "ka_revenue_target"] == 1_000_000_000
    assert after["growth_rate"].iloc[1:].tolist() == [rate] * 4


def test_r6_work_back_until_an_earlier_year_leaves_later_rates() -> None:
    loaded = BASE.assign(growth_rate=[None, 0.5, 0.5, 0.5, 0.5])
    rate, changes = kplan.work_back(loaded, 121_000_000, 2027)
    assert rate == pytest.approx(0.1)
    assert sorted(changes.updates) == [2, 3]


@pytest.mark.parametrize(("goal", "year", "field"), [(None, 2029, "goal"), (-1, 2029, "goal"), (10, 2025, "years")])
def test_r6_work_back_bad_inputs_are_driver_errors(goal, year, field) -> None:  # noqa: ANN001
    with pytest.raises(kplan.DriverError) as err:
        kplan.work_back(BASE, goal, year)
    assert err.value.field == field
    assert kplan.driver_message(err.value, "en")


def test_r6_work_back_without_a_base_target_says_so() -> None:
    with pytest.raises(kplan.DriverError) as err:
        kplan.work_back(plan({"year": 2025}, {"year": 2026}), 100, 2026)
    assert kplan.driver_message(err.value, "en") == "Enter the base year's KA revenue."


# --- actual key-account figures -------------------------------------------------------


def test_r6_actual_ka_figures_use_tiers_at_each_year_end(rules: dict) -> None:
    customers = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "customer_revenue": [500_000_000, 500_000_000, 10],
            "winnability": [3, 3, 3],
            "demonstration": [3, 3, 3],
        }
    )
    won = [
        (1, 600_000, "2025-03-01"),
        (1, 600_000, "2025-11-30"),
        (2, 900_000, "2025-06-01"),
        (3, 2_000_000, "2025-07-01"),
        (1, 1_500_000, "2024-12-31"),
        (2, 5_000_000, "2026-01-02"),
    ]
    orders = pd.DataFrame(
        [
            {"id": i, "customer_id": c, "owner_id": None, "stage": "won", "amount": a, "close_date": d}
            for i, (c, a, d) in enumerate(won, start=1)
        ]
    )
    got = ka_actuals(customers, orders, rules, dt.date(2026, 6, 30))
    assert got.index.tolist() == [2024, 2025]  # 2026 is not over yet
    # 2025: customer 1 has 1,200,000 in 2025 (KA); 2 has 900,000 (regular); 3 is weak.
    row = got.loc[2025]
    assert (row["ka_revenue"], row["ka_count"], row["ka_orders"]) == (1_200_000, 1, 2)
    assert row["ka_share"] == pytest.approx(1_200_000 / 4_100_000)
    assert (row["unit_price"], row["frequency"]) == (600_000, 2)
    assert got.loc[2024, "ka_count"] == 1  # 1,500,000 on the 31st of December counts for 2024


def test_r6_new_plan_prefills_the_base_year_from_the_orders() -> None:
    actuals = pd.DataFrame(
        {"ka_revenue": [5_000_000.4], "ka_count": [3], "ka_share": [0.41234]}, index=pd.Index([2025], name="year")
    )
    changes = kplan.new_plan(2025, actuals)
    assert changes.inserts[-1] == {
        "year": 2025,
        "ka_revenue_target": 5_000_000,
        "ka_count_target": 3,
        "ka_share_target": 0.4123,
    }
    assert [v["year"] for v in changes.inserts.values()] == list(range(2025, 2036))
    assert kplan.prefill_base(plan({"year": 2025, "ka_revenue_target": 1}), actuals).updates == {
        1: {"ka_revenue_target": 5_000_000, "ka_count_target": 3, "ka_share_target": 0.4123}
    }


def test_plan_frame_puts_actuals_and_the_gap_beside_the_plan() -> None:
    actuals = pd.DataFrame(
        {"ka_revenue": [90_000_000.0], "ka_count": [7], "ka_share": [0.5]}, index=pd.Index([2025], name="year")
    )
    f = kplan.plan_frame(BASE, actuals, "en")
    assert f.loc[1, ["actual_ka_revenue", "revenue_gap", "actual_ka_count", "role"]].tolist() == [
        90_000_000,
        -10_000_000,
        7,
        "base year",
    ]
    assert f.loc[2, ["actual_ka_revenue", "revenue_gap"]].isna().all()
    assert kplan.plan_frame(plan(), actuals).empty


# --- drivers and the growth formula ---------------------------------------------------


def drivers(**row) -> pd.Series:  # noqa: ANN003
    frame = kplan.drivers_frame(plan({"year": 2026, **row}), pd.DataFrame(columns=ACTUAL_COLUMNS), "en")
    return frame.iloc[0]


def test_r6_drivers_compute_the_blank_one_with_the_count_rounded_up() -> None:
    row = drivers(ka_revenue_target=300_000_001, unit_price_target=1_000_000, frequency_target=1)
    assert row["solved"] == "customer count"
    assert row["solved_value"] == pytest.approx(300.0)
    assert row["count_rounded_up"] == 301
    row = drivers(ka_revenue_target=300_000_000, ka_count_target=100, frequency_target=3)
    assert (row["solved"], row["solved_value"]) == ("unit price", 1_000_000)
    row = drivers(ka_revenue_target=1_000_000, ka_count_target=3, unit_price_target=300_000)
    assert row["solved_value"] == pytest.approx(1.11)  # shown with decimals


@pytest.mark.parametrize(
    ("row", "note"),
    [
        ({"ka_revenue_target": 1_000, "ka_count_target": 0, "frequency_target": 2}, "The customer count is 0"),
        ({"ka_revenue_target": 1_000, "unit_price_target": 0, "frequency_target": 2}, "The unit price is 0"),
        ({"ka_revenue_target": 1_000, "ka_count_target": 10}, "Enter 1 more of the unit price, frequency to compute"),
        ({"ka_revenue_target": 1_000}, "Enter 2 more of the customer count, unit price, frequency"),
        ({"ka_count_target": 10, "unit_price_target": 5, "frequency_target": 2}, "No KA revenue target"),
        (
            {"ka_revenue_target": 1_000, "ka_count_target": 10, "unit_price_target": 50, "frequency_target": 2},
            "the three multiply to the revenue target",
        ),
        (
            {"ka_revenue_target": 1_000, "ka_count_target": 10, "unit_price_target": 50, "frequency_target": 1},
            "differs from the target by -500",
        ),
    ],
)
def test_r6_zero_and_missing_drivers_give_a_message_not_an_error(row: dict, note: str) -> None:
    got = drivers(**row)
    assert note in got["driver_note"]
    assert got["solved"] == ""


def test_r6_growth_inputs_are_saved_per_year_through_the_audited_save(db) -> None:  # noqa: ANN001
    save_changes(db, SPEC, kplan.new_plan(2025, pd.DataFrame(columns=ACTUAL_COLUMNS), years=2), "tester")
    loaded = loaded_frame(db, SPEC)
    values = {"headcount": 100, "customers_per_person": 3.0, "cooperation_per_customer": 1_000_000}
    typed, problems = validate_changes(SPEC, loaded, kplan.growth_changes(loaded, 2026, values))
    assert problems == []
    save_changes(db, SPEC, typed, "tester")
    again = loaded_frame(db, SPEC)
    assert kplan.growth_inputs(again, 2026) == {
        "headcount": 100,
        "customers_per_person": 3.0,
        "cooperation_per_customer": 1_000_000,
    }
    assert kplan.growth_inputs(again, 2027) == dict.fromkeys(values)
    audited = {r[0] for r in db.execute("SELECT column_name FROM audit WHERE action = 'update'").fetchall()}
    assert audited == set(values)
