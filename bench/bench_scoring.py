"""Scoring benchmark: the customer rules (R1, R2, R4, R13, owner checks with R9 stars, and
R5 structure) on 10,000 customers and 100,000 orders, beside a plain pandas group-by of the
same orders (the floor any per-customer figure costs).

Run by hand: ``python bench/bench_scoring.py [--customers N] [--orders N] [--runs 5]``.
Prints a Markdown table (median of the runs, after one warm-up run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pandas as pd

from bench.timing import median_seconds
from kam import db as kamdb
from kam.rules.scoring import score_customers
from kam.rules.structure import structure
from kam.store.rules import load_rules
from kam.views.pyramid import figures as pyr

AS_OF = dt.date(2026, 6, 30)
STAGES = ("won", "lost", "locked", "following", "stuck")


def inputs(n_customers: int, n_orders: int, n_people: int = 300, seed: int = 42) -> dict[str, pd.DataFrame]:
    """Frames shaped as the store reads them (dates as ISO text, money in whole yuan)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2023-07-01", AS_OF, freq="D").strftime("%Y-%m-%d").to_numpy()
    people = pd.DataFrame(
        {
            "id": np.arange(1, n_people + 1),
            "name": [f"员工{i}" for i in range(1, n_people + 1)],
            "rank": rng.choice(["partner", "director", "general_manager", "hr"], n_people, p=[0.7, 0.2, 0.05, 0.05]),
            "branch_id": rng.integers(1, 4, n_people),
            "team_id": rng.integers(1, 10, n_people),
            "join_date": days[rng.integers(0, len(days), n_people)],
            "left_date": None,
        }
    )
    owner = rng.integers(1, n_people + 1, n_customers).astype("float64")
    owner[rng.random(n_customers) < 0.15] = np.nan  # some customers in the public pool
    customers = pd.DataFrame(
        {
            "id": np.arange(1, n_customers + 1),
            "name": [f"客户{i}" for i in range(1, n_customers + 1)],
            "branch_id": rng.integers(1, 4, n_customers),
            "owner_id": owner,
            "customer_revenue": rng.lognormal(19, 1.5, n_customers).round(),
            "winnability": rng.integers(0, 6, n_customers),
            "demonstration": rng.integers(0, 6, n_customers),
            "expected_cooperation_36m": rng.integers(0, 20_000_000, n_customers),
        }
    )
    stage = rng.choice(STAGES, n_orders, p=[0.5, 0.2, 0.1, 0.1, 0.1])
    close = np.where(np.isin(stage, ["won", "lost"]), days[rng.integers(0, len(days), n_orders)], None)
    orders = pd.DataFrame(
        {
            "id": np.arange(1, n_orders + 1),
            "customer_id": rng.integers(1, n_customers + 1, n_orders),
            "owner_id": rng.integers(1, n_people + 1, n_orders),
            "stage": stage,
            "amount": rng.lognormal(12.5, 1.2, n_orders).round(),
            "close_date": close,
        }
    )
    meetings = pd.DataFrame(
        {
            "id": np.arange(1, 30_001),
            "person_id": rng.integers(1, n_people + 1, 30_000),
            "meeting_date": days[rng.integers(len(days) - 200, len(days), 30_000)],
            "activity_type": rng.choice(["face_to_face", "phone"], 30_000),
        }
    )
    results = pd.DataFrame(
        {
            "id": np.arange(1, n_people + 1),
            "person_id": np.arange(1, n_people + 1),
            "clearance_code": "entry",
            "result_date": "2024-01-01",
            "passed": 1,
        }
    )
    return {
        "customers": customers,
        "orders": orders,
        "people": people,
        "meetings": meetings,
        "clearance_results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    data = inputs(args.customers, args.orders)
    rules = load_rules(kamdb.connect(":memory:"))
    c, o, p, m, r = (data[k] for k in ("customers", "orders", "people", "meetings", "clearance_results"))

    def scoring() -> pd.DataFrame:
        return score_customers(c, o, p, m, r, rules, AS_OF)

    def scoring_and_structure() -> object:
        return structure(scoring(), rules)

    def page_figures() -> object:
        scored = scoring()
        shape = pyr.shape_of(scored, rules)
        labels = pyr.Labels.from_rules(rules, "zh")
        return pyr.tier_frame(shape, labels), pyr.value_map_frame(scored, rules, labels), pyr.summary(scored, shape)

    def plain_groupby() -> pd.Series:
        won = o[o["stage"] == "won"]
        return won.groupby("customer_id")["amount"].sum()

    rows = [
        ("plain pandas group-by: won amount per customer", median_seconds(plain_groupby, args.runs)),
        ("score_customers (R1, R2, R4, R13, owner checks, R9 stars)", median_seconds(scoring, args.runs)),
        ("score_customers + R5 structure", median_seconds(scoring_and_structure, args.runs)),
        ("everything the pyramid page computes (+ chart frames)", median_seconds(page_figures, args.runs)),
    ]
    floor = rows[0][1]
    print(
        f"{args.customers:,} customers, {args.orders:,} orders "
        f"({int((o['stage'] == 'won').sum()):,} won), {len(p):,} people, {len(m):,} meetings; "
        f"median of {args.runs} runs after a warm-up; Python {platform.python_version()}, "
        f"pandas {pd.__version__}, {platform.machine()}"
    )
    print()
    print("| step | median | x group-by |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:,.1f} ms | {seconds / floor:,.1f} |")


if __name__ == "__main__":
    main()
