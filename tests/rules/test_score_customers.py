"""score_customers: every per-customer rule joined into the page's frame."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kam.rules.scoring import score_customers
from kam.rules.structure import structure
from tests.rules.frames import (
    AS_OF,
    clearance_results,
    customers,
    empty,
    meetings,
    orders,
    people,
    won,
)

COLUMNS = [
    "name",
    "branch_id",
    "owner_id",
    "unit_price",
    "quantity",
    "price_level",
    "quantity_level",
    "value_class",
    "cooperation",
    "strength_level",
    "cooperation_level",
    "tier",
    "upgrade_target",
    "upgrade_gap",
    "key_account",
    "sales_points",
    "potential_points",
    "winnability_points",
    "demonstration_points",
    "score",
    "priority",
    "service_level",
    "structure_cooperation",
    "owner_star",
    "owner_mismatch",
    "mismatch_reason",
    "mismatch_reasons",
    "fit_score",  # R3: the active portrait
    "matches",
    "incomplete",
    "missing_fields",
]


def test_score_customers_joins_every_rule(rules):
    scored = score_customers(
        customers(
            {
                "name": "Whale Co",
                "owner_id": 1,
                "customer_revenue": 3_000_000_000,
                "winnability": 5,
                "demonstration": 5,
                "expected_cooperation_36m": 15_000_000,
            },
            {
                "name": "Gap Co",
                "owner_id": None,
                "customer_revenue": None,
                "winnability": None,
            },
        ),
        orders(*[won(1, 1_000_000, owner_id=1) for _ in range(6)]),
        people({"rank": "partner", "join_date": "2015-01-01"}),
        meetings(),
        clearance_results(),
        rules,
        AS_OF,
    )
    assert list(scored.columns) == COLUMNS
    whale = scored.loc[1]
    assert (whale["value_class"], whale["tier"], whale["priority"]) == (
        "whale",
        "VLA",
        "A",
    )
    assert whale["service_level"] == "marketing_head"
    assert whale["owner_star"] == 1  # 6,000,000 sales but no meetings or clearances
    assert whale["mismatch_reasons"] == "whale_needs_elite;rank_below_principal"
    gap = scored.loc[2]
    assert gap["value_class"] == "unrated" and gap["tier"] == "regular"
    assert gap["incomplete"] and gap["missing_fields"] == "customer_revenue;winnability"
    assert not gap["owner_mismatch"]
    assert pd.isna(gap["owner_id"])


@pytest.mark.parametrize("with_customers", [True, False])
def test_score_customers_empty_frames(rules, with_customers):
    frame = customers({}) if with_customers else empty("customers")
    scored = score_customers(
        frame,
        empty("orders"),
        empty("people"),
        empty("meetings"),
        empty("clearance_results"),
        rules,
        AS_OF,
    )
    assert list(scored.columns) == COLUMNS
    assert len(scored) == len(frame)
    assert structure(scored, rules)["health"] == "no_data"


def _random_inputs(n_customers: int, n_orders: int, n_people: int, seed: int = 42):
    rng = np.random.default_rng(seed)
    day0 = dt.date(2023, 1, 1)
    dates = np.array([(day0 + dt.timedelta(days=int(d))).isoformat() for d in range(1300)])
    staff = people(
        *[
            {"rank": r, "join_date": dates[int(d)]}
            for r, d in zip(
                rng.choice(["partner", "director", "general_manager", "hr"], n_people),
                rng.integers(0, 1300, n_people),
                strict=True,
            )
        ]
    )
    owners = np.where(rng.random(n_customers) < 0.8, rng.integers(1, n_people + 1, n_customers), 0)
    cust = customers(
        *[
            {
                "owner_id": int(o) or None,
                "customer_revenue": int(r),
                "winnability": int(w),
                "demonstration": int(d),
                "expected_cooperation_36m": int(e),
            }
            for o, r, w, d, e in zip(
                owners,
                rng.integers(0, 5_000_000_000, n_customers),
                rng.integers(0, 6, n_customers),
                rng.integers(0, 6, n_customers),
                rng.integers(0, 20_000_000, n_customers),
                strict=True,
            )
        ]
    )
    close = dates[rng.integers(0, 1300, n_orders)]
    order_frame = pd.DataFrame(
        {
            "id": np.arange(1, n_orders + 1),
            "customer_id": rng.integers(1, n_customers + 1, n_orders),
            "owner_id": rng.integers(1, n_people + 1, n_orders),
            "stage": rng.choice(["won", "lost", "locked", "following", "stuck"], n_orders),
            "amount": rng.integers(10_000, 3_000_000, n_orders),
            "lock_date": close,
            "close_date": close,
        }
    )
    meeting_frame = meetings(
        *[
            {"person_id": int(p), "meeting_date": dates[int(d)]}
            for p, d in zip(
                rng.integers(1, n_people + 1, 5_000),
                rng.integers(1100, 1300, 5_000),
                strict=True,
            )
        ]
    )
    return cust, order_frame, staff, meeting_frame


def test_score_customers_scores_every_row_at_ten_thousand_customers(rules):
    """Scale without a timed assertion (speed is measured in bench/, not in tests)."""
    cust, order_frame, staff, meeting_frame = _random_inputs(10_000, 100_000, 300)
    as_of = dt.date(2026, 6, 30)
    scored = score_customers(
        cust,
        order_frame,
        staff,
        meeting_frame,
        empty("clearance_results"),
        rules,
        as_of,
    )
    shape = structure(scored, rules)
    assert len(scored) == 10_000
    assert scored["tier"].notna().all() and scored["priority"].notna().all()
    assert shape["total_cooperation"] == pytest.approx(scored["structure_cooperation"].sum())
