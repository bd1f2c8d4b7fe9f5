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


BAND_COLUMNS = ["band", "from_amount", "to_amount", "rate", "sales_in_band", "commission_in_band"]


def _parts(flat: np.ndarray, rules: Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bands' lower bounds and rates (by ``from_amount``) and, per sales figure, the part
    of it inside each band (0 for a negative figure, NaN kept)."""
    bands = table(rules, "r14_commission_bands").sort_values("from_amount")
    lows = bands["from_amount"].to_numpy(dtype="float64")
    rates = bands["rate"].to_numpy(dtype="float64")
    highs = np.append(lows[1:], np.inf)
    part = np.clip(flat[:, None], lows[None, :], highs[None, :]) - lows[None, :]
    return lows, rates, np.clip(part, 0.0, None)


def commission_bands(annual_sales: pd.Series, rules: Rules) -> pd.DataFrame:
    """R14 ladder per person and band: the part of the sales inside each band of
    ``r14_commission_bands`` and what it earns (what payroll checks line by line).

    :param annual_sales: yuan by person (any index; NaN counts as 0 here).
    :returns: one row per (index value, band), in band order, columns :data:`BAND_COLUMNS`
      (``band`` 1, 2, ...; ``to_amount`` NaN for the top band); ``commission_in_band`` is
      exact (not rounded): its sum per person, rounded half up to whole yuan, is
      :func:`commission`.
    """
    flat = pd.to_numeric(annual_sales, errors="coerce").fillna(0.0).to_numpy(dtype="float64")
    lows, rates, part = _parts(flat, rules)
    n, k = part.shape
    highs = np.append(lows[1:], np.nan)
    out = pd.DataFrame(
        {
            "band": np.tile(np.arange(1, k + 1), n),
            "from_amount": np.tile(lows, n),
            "to_amount": np.tile(highs, n),
            "rate": np.tile(rates, n),
            "sales_in_band": part.reshape(-1),
            "commission_in_band": rounded(part * rates[None, :]).reshape(-1),
        },
        index=np.repeat(annual_sales.index.to_numpy(), k),
    )
    out.index.name = annual_sales.index.name
    return out[BAND_COLUMNS]


def commission(annual_sales: Any, rules: Rules, whole_yuan: bool = True) -> Any:
    """R14 commission on annual sales.

    :param annual_sales: a number or a Series (yuan); NaN stays NaN, negatives earn 0.
    :param whole_yuan: round to whole yuan, half up (money computed by a formula,
      domain.md "Rounding"); ``False`` keeps the exact figure.
    :returns: the same shape as ``annual_sales`` (a float, or a Series on its index).
    """
    is_series = isinstance(annual_sales, pd.Series)
    sales = np.asarray(
        pd.to_numeric(annual_sales, errors="coerce") if is_series else annual_sales,
        dtype="float64",
    )
    flat = np.atleast_1d(sales)
    _, rates, part = _parts(flat, rules)
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
