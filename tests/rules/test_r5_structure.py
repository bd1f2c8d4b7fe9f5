"""R5 customer structure: shares, Pareto curve, top 20%, top 10, key-account health."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kam.rules.params import int_param
from kam.rules.scoring import score_customers
from kam.rules.structure import PARETO_COLUMNS, SHARE_COLUMNS, structure
from tests.rules.frames import AS_OF, customers, days_before, empty, months_before, orders, won


def _scored(cooperation, tiers=None, classes=None, ids=None) -> pd.DataFrame:
    n = len(cooperation)
    tiers = tiers or ["regular"] * n
    return pd.DataFrame(
        {
            "structure_cooperation": [float(c) for c in cooperation],
            "tier": tiers,
            "value_class": classes or ["unrated"] * n,
            "key_account": [t in ("VLA", "MLA", "KA") for t in tiers],
        },
        index=pd.Index(ids or list(range(1, n + 1)), name="customer_id"),
    )


def test_r5_share_by_tier_and_class(rules):
    s = structure(
        _scored(
            [6, 3, 1, 0],
            ["VLA", "KA", "regular", "regular"],
            ["whale", "dolphin", "small_fish", "unrated"],
        ),
        rules,
    )
    assert s["total_cooperation"] == 10
    by_tier = s["by_tier"]
    assert list(by_tier.columns) == list(SHARE_COLUMNS)
    assert list(by_tier.index) == ["VLA", "MLA", "KA", "regular"]
    assert by_tier["share"].tolist() == [0.6, 0.0, 0.3, 0.1]
    assert by_tier["customers"].tolist() == [1, 0, 1, 2]
    by_class = s["by_value_class"]
    assert list(by_class.index) == [
        "whale",
        "dolphin",
        "shark",
        "small_fish",
        "unrated",
    ]
    assert by_class["cooperation"].tolist() == [6, 3, 0, 1, 0]


def test_r5_pareto_sorted_by_cooperation_ties_by_customer_id(rules):
    s = structure(_scored([5, 10, 5, 0], ids=[30, 20, 10, 40]), rules)
    pareto = s["pareto"]
    assert list(pareto.columns) == list(PARETO_COLUMNS)
    assert pareto["customer_id"].tolist() == [20, 10, 30]  # zero cooperation left out
    assert pareto["rank"].tolist() == [1, 2, 3]
    assert pareto["cumulative_share"].tolist() == [0.5, 0.75, 1.0]
    assert pareto["customer_share"].tolist() == pytest.approx([1 / 3, 2 / 3, 1.0])


@pytest.mark.parametrize(
    ("positive", "zeros", "count"),
    [
        (1, 0, 1),
        (4, 0, 1),
        (5, 0, 1),
        (6, 0, 2),
        (9, 3, 2),
        (10, 5, 2),
        (11, 0, 3),
        (0, 3, 0),
    ],
)
def test_r5_top_twenty_percent_counts_positive_customers_rounded_up(rules, positive, zeros, count):
    cooperation = list(range(positive, 0, -1)) + [0] * zeros
    s = structure(_scored(cooperation), rules)
    assert s["top_share_count"] == count
    total = sum(cooperation)
    expected = sum(cooperation[:count]) / total if total else np.nan
    assert s["top_share"] == pytest.approx(expected, nan_ok=True)


def test_r5_top_share_rounding_removes_noise(rules, edit):
    # 0.55 x 100 computes to 55.00000000000001: rounded up it must stay 55, not 56.
    assert math.ceil(0.55 * 100) == 56
    edit("rule_params", "r5_top_share", "value", 0.55)
    assert structure(_scored([1] * 100), rules)["top_share_count"] == 55


@pytest.mark.parametrize(("n", "rows"), [(9, 9), (10, 10), (11, 10), (0, 0)])
def test_r5_top_ten_is_ten_rows(rules, n, rows):
    s = structure(_scored([1] * n), rules)
    assert len(s["top_n"]) == rows
    assert list(s["top_n"].columns) == list(PARETO_COLUMNS)


def test_r5_top_ten_ties_broken_by_customer_id(rules):
    ids = list(range(12, 0, -1))  # 12, 11, ..., 1, all with the same cooperation
    s = structure(_scored([100] * 12, ids=ids), rules)
    assert s["top_n"]["customer_id"].tolist() == list(range(1, 11))
    assert s["top_n_share"] == pytest.approx(10 / 12)


def test_r5_editing_top_n_and_top_share(rules, edit):
    edit("rule_params", "r5_top_n", "value", 3)
    edit("rule_params", "r5_top_share", "value", 0.5)
    s = structure(_scored([4, 3, 2, 1]), rules)
    assert len(s["top_n"]) == 3 and s["top_n_share"] == 0.9
    assert s["top_share_count"] == 2 and s["top_share"] == 0.7


@pytest.mark.parametrize(
    ("ka", "other", "health"),
    [
        (29, 71, "unhealthy"),
        (30, 70, "building"),  # 30% is building (lower bound inclusive)
        (31, 69, "building"),
        (49, 51, "building"),
        (50, 50, "healthy"),
        (51, 49, "healthy"),
        (0, 100, "unhealthy"),
        (100, 0, "healthy"),
    ],
)
def test_r5_health_bands_by_key_account_share(rules, ka, other, health):
    s = structure(_scored([ka, other], ["KA", "regular"]), rules)
    assert s["key_account_share"] == ka / 100
    assert s["health"] == health


def test_r5_health_float_noise_does_not_flip(rules):
    # 0.1 + 0.2 of 1.0: a key-account share of 0.30000000000000004 is exactly 30%.
    s = structure(_scored([0.1, 0.2, 0.7], ["KA", "MLA", "regular"]), rules)
    assert s["health"] == "building"


def test_r5_no_cooperation_is_no_data(rules):
    s = structure(_scored([0, 0], ["KA", "regular"]), rules)
    assert s["health"] == "no_data"
    assert np.isnan(s["key_account_share"])
    assert np.isnan(s["top_share"]) and np.isnan(s["top_n_share"])
    assert s["by_tier"]["share"].isna().all()
    assert s["pareto"].empty


def test_r5_empty_frame(rules):
    empty = _scored([])
    s = structure(empty, rules)
    assert s["health"] == "no_data"
    assert s["top_share_count"] == 0
    assert list(s["pareto"].columns) == list(PARETO_COLUMNS)
    assert s["by_tier"]["customers"].sum() == 0


def test_r5_falls_back_to_cooperation_column(rules):
    scored = _scored([3, 7], ["KA", "regular"]).rename(columns={"structure_cooperation": "cooperation"})
    assert structure(scored, rules)["key_account_share"] == 0.3


def test_r5_editing_health_band_changes_health(rules, edit):
    scored = _scored([40, 60], ["KA", "regular"])
    assert structure(scored, rules)["health"] == "building"
    edit("r5_health_bands", "healthy", "min_share", 0.4)
    assert structure(scored, rules)["health"] == "healthy"


# -- the R5 window (rule_params r5_window_months), through score_customers ----------------


def _scored_from_orders(rules, *order_rows, as_of=AS_OF) -> pd.DataFrame:
    return score_customers(
        customers({"name": "甲"}, {"name": "乙"}),
        orders(*order_rows),
        empty("people"),
        empty("meetings"),
        empty("clearance_results"),
        rules,
        as_of,
    )


@pytest.mark.parametrize(
    ("plus_days", "counted"),
    [(-1, False), (0, False), (1, True)],  # exactly the window's length before as_of: out
)
def test_r5_window_cut_off(rules, plus_days, counted):
    window = int_param(rules, "r5_window_months")
    scored = _scored_from_orders(rules, won(1, 1_000, months_before(window, plus_days=plus_days)))
    assert scored.loc[1, "structure_cooperation"] == (1_000 if counted else 0)
    s = structure(scored, rules)
    assert s["total_cooperation"] == (1_000 if counted else 0)
    assert (s["health"] == "no_data") is (not counted)


@pytest.mark.parametrize(("date", "counted"), [(AS_OF.isoformat(), True), (days_before(-1), False)])
def test_r5_window_ends_on_as_of(rules, date, counted):
    scored = _scored_from_orders(rules, won(1, 1_000, date))
    assert structure(scored, rules)["total_cooperation"] == (1_000 if counted else 0)


def test_r5_editing_the_window_changes_the_structure(rules, edit):
    window = int_param(rules, "r5_window_months")
    rows = (won(1, 300, AS_OF), won(2, 700, months_before(window, plus_days=-1)))
    before = structure(_scored_from_orders(rules, *rows), rules)
    assert before["total_cooperation"] == 300
    assert before["pareto"]["customer_id"].tolist() == [1]
    edit("rule_params", "r5_window_months", "value", window + 1)
    scored = _scored_from_orders(rules, *rows)
    after = structure(scored, rules)
    assert after["total_cooperation"] == 1_000
    assert after["pareto"]["customer_id"].tolist() == [2, 1]
    assert after["top_n_share"] == 1.0 and after["pareto"]["cumulative_share"].tolist() == [0.7, 1.0]
    # Only R5's window moved: R2's cooperation still counts its own window.
    assert scored["cooperation"].tolist() == [300, 0]
