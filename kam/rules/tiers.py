"""R2 rating tiers: strength level, cooperation level, tier = the lower of the two."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules.cooperation import cooperation, customer_index, won_orders
from kam.rules.params import (
    Rules,
    highest_level,
    int_param,
    numbers,
    parsed,
    table,
    with_columns,
)

RATING_FIELDS = ("winnability", "demonstration")
TIER_COLUMNS = (
    "cooperation",
    "strength_level",
    "cooperation_level",
    "tier",
    "upgrade_target",
    "upgrade_gap",
    "key_account",
    "incomplete",
)


@dataclass(frozen=True)
class TierRules:
    """r2_tiers from the lowest tier to the highest, plus the cooperation window."""

    window_months: int
    codes: tuple[str, ...]
    min_customer_revenue: tuple[float, ...]
    min_cooperation: tuple[float, ...]
    principal_rank: tuple[str | None, ...]
    key_account: tuple[bool, ...]

    @classmethod
    def from_tables(cls, rules: Rules) -> TierRules:
        t = table(rules, "r2_tiers").sort_values("tier_order")
        return cls(
            window_months=int_param(rules, "r2_window_months"),
            codes=tuple(t["code"]),
            min_customer_revenue=tuple(float(v) for v in t["min_customer_revenue"]),
            min_cooperation=tuple(float(v) for v in t["min_cooperation"]),
            principal_rank=tuple(None if pd.isna(v) else v for v in t["principal_rank"]),
            key_account=tuple(bool(v) for v in t["key_account"]),
        )

    def position(self, codes: pd.Series) -> pd.Series:
        """Position of each tier code from 0 (lowest); NaN for an unknown code."""
        return codes.map({c: i for i, c in enumerate(self.codes)}).astype("float64")


def assign_tiers(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R2: tier of every customer.

    :returns: by customer_id: ``cooperation`` (won amount over the r2 window, yuan),
      ``strength_level`` (from customer revenue; missing counts as 0),
      ``cooperation_level``, ``tier`` (the lower of the two), ``upgrade_target``
      (strength above cooperation), ``upgrade_gap`` (cooperation still needed to reach
      the tier one
      step above the cooperation level; NaN when not a target), ``key_account``
      (tier flagged key_account in r2_tiers), ``incomplete`` (customer revenue or a
      rating missing).
    """
    tr = parsed(rules, TierRules.from_tables)
    coop = cooperation(won_orders(orders), customer_index(customers), as_of, tr.window_months)
    return tiers_of_cooperation(customers, coop, rules)


def tiers_of_cooperation(customers: pd.DataFrame, coop: pd.Series, rules: Rules) -> pd.DataFrame:
    """R2 as :func:`assign_tiers`, from each customer's cooperation over the r2 window
    already summed (``coop``: yuan by customer id, missing = 0), e.g. by SQL in the store.

    :returns: the frame of :func:`assign_tiers`.
    """
    tr = parsed(rules, TierRules.from_tables)
    index = customer_index(customers)
    coop = coop.reindex(index, fill_value=0.0).fillna(0.0).astype("float64").rename("cooperation")
    customers = with_columns(customers, ("customer_revenue", *RATING_FIELDS))
    revenue = pd.Series(numbers(customers["customer_revenue"]).to_numpy(), index=index)
    missing = revenue.isna().to_numpy().copy()
    for field in RATING_FIELDS:
        missing |= numbers(customers[field]).isna().to_numpy()
    strength = highest_level(revenue.fillna(0.0), tr.codes, tr.min_customer_revenue, tr.codes[0])
    coop_level = highest_level(coop, tr.codes, tr.min_cooperation, tr.codes[0])
    s_pos = tr.position(strength).to_numpy()
    c_pos = tr.position(coop_level).to_numpy()
    codes = np.array(tr.codes, dtype=object)
    tier_pos = np.minimum(s_pos, c_pos).astype("int64")
    target = s_pos > c_pos
    # One step up from the cooperation level; a target is never at the top level.
    next_pos = np.minimum(c_pos + 1, len(tr.codes) - 1).astype("int64")
    next_min = np.asarray(tr.min_cooperation, dtype="float64")[next_pos]
    # Choice: the gap is NaN (not 0) when the customer is not an upgrade target.
    gap = np.where(target, np.maximum(next_min - coop.to_numpy(), 0.0), np.nan)
    return pd.DataFrame(
        {
            "cooperation": coop,
            "strength_level": strength,
            "cooperation_level": coop_level,
            "tier": pd.Series(codes[tier_pos], index=index, dtype=object),
            "upgrade_target": pd.Series(target, index=index, dtype=bool),
            "upgrade_gap": pd.Series(gap, index=index, dtype="float64"),
            "key_account": pd.Series(
                np.asarray(tr.key_account, dtype=bool)[tier_pos],
                index=index,
                dtype=bool,
            ),
            "incomplete": pd.Series(missing, index=index, dtype=bool),
        },
        index=index,
    )
