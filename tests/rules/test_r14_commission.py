"""R14 tiered commission: progressive on annual sales by r14_commission_bands."""

from __future__ import annotations

import pandas as pd
import pytest

from kam.rules.commission import commission, commission_bands, commission_by_person
from tests.rules.frames import orders, won


@pytest.mark.parametrize(
    ("sales", "exact"),
    [
        (0, 0.0),
        (999_999, 29_999.97),
        (1_000_000, 30_000.0),
        (1_000_001, 30_000.05),
        (2_999_999, 129_999.95),
        (3_000_000, 130_000.0),
        (3_000_001, 130_000.08),
        (3_500_000, 170_000.0),  # seed: 30,000 + 100,000 + 40,000
        (-5, 0.0),
    ],
)
def test_r14_commission_at_band_edges(rules, sales, exact):
    assert commission(sales, rules, whole_yuan=False) == pytest.approx(exact, abs=1e-9)
    assert commission(sales, rules) == int(exact + 0.5)


def test_r14_commission_3_500_000_is_computed_from_the_bands(rules):
    bands = rules["r14_commission_bands"].sort_values("from_amount")
    lows = bands["from_amount"].tolist() + [float("inf")]
    rates = bands["rate"].tolist()
    by_hand = sum(r * max(0, min(3_500_000, hi) - lo) for lo, hi, r in zip(lows[:-1], lows[1:], rates, strict=True))
    assert commission(3_500_000, rules) == pytest.approx(by_hand) == 170_000


def test_r14_editing_bands_changes_the_result(rules, edit):
    edit("r14_commission_bands", 3, "rate", 0.10, key_column="id")
    assert commission(3_500_000, rules) == 180_000
    edit("r14_commission_bands", 2, "from_amount", 2_000_000, key_column="id")
    assert commission(3_500_000, rules) == 30_000 * 2 + 50_000 + 50_000
    rules["r14_commission_bands"] = pd.concat(
        [
            rules["r14_commission_bands"],
            pd.DataFrame({"id": [4], "from_amount": [10_000_000], "rate": [0.12], "version": 1}),
        ],
        ignore_index=True,
    )
    assert commission(11_000_000, rules) == 60_000 + 50_000 + 700_000 + 120_000


def test_r14_commission_of_a_series_keeps_its_index(rules):
    sales = pd.Series([1_000_000, None, 3_500_000], index=[7, 8, 9])
    got = commission(sales, rules)
    assert got.index.tolist() == [7, 8, 9]
    assert got.loc[7] == 30_000 and pd.isna(got.loc[8]) and got.loc[9] == 170_000


@pytest.mark.parametrize(("sales", "rounded"), [(16, 0), (17, 1), (50, 2)])
def test_r14_commission_rounds_half_up_to_whole_yuan(rules, sales, rounded):
    # 3% of 16 = 0.48, of 17 = 0.51, of 50 = 1.5 -> 2 (half up, not to even)
    assert commission(sales, rules) == rounded


def test_r14_commission_by_person_sums_the_year(rules):
    o = orders(
        won(1, 2_000_000, "2026-03-01", owner_id=7),
        won(1, 1_500_000, "2026-11-30", owner_id=7),
        won(1, 1_000_000, "2025-12-31", owner_id=7),
        won(1, 500_000, "2026-01-05", owner_id=8),
    )
    got = commission_by_person(o, rules, 2026)
    assert got.to_dict("records") == [
        {"person_id": 7, "sales": 3_500_000, "commission": 170_000},
        {"person_id": 8, "sales": 500_000, "commission": 15_000},
    ]


# The ladder per band, worked out by hand (3% to 1,000,000, 5% to 3,000,000, 8% above).
@pytest.mark.parametrize(
    ("sales", "parts", "earned"),
    [
        (0, [0, 0, 0], [0, 0, 0]),
        (1_000_000, [1_000_000, 0, 0], [30_000, 0, 0]),
        (1_000_001, [1_000_000, 1, 0], [30_000, 0.05, 0]),
        (3_000_000, [1_000_000, 2_000_000, 0], [30_000, 100_000, 0]),
        (3_500_000, [1_000_000, 2_000_000, 500_000], [30_000, 100_000, 40_000]),
        (250_000_000, [1_000_000, 2_000_000, 247_000_000], [30_000, 100_000, 19_760_000]),
    ],
)
def test_r14_commission_bands_split_the_sales_and_sum_to_the_commission(rules, sales, parts, earned):
    got = commission_bands(pd.Series([sales], index=pd.Index([7], name="person_id")), rules)
    assert list(got["band"]) == [1, 2, 3] and list(got.index) == [7, 7, 7]
    assert list(got["from_amount"]) == [0, 1_000_000, 3_000_000]
    assert got["to_amount"].iloc[:2].tolist() == [1_000_000, 3_000_000] and pd.isna(got["to_amount"].iloc[2])
    assert got["sales_in_band"].tolist() == pytest.approx(parts)
    assert got["commission_in_band"].tolist() == pytest.approx(earned)
    assert int(got["commission_in_band"].sum() + 0.5) == commission(sales, rules)


def test_r14_commission_bands_follow_the_rules_table(rules, edit):
    edit("r14_commission_bands", 3_000_000, "rate", 0.1, key_column="from_amount")
    got = commission_bands(pd.Series([3_500_000, 0], index=[1, 2]), rules)
    assert got.loc[1, "commission_in_band"].tolist() == pytest.approx([30_000, 100_000, 50_000])
    assert got.loc[2, "commission_in_band"].tolist() == [0, 0, 0]
