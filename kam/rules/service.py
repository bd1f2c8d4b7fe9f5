"""R13 strategic cooperation service levels: the highest level that applies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules.cooperation import cooperation, customer_index, won_orders
from kam.rules.params import Rules, parsed, rounded, table


@dataclass(frozen=True)
class ServiceRules:
    """r13_service_levels from the lowest level_order to the highest."""

    levels: tuple[tuple[str, int, float], ...]  # (code, window_months, min_cooperation)

    @classmethod
    def from_tables(cls, rules: Rules) -> ServiceRules:
        t = table(rules, "r13_service_levels").sort_values("level_order")
        return cls(tuple((r.code, int(r.window_months), float(r.min_cooperation)) for r in t.itertuples(index=False)))


def service_levels(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R13: each level compares the cooperation over its own window with its minimum.

    :returns: by customer_id: ``service_level`` (the code of the highest level that
      applies, None when none does).
    """
    sr = parsed(rules, ServiceRules.from_tables)
    index = customer_index(customers)
    won = won_orders(orders)
    level = np.full(len(index), None, dtype=object)
    by_window: dict[int, np.ndarray] = {}
    for code, months, minimum in sr.levels:
        if months not in by_window:
            by_window[months] = rounded(cooperation(won, index, as_of, months)).to_numpy()
        level[by_window[months] >= minimum] = code
    return pd.DataFrame({"service_level": pd.Series(level, index=index, dtype=object)}, index=index)
