"""R2 rating tiers: strength level, cooperation level, tier = the lower, upgrade gap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kam.rules.tiers import TIER_COLUMNS, assign_tiers
from tests.rules.frames import AS_OF, customers, empty, months_before, orders, won

REVENUE = {"VLA": 3_000_000_000, "MLA": 1_000_000_000, "KA": 300_000_000}
COOPERATION = {"VLA": 5_000_000, "MLA": 3_000_000, "KA": 1_000_000}
BELOW = {"VLA": "MLA", "MLA": "KA", "KA": "regular"}


def _one(rules, revenue=0, cooperation=0, close_date=AS_OF, **fields) -> pd.Series:
    order_rows = [won(1, cooperation, close_date)] if cooperation else []
    result = assign_tiers(
        customers({"customer_revenue": revenue, **fields}),
        orders(*order_rows),
        rules,
        AS_OF,
    )
    return result.loc[1]


@pytest.mark.parametrize("tier", ["VLA", "MLA", "KA"])
@pytest.mark.parametrize(("delta", "at_level"), [(-1, False), (0, True), (1, True)])
def test_r2_strength_level_thresholds(rules, tier, delta, at_level):
    row = _one(rules, revenue=REVENUE[tier] + delta)
    assert row["strength_level"] == (tier if at_level else BELOW[tier])


@pytest.mark.parametrize("tier", ["VLA", "MLA", "KA"])
@pytest.mark.parametrize(("delta", "at_level"), [(-1, False), (0, True), (1, True)])
def test_r2_cooperation_level_thresholds(rules, tier, delta, at_level):
    row = _one(rules, cooperation=COOPERATION[tier] + delta)
    assert row["cooperation_level"] == (tier if at_level else BELOW[tier])
    assert row["cooperation"] == COOPERATION[tier] + delta


@pytest.mark.parametrize(
    ("revenue", "cooperation", "tier"),
    [
        (3_000_000_000, 5_000_000, "VLA"),
        (3_000_000_000, 999_999, "regular"),
        (3_000_000_000, 1_000_000, "KA"),
        (299_999_999, 5_000_000, "regular"),
        (1_000_000_000, 5_000_000, "MLA"),
        (300_000_000, 3_000_000, "KA"),
        (0, 0, "regular"),
    ],
)
def test_r2_tier_is_lower_of_strength_and_cooperation(rules, revenue, cooperation, tier):
    assert _one(rules, revenue=revenue, cooperation=cooperation)["tier"] == tier


@pytest.mark.parametrize(
    ("revenue", "cooperation", "target", "gap"),
    [
        # Strength VLA, cooperation KA: the gap is to MLA (one step), not to VLA.
        (3_000_000_000, 1_200_000, True, 1_800_000),
        (3_000_000_000, 2_999_999, True, 1),
        (3_000_000_000, 3_000_000, True, 2_000_000),  # now MLA; next step VLA
        (3_000_000_000, 5_000_000, False, np.nan),
        (300_000_000, 999_999, True, 1),  # regular -> KA
        (300_000_000, 0, True, 1_000_000),
        (299_999_999, 0, False, np.nan),  # strength regular: nothing to upgrade to
        (0, 5_000_000, False, np.nan),  # cooperation above strength: not a target
    ],
)
def test_r2_upgrade_target_and_gap(rules, revenue, cooperation, target, gap):
    row = _one(rules, revenue=revenue, cooperation=cooperation)
    assert bool(row["upgrade_target"]) is target
    if np.isnan(gap):
        assert np.isnan(row["upgrade_gap"])
    else:
        assert row["upgrade_gap"] == gap


@pytest.mark.parametrize(
    ("tier", "key_account"),
    [("VLA", True), ("MLA", True), ("KA", True), ("regular", False)],
)
def test_r2_key_account_is_ka_or_above(rules, tier, key_account):
    revenue = REVENUE.get(tier, 0)
    cooperation = COOPERATION.get(tier, 0)
    row = _one(rules, revenue=revenue, cooperation=cooperation)
    assert row["tier"] == tier
    assert bool(row["key_account"]) is key_account


@pytest.mark.parametrize(
    ("fields", "incomplete", "strength"),
    [
        ({"customer_revenue": None}, True, "regular"),  # missing revenue counts as 0
        ({"winnability": None}, True, "VLA"),
        ({"demonstration": None}, True, "VLA"),
        ({}, False, "VLA"),
    ],
)
def test_r2_missing_values_count_as_zero_and_flag_incomplete(rules, fields, incomplete, strength):
    row = _one(rules, revenue=3_000_000_000, **fields)
    assert bool(row["incomplete"]) is incomplete
    assert row["strength_level"] == strength


@pytest.mark.parametrize(
    ("close_date", "counted"),
    [
        (months_before(12), False),
        (months_before(12, plus_days=1), True),
        (AS_OF.isoformat(), True),
    ],
)
def test_r2_cooperation_window_cut_off(rules, close_date, counted):
    row = _one(rules, revenue=REVENUE["KA"], cooperation=1_000_000, close_date=close_date)
    assert row["cooperation"] == (1_000_000 if counted else 0)
    assert row["tier"] == ("KA" if counted else "regular")


def test_r2_cooperation_counts_all_owners_and_only_won(rules):
    order_rows = [
        won(1, 400_000, owner_id=1),
        won(1, 600_000, owner_id=2),
        {**won(1, 5_000_000), "stage": "lost"},
    ]
    result = assign_tiers(
        customers({"customer_revenue": REVENUE["KA"]}),
        orders(*order_rows),
        rules,
        AS_OF,
    )
    assert result.loc[1, "cooperation"] == 1_000_000
    assert result.loc[1, "tier"] == "KA"


@pytest.mark.parametrize(
    ("customer_frame", "order_frame"),
    [
        (empty("customers"), empty("orders")),
        (customers({}), empty("orders")),
        (pd.DataFrame(), pd.DataFrame()),
    ],
)
def test_r2_empty_frames(rules, customer_frame, order_frame):
    result = assign_tiers(customer_frame, order_frame, rules, AS_OF)
    assert list(result.columns) == list(TIER_COLUMNS)
    assert len(result) == len(customer_frame)


def test_r2_editing_ka_min_cooperation_changes_tier(rules, edit):
    assert _one(rules, revenue=REVENUE["KA"], cooperation=800_000)["tier"] == "regular"
    edit("r2_tiers", "KA", "min_cooperation", 800_000)
    row = _one(rules, revenue=REVENUE["KA"], cooperation=800_000)
    assert row["tier"] == "KA"
    assert bool(row["key_account"])


def test_r2_editing_revenue_threshold_changes_upgrade_gap(rules, edit):
    row = _one(rules, revenue=999_999_999, cooperation=1_000_000)
    assert not row["upgrade_target"]
    edit("r2_tiers", "MLA", "min_customer_revenue", 900_000_000)
    row = _one(rules, revenue=999_999_999, cooperation=1_000_000)
    assert row["upgrade_target"] and row["upgrade_gap"] == 2_000_000


def test_r2_editing_window_changes_cooperation(rules, edit):
    row = _one(
        rules,
        revenue=REVENUE["KA"],
        cooperation=1_000_000,
        close_date=months_before(13),
    )
    assert row["tier"] == "regular"
    edit("rule_params", "r2_window_months", "value", 24)
    row = _one(
        rules,
        revenue=REVENUE["KA"],
        cooperation=1_000_000,
        close_date=months_before(13),
    )
    assert row["tier"] == "KA"
