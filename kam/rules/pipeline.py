"""R7 order grades and the weighted pipeline (domain.md, R7): what an order is worth."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kam.rules.params import Rules, ids, lookup, rounded, table


def order_grades(orders: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """R7 grades from ``r7_grades``: the grade with the highest ``min_amount`` the
    order's amount reaches (A >= 3,000,000 ... by default).

    :returns: one row per order, columns ``order_id, amount, grade, delivery_team``
      (``grade`` NA when the amount is missing or below every grade).
    """
    g = table(rules, "r7_grades").sort_values("min_amount", kind="stable")
    amount = pd.to_numeric(orders["amount"], errors="coerce")
    pos = (
        np.searchsorted(
            g["min_amount"].to_numpy(dtype="float64"),
            rounded(amount).to_numpy(),
            side="right",
        )
        - 1
    )
    # pos -1: below every grade (or NaN amount, which sorts last: masked below).
    ok = pd.Series((pos >= 0) & amount.notna().to_numpy(), index=orders.index)
    codes = pd.Series(g["code"].astype("string").to_numpy())
    team = pd.Series(g["delivery_team"].fillna(0).astype(bool).to_numpy())
    at = pd.Series(np.where(ok, pos, -1), index=orders.index)
    grade = lookup(at, codes).astype("string").where(ok)
    delivery = lookup(at, team).where(ok, False).astype(bool)
    return pd.DataFrame(
        {
            "order_id": ids(orders["id"]),
            "amount": amount,
            "grade": grade,
            "delivery_team": delivery,
        }
    ).reset_index(drop=True)


def weighted_pipeline(orders: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """R7 weighted pipeline: amount x the stage's ``r7_stages.probability``.

    :returns: one row per order, columns ``order_id, owner_id, stage, amount,
      probability, weighted_amount`` (unrounded yuan; NaN for a stage not in the table).
    """
    st = table(rules, "r7_stages")
    prob = pd.Series(st["probability"].to_numpy(dtype="float64"), index=st["code"].astype("string"))
    stage = orders["stage"].astype("string")
    p = pd.to_numeric(lookup(stage, prob), errors="coerce").astype("float64")
    amount = pd.to_numeric(orders["amount"], errors="coerce")
    return pd.DataFrame(
        {
            "order_id": ids(orders["id"]),
            "owner_id": ids(orders["owner_id"]),
            "stage": stage,
            "amount": amount,
            "probability": p,
            "weighted_amount": amount * p,
        }
    ).reset_index(drop=True)
