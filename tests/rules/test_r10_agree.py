"""The single R10 rules (kam.rules.honors, one honor of one period each, the public functions
the contract names) and the honors engine the pages use (kam.rules.honor_engine, every honor
of many periods in one pass) give the same winners on random data: the two cannot drift apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kam.rules.honor_engine import honor_rolls, honor_rows
from kam.rules.honor_metrics import HonorData, metric_figures
from kam.rules.honors import (
    camp_points_board,
    honor_winners,
    legion_award,
    million_star_months,
    new_key_customer_award,
    new_key_customers,
    period_sales,
)
from tests.rules.frames import frame, orders, people

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
QUARTERS = [f"2026-Q{q}" for q in range(1, 5)]
WEEKS = [f"2026-W{w:02d}" for w in range(1, 11)]


def _world(seed: int) -> tuple[HonorData, pd.DataFrame]:
    """40 people in 3 branches and 6 teams, 600 won (and some lost) orders over 2025-2026
    with amounts around the Million Star bar, camp points for ten weeks."""
    rng = np.random.default_rng(seed)
    staff = people(*({"id": i, "branch_id": 1 + i % 3, "team_id": 10 + i % 6, "name": f"p{i}"} for i in range(1, 41)))
    teams = frame("teams", [{"id": 10 + t, "branch_id": 1 + t % 3, "name": f"t{t}"} for t in range(6)])
    days = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 730, 600), unit="D")
    rows = [
        {
            "id": n + 1,
            "customer_id": int(rng.integers(1, 150)),
            "owner_id": int(rng.integers(1, 41)),
            "stage": "won" if rng.random() < 0.9 else "lost",
            "amount": int(rng.choice([250_000, 500_000, 999_999, 1_000_000, 1_000_001, 2_000_000])),
            "close_date": d.date().isoformat(),
        }
        for n, d in enumerate(days)
    ]
    points = pd.DataFrame(
        {
            "person_id": rng.integers(1, 41, 120),
            "week": rng.choice(WEEKS, 120),
            "homework": rng.integers(0, 4, 120),
            "attendance": rng.integers(0, 3, 120),
        }
    )
    data = HonorData(orders=orders(*rows), people=staff, teams=teams, camp_points=points)
    return data, points


def _honor(rules, code: str) -> pd.Series:
    h = rules["r10_honors"]
    kind = h.loc[h["code"] == code, "period"].iloc[0]
    rows = honor_rows(rules, kind)
    return rows.loc[rows["code"] == code].iloc[0]


def _winners(roll: pd.DataFrame, period: str, who: str = "person_id") -> list[tuple]:
    r = roll.loc[(roll["period"] == period) & ~roll["runner_up"]]
    return sorted((int(p), round(float(f), 2), int(k)) for p, f, k in zip(r[who], r["figure"], r["rank"], strict=True))


def _single(w: pd.DataFrame, who: str = "person_id") -> list[tuple]:
    return sorted((int(p), round(float(f), 2), int(k)) for p, f, k in zip(w[who], w["figure"], w["rank"], strict=True))


@pytest.mark.parametrize("seed", range(6))
def test_sales_and_the_million_star_months_agree(rules, seed):
    data, _ = _world(seed)
    for period in [*MONTHS, *QUARTERS, "2026"]:
        single = period_sales(data.orders, period).sort_index()
        engine = metric_figures("sales", period, data, rules).sort_index()
        pd.testing.assert_series_equal(engine, single, check_names=False, check_index_type=False)
    months = million_star_months(data.orders, rules, 2026)
    engine = metric_figures("million_star_months", "2026", data, rules)
    assert engine.astype("int64").sort_index().to_dict() == months.sort_index().to_dict()


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("code", ["million_star", "monthly_crown", "monthly_crown_branch"])
def test_the_monthly_honors_agree(rules, seed, code):
    data, _ = _world(seed)
    honor = _honor(rules, code)
    roll = honor_rolls(honor, MONTHS, data, rules)
    branch = data.people.set_index("id")["branch_id"]
    for month in MONTHS:
        groups = branch if honor["scope"] == "branch" else None
        w = honor_winners(period_sales(data.orders, month), honor["comparison"], float(honor["threshold"]), groups)
        assert _winners(roll, month) == _single(w), (code, month)


@pytest.mark.parametrize("seed", range(6))
def test_the_new_key_customer_and_legion_awards_agree(rules, seed):
    data, _ = _world(seed)
    award = honor_rolls(_honor(rules, "new_key_customer"), QUARTERS, data, rules)
    legion = honor_rolls(_honor(rules, "legion_award"), QUARTERS, data, rules)
    teams = data.people.set_index("id")["team_id"]
    for quarter in QUARTERS:
        assert _winners(award, quarter) == _single(new_key_customer_award(data.orders, rules, quarter)), quarter
        single = legion_award(new_key_customers(data.orders, rules, quarter), teams)
        assert _winners(legion, quarter, "team_id") == _single(single, "team_id"), quarter


@pytest.mark.parametrize("seed", range(6))
def test_the_camp_board_agrees_with_its_last_place(rules, seed):
    data, points = _world(seed)
    roll = honor_rolls(_honor(rules, "general_camp_points"), WEEKS, data, rules)
    for week in WEEKS:
        board = camp_points_board(points, week)
        got = roll.loc[roll["period"] == week]
        assert sorted(zip(got["person_id"], got["rank"], got["last_place"], strict=True)) == sorted(
            zip(board["person_id"], board["rank"], board["last"], strict=True)
        ), week
