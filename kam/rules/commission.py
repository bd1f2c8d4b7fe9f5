"""R14 tiered commission: progressive on a person's annual sales by the bands of
``r14_commission_bands`` (domain.md, R14).

A band's rate applies to the part of the sales from its ``from_amount`` up to the next
band's ``from_amount`` (3% on the first 1,000,000, 5% up to 3,000,000, 8% above by
default: 3,500,000 earns 30,000 + 100,000 + 40,000 = 170,000).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from kam.rules.honors import monthly_sales
from kam.rules.params import Rules, rounded, table

COMMISSION_COLUMNS = ["person_id", "sales", "commission"]


def commission(annual_sales: Any, rules: Rules, whole_yuan: bool = True) -> Any:
    """R14 commission on annual sales.

    :param annual_sales: a number or a Series (yuan); NaN stays NaN, negatives earn 0.
    :param whole_yuan: round to whole yuan, half up (money computed by a formula,
      domain.md "Rounding"); ``False`` keeps the exact figure.
    :returns: the same shape as ``annual_sales`` (a float, or a Series on its index).
    """
    bands = table(rules, "r14_commission_bands").sort_values("from_amount")
    lows = bands["from_amount"].to_numpy(dtype="float64")
    rates = bands["rate"].to_numpy(dtype="float64")
    highs = np.append(lows[1:], np.inf)
    is_series = isinstance(annual_sales, pd.Series)
    sales = np.asarray(
        pd.to_numeric(annual_sales, errors="coerce") if is_series else annual_sales,
        dtype="float64",
    )
    flat = np.atleast_1d(sales)
    # The part of the sales inside each band, times the band's rate.
    part = np.clip(flat[:, None], lows[None, :], highs[None, :]) - lows[None, :]
    part = np.clip(part, 0.0, None)
    earned = (part * rates[None, :]).sum(axis=1)
    earned = np.where(np.isnan(flat), np.nan, rounded(earned))
    if whole_yuan:
        earned = np.floor(earned + 0.5)
    if is_series:
        return pd.Series(earned, index=annual_sales.index, name="commission")
    return float(earned[0])


def commission_by_person(orders: pd.DataFrame, rules: Rules, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """R14 for every person with won sales in ``year`` (up to ``as_of`` if given).

    :returns: columns ``person_id, sales, commission`` (whole yuan).
    """
    m = monthly_sales(orders, year, as_of)
    sales = m.groupby("person_id")["sales"].sum().astype("int64")
    out = pd.DataFrame({"person_id": sales.index.astype("Int64"), "sales": sales.to_numpy()})
    out["commission"] = commission(out["sales"], rules).astype("int64")
    return out[COMMISSION_COLUMNS]
