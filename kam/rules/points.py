"""R4 comprehensive points: sales, potential, winnability, demonstration; priority."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules.cooperation import cooperation, customer_index, won_orders
from kam.rules.params import (
    RuleInputError,
    Rules,
    highest_level,
    numbers,
    parsed,
    rounded,
    table,
    with_columns,
)

# The scale of a dimension (domain.md R4: "each 0-100"), not a threshold.
FULL_POINTS = 100.0
# Where each dimension code reads its figure: cooperation over its window, or a field.
SALES = "sales"
FIELDS = {
    "potential": "expected_cooperation_36m",
    "winnability": "winnability",
    "demonstration": "demonstration",
}
POINTS_COLUMNS = (
    "sales_points",
    "potential_points",
    "winnability_points",
    "demonstration_points",
    "score",
    "priority",
    "incomplete",
)


@dataclass(frozen=True)
class Dimension:
    code: str
    weight: float
    cap_amount: float | None
    window_months: int | None
    rating_factor: float | None


@dataclass(frozen=True)
class PointsRules:
    dimensions: tuple[Dimension, ...]
    priority_codes: tuple[str, ...]  # lowest min_score first
    priority_minimums: tuple[float, ...]

    @classmethod
    def from_tables(cls, rules: Rules) -> PointsRules:
        dims = table(rules, "r4_dimensions").sort_values("dim_order")
        prio = table(rules, "r4_priorities").sort_values("min_score")
        return cls(
            dimensions=tuple(
                Dimension(
                    code=r.code,
                    weight=float(r.weight),
                    cap_amount=None if pd.isna(r.cap_amount) else float(r.cap_amount),
                    window_months=None if pd.isna(r.window_months) else int(r.window_months),
                    rating_factor=None if pd.isna(r.rating_factor) else float(r.rating_factor),
                )
                for r in dims.itertuples(index=False)
            ),
            priority_codes=tuple(prio["code"]),
            priority_minimums=tuple(float(v) for v in prio["min_score"]),
        )


def _dimension_points(
    dim: Dimension,
    customers: pd.DataFrame,
    won: pd.DataFrame,
    index: pd.Index,
    as_of: dt.date,
) -> tuple[pd.Series, np.ndarray]:
    """Points 0-100 of one dimension and the mask of rows whose input is missing."""
    if dim.code == SALES:
        if dim.window_months is None:
            raise RuleInputError("r4_dimensions", dim.code, "window_months", "window needed")
        figure = cooperation(won, index, as_of, dim.window_months)
    elif dim.code in FIELDS:
        figure = pd.Series(numbers(customers[FIELDS[dim.code]]).to_numpy(), index=index)
    else:
        raise RuleInputError("r4_dimensions", dim.code, "code", "unknown dimension")
    missing = figure.isna().to_numpy()
    figure = figure.fillna(0.0)  # a missing rating or estimate counts as 0 (and is flagged)
    if dim.rating_factor is not None:
        points = figure * dim.rating_factor
    elif dim.cap_amount:
        points = FULL_POINTS * figure / dim.cap_amount
    else:
        raise RuleInputError("r4_dimensions", dim.code, "cap_amount", "cap or rating factor needed")
    return points.clip(lower=0.0, upper=FULL_POINTS), missing


def comprehensive_points(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R4: the four dimension points, the weighted score and the priority.

    :returns: by customer_id: ``<dimension>_points`` (0-100) per r4_dimensions row,
      ``score`` (weighted sum, rounded to 9 decimals), ``priority`` (r4_priorities code)
      and ``incomplete`` (expected cooperation or a rating missing).
    :raises RuleInputError: a dimension lacks its window or its cap/factor.
    """
    pr = parsed(rules, PointsRules.from_tables)
    index = customer_index(customers)
    customers = with_columns(customers, tuple(FIELDS.values()))
    won = won_orders(orders)
    out = pd.DataFrame(index=index)
    score = pd.Series(0.0, index=index)
    incomplete = np.zeros(len(index), dtype=bool)
    for dim in pr.dimensions:
        points, missing = _dimension_points(dim, customers, won, index, as_of)
        out[f"{dim.code}_points"] = points.astype("float64")
        score = score + dim.weight * points
        incomplete |= missing
    out["score"] = rounded(score)
    # Choice: a score below every min_score gets the lowest priority ("else D").
    out["priority"] = highest_level(out["score"], pr.priority_codes, pr.priority_minimums, pr.priority_codes[0])
    out["incomplete"] = pd.Series(incomplete, index=index, dtype=bool)
    return out
