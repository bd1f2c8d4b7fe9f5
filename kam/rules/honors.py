"""R10 honor rolls: monthly sales per person and the Million Star (domain.md, R10)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from kam.rules.cooperation import won_orders
from kam.rules.params import RuleInputError, Rules, rounded, table

MILLION_STAR = "million_star"  # r10_honors code
MONTHLY_COLUMNS = ["person_id", "month", "sales"]


def monthly_sales(orders: pd.DataFrame, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """A person's sales per month of ``year``: won orders they own, by close date.

    :param as_of: ignore orders won after this date (``None``: the whole year).
    :returns: columns ``person_id, month`` (``YYYY-MM``), ``sales`` (yuan), one row per
      person and month with at least one won order; unowned orders are left out.
    """
    won = won_orders(orders)
    d = won["won_date"]
    keep = (d.dt.year == year).fillna(False).astype(bool)
    if as_of is not None:
        keep &= (d <= pd.Timestamp(as_of)).fillna(False).astype(bool)
    person = pd.to_numeric(won["owner_id"], errors="coerce").astype("Int64")
    keep &= person.notna()
    f = pd.DataFrame(
        {
            "person_id": person[keep],
            "month": d[keep].dt.strftime("%Y-%m").astype("string"),
            "sales": won["amount"][keep],
        }
    )
    out = f.groupby(["person_id", "month"], as_index=False)["sales"].sum()
    out["sales"] = out["sales"].astype("int64")
    return out[MONTHLY_COLUMNS]


def _honor(rules: Rules, code: str) -> tuple[str, float]:
    h = table(rules, "r10_honors")
    row = h[h["code"] == code]
    if row.empty or pd.isna(row["threshold"].iloc[0]):
        raise RuleInputError("r10_honors", code, "threshold", "honor or threshold missing")
    comparison = str(row["comparison"].iloc[0])
    if comparison not in (">=", ">"):
        raise RuleInputError("r10_honors", code, "comparison", "expected >= or >")
    return comparison, float(row["threshold"].iloc[0])


def million_stars(orders: pd.DataFrame, rules: Rules, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """R10 Million Star: months where a person's sales reach the ``million_star``
    threshold of ``r10_honors`` (comparison ``>=`` by default, as the table says).

    :returns: columns ``person_id, month, sales``, sorted by month, then sales
      (highest first), then person.
    """
    comparison, threshold = _honor(rules, MILLION_STAR)
    m = monthly_sales(orders, year, as_of)
    s = rounded(m["sales"])
    hit = s >= threshold if comparison == ">=" else s > threshold
    out = m[hit].sort_values(["month", "sales", "person_id"], ascending=[True, False, True])
    return out.reset_index(drop=True)
