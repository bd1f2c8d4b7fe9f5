"""Each rules table's invariants on save, and rules edits reaching the scoring functions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kam.specs import SPECS
from kam.store.frames import loaded_frame, read_frame
from kam.store.refs import fk_keys, fk_options
from kam.store.rules import load_rules
from kam.store.save import save_changes
from kam.types import ChangeSet
from kam.validate import validate_changes


def _problems(db, table: str, updates: dict, inserts: dict | None = None, deletes: dict | None = None):
    spec = SPECS[table]
    loaded = loaded_frame(db, spec)
    versions = {k: int(loaded.at[k, "version"]) for k in updates}
    changes = ChangeSet(updates=updates, versions=versions, inserts=inserts or {}, deletes=deletes or {})
    typed, problems = validate_changes(spec, loaded, changes, fk_keys(fk_options(db, spec)))
    return typed, [(p.row, p.column, p.reason) for p in problems]


@pytest.mark.parametrize(
    ("value", "ok"),
    [(2_999_999, True), (3_000_000, False), (3_000_001, False)],  # MLA's min_cooperation is 3,000,000
)
def test_r2_tier_thresholds_must_rise_with_the_tier(db, value: int, ok: bool) -> None:
    _, problems = _problems(db, "r2_tiers", {"KA": {"min_cooperation": value}})
    assert (problems == []) is ok
    if not ok:
        assert problems == [("MLA", "min_cooperation", "v.order")]


def test_r2_lowest_tier_starts_at_zero(db) -> None:
    _, problems = _problems(db, "r2_tiers", {"regular": {"min_customer_revenue": 1}})
    assert problems == [("regular", "min_customer_revenue", "v.lowest_zero")]


@pytest.mark.parametrize(
    ("sales_weight", "ok"),
    [(0.39, False), (0.4, True), (0.41, False)],
)
def test_r4_weights_must_add_up_to_one(db, sales_weight: float, ok: bool) -> None:
    _, problems = _problems(db, "r4_dimensions", {"sales": {"weight": sales_weight}})
    assert (problems == []) is ok
    if not ok:
        assert problems[0][1:] == ("weight", "v.weights_sum")


def test_r4_weights_that_move_together_still_add_up(db) -> None:
    _, problems = _problems(db, "r4_dimensions", {"sales": {"weight": 0.5}, "potential": {"weight": 0.2}})
    assert problems == []


def test_r4_float_noise_does_not_break_the_sum(db) -> None:
    # 0.1 + 0.2 style noise: 0.7 + 0.1 + 0.1 + 0.1 is 0.9999999999999999 in floats.
    _, problems = _problems(
        db, "r4_dimensions", {"sales": {"weight": 0.7}, "potential": {"weight": 0.1}, "winnability": {"weight": 0.1}}
    )
    assert problems == []


@pytest.mark.parametrize(("building", "ok"), [(0.49, True), (0.5, False), (0.51, False)])
def test_r5_health_bands_in_order(db, building: float, ok: bool) -> None:
    _, problems = _problems(db, "r5_health_bands", {"building": {"min_share": building}})
    assert (problems == []) is ok


@pytest.mark.parametrize(("b", "ok"), [(79, True), (80, False), (81, False)])
def test_r4_priorities_in_order(db, b: int, ok: bool) -> None:
    _, problems = _problems(db, "r4_priorities", {"B": {"min_score": b}})
    assert (problems == []) is ok


@pytest.mark.parametrize(("medium", "ok"), [(499_999, True), (500_000, False)])
def test_r1_price_levels_in_order(db, medium: int, ok: bool) -> None:
    _, problems = _problems(db, "r1_price_levels", {"medium": {"min_unit_price": medium}})
    assert (problems == []) is ok


def test_r1_value_map_must_stay_complete(db) -> None:
    spec = SPECS["r1_value_map"]
    loaded = loaded_frame(db, spec)
    # The grid never offers this (fixed rows), so check the invariant on a broken frame directly.
    from kam.invariants import check_table

    broken = loaded.drop(index=loaded.index[0])
    assert [p.reason for p in check_table("r1_value_map", broken)] == ["v.map_incomplete"]
    doubled = pd.concat([loaded, loaded.iloc[[1]]])
    assert [p.reason for p in check_table("r1_value_map", doubled)] == ["v.map_duplicate"]
    assert check_table("r1_value_map", loaded) == []


def test_r1_value_map_cell_must_name_a_value_class(db) -> None:
    _, problems = _problems(db, "r1_value_map", {1: {"value_class": "octopus"}})
    assert problems == [(1, "value_class", "v.unknown_ref")]


def test_r9_star_thresholds_rise_per_indicator(db) -> None:
    rows = read_frame(db, "r9_star_thresholds")
    two = int(rows[(rows.indicator == "process") & (rows.stars == 2)]["id"].iloc[0])
    _, problems = _problems(db, "r9_star_thresholds", {two: {"min_value": 24}})  # = 3 stars' threshold
    assert [p[2] for p in problems] == ["v.order"]


def test_rule_params_rates_and_counts(db) -> None:
    _, problems = _problems(db, "rule_params", {"r5_top_share": {"value": 1.5}, "r5_top_n": {"value": 2.5}})
    assert sorted(p[2] for p in problems) == ["v.not_integer", "v.rate_range"]


@pytest.mark.parametrize(
    ("year", "reason"), [(0, "v.below_min"), (1949, "v.below_min"), (1950, None), (2201, "v.above_max")]
)
def test_the_year_records_began_is_a_calendar_year(db, year: int, reason: str | None) -> None:
    _, problems = _problems(db, "rule_params", {"r9_records_began_year": {"value": year}})
    assert [p[2] for p in problems] == ([reason] if reason else [])


def test_r14_needs_a_band_from_zero(db) -> None:
    rows = read_frame(db, "r14_commission_bands")
    first = int(rows[rows.from_amount == 0]["id"].iloc[0])
    _, problems = _problems(db, "r14_commission_bands", {first: {"from_amount": 1}})
    assert [p[2] for p in problems] == ["v.lowest_zero"]


def test_r3_exactly_one_active_portrait(db) -> None:
    _, problems = _problems(db, "r3_portraits", {1: {"active": True}})
    assert [p[2] for p in problems] == ["v.one_active"]


def test_changing_a_threshold_in_the_rules_table_changes_the_tier(db) -> None:
    """Low-code: a rules edit saved like any grid edit changes scoring, no code change."""
    from kam.rules.tiers import assign_tiers

    as_of = dt.date(2026, 6, 30)
    customers = pd.DataFrame(
        {"id": [1], "name": ["甲公司"], "customer_revenue": [500_000_000], "winnability": [3], "demonstration": [3]}
    )
    orders = pd.DataFrame(
        {
            "id": [1],
            "customer_id": [1],
            "stage": ["won"],
            "amount": [900_000],
            "lock_date": ["2026-01-01"],
            "close_date": ["2026-03-01"],
        }
    )
    before = assign_tiers(customers, orders, load_rules(db), as_of)
    assert before.loc[1, "tier"] == "regular"
    typed, problems = _problems(db, "r2_tiers", {"KA": {"min_cooperation": 900_000}})
    assert problems == []
    save_changes(db, SPECS["r2_tiers"], typed, user="tester")
    after = assign_tiers(customers, orders, load_rules(db), as_of)
    assert after.loc[1, "tier"] == "KA"


# --- levels, grades, star salary, clearances, star thresholds ---------------------------
# Each threshold is read from the shipped rules table; the edit lands just below, on, or
# just above the next level's value ("strictly rising": equal is refused).

OFFSETS = [(-1, True), (0, False), (1, False)]


def _value(db, table: str, key, column: str) -> int:
    return int(loaded_frame(db, SPECS[table]).at[key, column])


@pytest.mark.parametrize(
    "table", ["r1_quantity_levels", "r7_grades", "r9_star_salary", "r9_clearances", "r9_star_thresholds"]
)
def test_shipped_rules_pass_their_own_invariants(db, table: str) -> None:
    from kam.invariants import check_table

    assert check_table(table, loaded_frame(db, SPECS[table])) == []


@pytest.mark.parametrize(("offset", "ok"), OFFSETS)
def test_r1_quantity_levels_in_order(db, offset: int, ok: bool) -> None:
    large = _value(db, "r1_quantity_levels", "large", "min_orders")
    _, problems = _problems(db, "r1_quantity_levels", {"medium": {"min_orders": large + offset}})
    assert problems == ([] if ok else [("large", "min_orders", "v.order")])


def test_r1_lowest_quantity_level_starts_at_zero(db) -> None:
    _, problems = _problems(db, "r1_quantity_levels", {"small": {"min_orders": 1}})
    assert problems == [("small", "min_orders", "v.lowest_zero")]


@pytest.mark.parametrize(("offset", "ok"), OFFSETS)
def test_r7_grades_in_order(db, offset: int, ok: bool) -> None:
    a = _value(db, "r7_grades", "A", "min_amount")
    _, problems = _problems(db, "r7_grades", {"B": {"min_amount": a + offset}})
    assert problems == ([] if ok else [("A", "min_amount", "v.order")])


@pytest.mark.parametrize(("offset", "ok"), OFFSETS)
def test_r7_grade_below_must_stay_under_the_one_above(db, offset: int, ok: bool) -> None:
    b = _value(db, "r7_grades", "B", "min_amount")
    _, problems = _problems(db, "r7_grades", {"C": {"min_amount": b + offset}})
    assert problems == ([] if ok else [("B", "min_amount", "v.order")])


@pytest.mark.parametrize(("offset", "ok"), OFFSETS)
def test_r9_star_salary_rises_with_the_stars(db, offset: int, ok: bool) -> None:
    three = _value(db, "r9_star_salary", 3, "base_salary")
    _, problems = _problems(db, "r9_star_salary", {2: {"base_salary": three + offset}})
    assert problems == ([] if ok else [(3, "base_salary", "v.order")])


def test_r9_star_salary_of_one_star_need_not_be_zero(db) -> None:
    # lowest_zero is off for salaries: a 1-star base salary above 0 is the shipped default.
    assert _value(db, "r9_star_salary", 1, "base_salary") > 0
    _, problems = _problems(db, "r9_star_salary", {1: {"base_salary": 1}})
    assert problems == []


@pytest.mark.parametrize(("offset", "ok"), [(-1, True), (0, True), (1, False)])
def test_r9_star_salary_base_not_above_the_cap(db, offset: int, ok: bool) -> None:
    cap = _value(db, "r9_star_salary", 5, "salary_cap")
    _, problems = _problems(db, "r9_star_salary", {5: {"base_salary": cap + offset}})
    assert problems == ([] if ok else [(5, "base_salary", "v.above_max")])


@pytest.mark.parametrize(("offset", "ok"), [(-1, False), (0, True), (1, True)])
def test_r9_star_salary_cap_lowered_under_the_base(db, offset: int, ok: bool) -> None:
    base = _value(db, "r9_star_salary", 4, "base_salary")
    _, problems = _problems(db, "r9_star_salary", {4: {"salary_cap": base + offset}})
    assert problems == ([] if ok else [(4, "base_salary", "v.above_max")])


@pytest.mark.parametrize(("offset", "ok"), [(-1, True), (0, True), (1, False)])
def test_r9_clearance_window_starts_on_or_before_its_due_day(db, offset: int, ok: bool) -> None:
    due = _value(db, "r9_clearances", "planet", "due_day")
    _, problems = _problems(db, "r9_clearances", {"planet": {"window_start_day": due + offset}})
    assert problems == ([] if ok else [("planet", "window_start_day", "v.above_max")])


@pytest.mark.parametrize(("offset", "ok"), [(-1, False), (0, True), (1, True)])
def test_r9_clearance_due_day_moved_before_the_window_start(db, offset: int, ok: bool) -> None:
    start = _value(db, "r9_clearances", "planet", "window_start_day")
    assert start > 0  # the planet clearance has a window (day 60 to 90)
    _, problems = _problems(db, "r9_clearances", {"planet": {"due_day": start + offset}})
    assert problems == ([] if ok else [("planet", "window_start_day", "v.above_max")])


def _star_id(db, indicator: str, stars: int) -> int:
    rows = read_frame(db, "r9_star_thresholds")
    return int(rows[(rows.indicator == indicator) & (rows.stars == stars)]["id"].iloc[0])


def _star_min(db, indicator: str, stars: int) -> float:
    rows = read_frame(db, "r9_star_thresholds")
    return float(rows[(rows.indicator == indicator) & (rows.stars == stars)]["min_value"].iloc[0])


@pytest.mark.parametrize("indicator", ["performance", "process", "clearance"])
@pytest.mark.parametrize("stars", [2, 3, 4])
@pytest.mark.parametrize(("offset", "ok"), OFFSETS)
def test_r9_star_thresholds_strictly_rising(db, indicator: str, stars: int, offset: int, ok: bool) -> None:
    above = _star_min(db, indicator, stars + 1)
    _, problems = _problems(db, "r9_star_thresholds", {_star_id(db, indicator, stars): {"min_value": above + offset}})
    assert problems == ([] if ok else [(_star_id(db, indicator, stars + 1), "min_value", "v.order")])


@pytest.mark.parametrize("indicator", ["performance", "process", "clearance"])
def test_r9_one_star_threshold_starts_at_zero(db, indicator: str) -> None:
    one = _star_id(db, indicator, 1)
    _, problems = _problems(db, "r9_star_thresholds", {one: {"min_value": 1}})
    assert (one, "min_value", "v.lowest_zero") in problems


def _stars_frame(db) -> pd.DataFrame:
    return loaded_frame(db, SPECS["r9_star_thresholds"])


def test_r9_star_thresholds_need_exactly_one_to_five_stars_per_indicator(db) -> None:
    """The stars column is read-only in the grid, so the invariant is checked on frames."""
    from kam.invariants import check_table

    rows = _stars_frame(db)
    process = rows[rows["indicator"] == "process"].sort_values("stars")

    missing = rows.drop(index=process.index[-1])  # process has stars 1-4 only
    assert [(p.column, p.reason) for p in check_table("r9_star_thresholds", missing)] == [("stars", "v.stars_complete")]

    doubled = rows.copy()  # process 5 stars relabelled 4: 1, 2, 3, 4, 4
    doubled.loc[process.index[-1], "stars"] = 4
    assert ("stars", "v.stars_complete") in [(p.column, p.reason) for p in check_table("r9_star_thresholds", doubled)]

    sixth = pd.concat([rows, process.iloc[[-1]].assign(stars=6, min_value=60).set_axis([10_000])])
    assert [(p.column, p.reason) for p in check_table("r9_star_thresholds", sixth)] == [("stars", "v.stars_complete")]

    zero_based = rows.copy()  # 0..4 instead of 1..5
    zero_based.loc[process.index, "stars"] = process["stars"] - 1
    assert ("stars", "v.stars_complete") in [
        (p.column, p.reason) for p in check_table("r9_star_thresholds", zero_based)
    ]


def test_r9_star_thresholds_checked_per_indicator(db) -> None:
    """A process count of 24 is below a performance amount: indicators are not compared."""
    from kam.invariants import check_table

    rows = _stars_frame(db)
    assert _star_min(db, "process", 5) < _star_min(db, "performance", 2)
    assert check_table("r9_star_thresholds", rows) == []
