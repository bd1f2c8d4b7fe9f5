"""R5 customer structure: shares by tier and class, Pareto curve, top shares, health."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from kam.rules.params import (
    Rules,
    highest_level,
    int_param,
    numbers,
    param,
    rounded,
    table,
)
from kam.rules.value import UNRATED

NO_DATA = "no_data"  # health when there is no cooperation at all (a zero denominator)
SHARE_COLUMNS = ("customers", "cooperation", "share")
PARETO_COLUMNS = (
    "rank",
    "customer_id",
    "cooperation",
    "cumulative_share",
    "customer_share",
)


def _share(part: float, total: float) -> float:
    """part / total; NaN ("no data") when the total is 0."""
    return part / total if total else float("nan")


def _shares(groups: pd.Series, amounts: pd.Series, codes: list[str], name: str) -> pd.DataFrame:
    total = float(amounts.sum())
    frame = pd.DataFrame({"group": groups.to_numpy(), "amount": amounts.to_numpy()})
    agg = frame.groupby("group")["amount"].agg(["size", "sum"])
    extra = [c for c in agg.index if c not in codes]
    agg = agg.reindex([*codes, *extra])
    cooperation = agg["sum"].fillna(0.0).astype("float64")
    out = pd.DataFrame(
        {
            "customers": agg["size"].fillna(0).astype("int64").to_numpy(),
            "cooperation": cooperation.to_numpy(),
            "share": cooperation.to_numpy() / total if total else np.nan,
        },
        index=pd.Index(agg.index, name=name),
    )
    out["share"] = out["share"].astype("float64")
    return out


def structure(scored: pd.DataFrame, rules: Rules) -> dict[str, Any]:
    """R5 structure of a scored customer frame.

    :param scored: by customer_id, with ``cooperation`` (or ``structure_cooperation``,
      preferred: cooperation over rule_params r5_window_months, as
      :func:`kam.rules.scoring.score_customers` gives it), ``tier``, ``value_class`` and
      ``key_account``.
    :returns: a dict:
      ``total_cooperation`` (yuan);
      ``by_tier`` / ``by_value_class``: DataFrames indexed by tier / value_class code
      (highest first; ``unrated`` last) with customers, cooperation, share;
      ``pareto``: rank, customer_id, cooperation, cumulative_share, customer_share for
      the customers with cooperation above zero, largest first;
      ``top_share_count`` / ``top_share``: the top r5_top_share of those customers
      (count rounded up) and their share;
      ``top_n``: the r5_top_n first rows of all customers (ties by customer id) as a
      frame like ``pareto``; ``top_n_share``: their share;
      ``key_account_share``: share of customers whose tier is a key account;
      ``health``: r5_health_bands code, or ``no_data`` when total cooperation is 0.
      Every share is NaN ("no data") when total cooperation is 0.
    """
    column = "structure_cooperation" if "structure_cooperation" in scored else "cooperation"
    index = scored.index
    amounts = numbers(scored[column]).fillna(0.0) if column in scored else pd.Series(0.0, index=index)
    amounts = pd.Series(amounts.to_numpy(), index=index)
    total = float(amounts.sum())

    tiers = table(rules, "r2_tiers").sort_values("tier_order", ascending=False)
    classes = table(rules, "r1_value_classes").sort_values("class_order", ascending=False)
    tier_col = scored["tier"] if "tier" in scored else pd.Series(None, index=index, dtype=object)
    class_col = scored["value_class"] if "value_class" in scored else pd.Series(UNRATED, index=index)
    by_tier = _shares(tier_col, amounts, list(tiers["code"]), "tier")
    by_class = _shares(class_col, amounts, [*classes["code"], UNRATED], "value_class")

    ordered = pd.DataFrame(
        {
            "customer_id": np.asarray(index, dtype="int64"),
            "cooperation": amounts.to_numpy(),
        }
    ).sort_values(["cooperation", "customer_id"], ascending=[False, True], kind="stable")
    ordered = ordered.reset_index(drop=True)
    ordered.insert(0, "rank", np.arange(1, len(ordered) + 1, dtype="int64"))
    ordered["cumulative_share"] = (
        ordered["cooperation"].cumsum() / total if total else pd.Series(np.nan, index=ordered.index)
    ).astype("float64")

    # Choice: the Pareto curve runs over customers with cooperation above zero, the same
    # population as the top-20% share.
    pareto = ordered.loc[ordered["cooperation"] > 0].copy()
    n_positive = len(pareto)
    pareto["customer_share"] = (pareto["rank"] / n_positive).astype("float64")
    top_count = math.ceil(float(rounded(param(rules, "r5_top_share") * n_positive)))
    top_n = ordered.head(int_param(rules, "r5_top_n")).copy()
    top_n["customer_share"] = (top_n["rank"] / len(ordered)).astype("float64")

    key = scored["key_account"].eq(True) if "key_account" in scored else amounts.eq(np.nan)
    ka_share = _share(float(amounts.loc[key.to_numpy()].sum()), total)
    bands = table(rules, "r5_health_bands").sort_values("min_share")
    if total:
        health = highest_level(
            pd.Series([ka_share]),
            tuple(bands["code"]),
            tuple(bands["min_share"]),
            bands["code"].iloc[0],
        ).iloc[0]
    else:
        health = NO_DATA
    return {
        "total_cooperation": total,
        "by_tier": by_tier,
        "by_value_class": by_class,
        "pareto": pareto.reset_index(drop=True)[list(PARETO_COLUMNS)],
        "top_share_count": top_count,
        "top_share": _share(float(pareto["cooperation"].head(top_count).sum()), total),
        "top_n": top_n.reset_index(drop=True)[list(PARETO_COLUMNS)],
        "top_n_share": _share(float(top_n["cooperation"].sum()), total),
        "key_account_share": ka_share,
        "health": health,
    }
