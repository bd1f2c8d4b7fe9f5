"""R6 ten-year key-account plan, its drivers and the growth formula (domain.md, R6).

Money computed by a formula is rounded to whole yuan, half up, after removing
floating-point noise (:func:`whole_yuan`). Driver names are the codes of the
``r6_drivers`` rules table: ``count``, ``unit_price``, ``frequency``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from kam.rules.cooperation import won_orders
from kam.rules.params import Rules, rounded
from kam.rules.tiers import assign_tiers

DRIVERS: tuple[str, ...] = ("count", "unit_price", "frequency")
ACTUAL_COLUMNS = ["cooperation", "ka_revenue", "ka_count", "ka_share", "ka_orders", "unit_price", "frequency"]


class DriverError(ValueError):
    """A plan or driver input that cannot be used (missing, zero or negative).

    :param field: the input at fault (``revenue``, ``count``, ``unit_price``,
      ``frequency``, ``base``, ``goal``, ``years``, ``headcount`` ...).
    :param reason: ``missing``, ``zero``, ``negative`` or ``too_many``, for translation.
    """

    def __init__(self, field: str, reason: str, message: str) -> None:
        self.field, self.reason, self.message = field, reason, message
        super().__init__(message)


def whole_yuan(x: Any) -> Any:
    """Money rounded to whole yuan, half up (NaN stays NaN); Series stay Series."""
    return np.floor(rounded(x) + 0.5)


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _by_year(values: pd.Series | None) -> pd.Series:
    """``values`` as float64 indexed by whole years (an empty Series for None)."""
    if values is None:
        return pd.Series(dtype="float64", index=pd.Index([], dtype="int64"))
    out = pd.to_numeric(pd.Series(values), errors="coerce").astype("float64")
    out.index = out.index.astype("int64")
    return out


def _compound(base_revenue: float, base_year: int, rates: pd.Series, anchors: pd.Series | None) -> pd.Series:
    """The unrounded KA revenue chain of :func:`compound_targets` (NaN: no data)."""
    if _missing(base_revenue):
        raise DriverError("base", "missing", "Enter the base year's KA revenue.")
    if base_revenue < 0:
        raise DriverError("base", "negative", "The base year's KA revenue cannot be negative.")
    r, a = _by_year(rates), _by_year(anchors)
    last = max([base_year, *(int(s.index.max()) for s in (r, a) if len(s))])
    years = pd.RangeIndex(base_year, last + 1, name="year")
    r, a = r.reindex(years), a.reindex(years)
    a.iloc[0] = float(base_revenue)
    anchored = a.notna()
    # Each anchor (the base year first) starts a segment of the chain; within a segment
    # the revenue is the anchor multiplied by (1 + rate) year by year, unrounded.
    steps = (1.0 + r).where(~anchored, a)
    out = steps.groupby(anchored.cumsum()).cumprod()
    broken = (r.isna() & ~anchored).cummax()
    return out.mask(broken).astype("float64")


def compound_targets(
    base_revenue: int, base_year: int, rates: pd.Series, anchors: pd.Series | None = None
) -> pd.Series:
    """R6 KA revenue targets: year y = year y-1 x (1 + rate of year y).

    :param base_revenue: KA revenue of ``base_year`` (yuan).
    :param rates: growth rate (fraction) per year, indexed by year; years after the base
      year up to the last year in ``rates`` (or ``anchors``) are planned.
    :param anchors: targets typed for later years, indexed by year: such a year's target
      is the anchor (it needs no rate) and the years after it compound from it.
    :returns: targets indexed by year from ``base_year`` (whole yuan, ``Int64``); a year
      without a rate (and without an anchor), and every year after it, is ``<NA>`` (no
      data).
    :raises DriverError: when the base revenue is missing or negative.
    """
    # Choice: compound unrounded and round each year at the end, so that one constant
    # rate gives exactly base x (1 + rate)^(y - base year) rounded, as domain.md states.
    out = _compound(base_revenue, base_year, rates, anchors)
    return whole_yuan(out).astype("Int64").rename("ka_revenue_target")


def implied_rates(base_revenue: float, base_year: int, rates: pd.Series, anchors: pd.Series) -> pd.Series:
    """R6: the growth rate a typed target implies, anchor / the year before's - 1.

    The year before's revenue is the unrounded chain of :func:`compound_targets`, so the
    rate compounds back to exactly the anchor when the chain is compounded again.

    :returns: float64 indexed by the anchors' years after ``base_year``; NaN where the
      chain has ended before the anchor or the year before's revenue is 0.
    :raises DriverError: when the base revenue is missing or negative.
    """
    chain = _compound(base_revenue, base_year, rates, anchors)
    a = _by_year(anchors)
    a = a[(a.index > base_year) & a.notna().to_numpy()]
    before = chain.reindex(a.index - 1)
    before.index = a.index
    implied = (a / before - 1.0).where(before > 0)
    return implied.where(chain.reindex(a.index).notna()).rename("growth_rate")


def ka_actuals(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R6 actual key-account figures of every complete calendar year with won orders.

    A customer is a key account of year y when its tier as of 31 December of y is a key
    account tier (R2, :func:`kam.rules.tiers.assign_tiers`). KA revenue = the key
    accounts' won amounts closed in y; KA share = KA revenue / all won amounts in y; unit
    price = KA revenue / KA won orders; frequency = KA won orders / KA count.

    :returns: indexed by year: ``cooperation, ka_revenue, ka_count, ka_share, ka_orders,
      unit_price, frequency`` (NaN where a ratio has a zero denominator).
    """
    # Choice: KA revenue is the calendar year's won amounts (not R2's cooperation window);
    # the window only decides, at the year end, which customers are key accounts.
    won = won_orders(orders)
    year_of = won["won_date"].dt.year
    years = sorted({int(y) for y in year_of.dropna()})
    # Choice: only complete years (31 December on or before as_of) are actual figures.
    years = [y for y in years if dt.date(y, 12, 31) <= as_of]
    rows = []
    for year in years:  # one tier assignment per plan year, not per row
        in_year = (year_of == year).fillna(False).astype(bool)
        tiers = assign_tiers(customers, won, rules, dt.date(year, 12, 31)) if len(customers) else None
        ka_ids = set(tiers.index[tiers["key_account"]]) if tiers is not None else set()
        ka = in_year & won["customer_id"].isin(ka_ids)
        total = float(won["amount"][in_year].sum())
        revenue = float(won["amount"][ka].sum())
        n_orders = int(ka.sum())
        count = len(ka_ids)
        rows.append(
            {
                "year": year,
                "cooperation": total,
                "ka_revenue": revenue,
                "ka_count": count,
                "ka_share": revenue / total if total else math.nan,
                "ka_orders": n_orders,
                "unit_price": revenue / n_orders if n_orders else math.nan,
                "frequency": n_orders / count if count else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=["year", *ACTUAL_COLUMNS]).set_index("year")


def work_back_rate(base: float, goal: float, years: int) -> float:
    """R6 working back (倒推): the constant yearly rate taking ``base`` to ``goal``.

    ``(goal / base) ** (1 / years) - 1``.

    :raises DriverError: when base <= 0, goal < 0, years <= 0 or any is missing.
    """
    for name, value in (("base", base), ("goal", goal), ("years", years)):
        if _missing(value):
            raise DriverError(name, "missing", f"Enter the {name} to work back a rate.")
    if base <= 0:
        raise DriverError(
            "base",
            "zero" if base == 0 else "negative",
            "The base KA revenue must be above 0 to work back a growth rate.",
        )
    if years <= 0:
        raise DriverError(
            "years",
            "zero" if years == 0 else "negative",
            "The number of years must be at least 1 to work back a growth rate.",
        )
    if goal < 0:
        raise DriverError("goal", "negative", "The goal cannot be negative.")
    return float((goal / base) ** (1.0 / years) - 1.0)


def solve_driver(
    revenue: float | None = None,
    count: float | None = None,
    unit_price: float | None = None,
    frequency: float | None = None,
) -> dict[str, Any]:
    """R6 drivers: KA revenue = count x unit price x frequency; leave one blank.

    Given the revenue and two drivers the third follows; given the three drivers the
    revenue follows.

    :returns: ``{"revenue", "count", "unit_price", "frequency", "solved",
      "count_rounded_up"}``: ``solved`` names the computed field; the solved value keeps
      its decimals; ``count_rounded_up`` is the count rounded up to a whole customer.
    :raises DriverError: naming the driver when more than one field is blank, when a
      driver needed as a divisor is 0, or when a value is negative; never
      ``ZeroDivisionError``.
    """
    values = {
        "revenue": revenue,
        "count": count,
        "unit_price": unit_price,
        "frequency": frequency,
    }
    blank = [k for k, v in values.items() if _missing(v)]
    for k, v in values.items():
        if k not in blank and v < 0:
            raise DriverError(k, "negative", f"{_label(k)} cannot be negative.")
    if not blank:
        raise DriverError(
            "revenue",
            "too_many",
            "Leave one of revenue, count, unit price and frequency blank to compute it.",
        )
    if len(blank) > 1:
        need = [k for k in blank if k != "revenue"] if "revenue" in blank else blank
        names = " and ".join(_label(k) for k in need)
        raise DriverError(
            need[0],
            "missing",
            f"Enter {names}: the revenue target and two drivers are needed to compute the third.",
        )
    solved = blank[0]
    out = dict(values)
    if solved == "revenue":
        out["revenue"] = float(count * unit_price * frequency)
    else:
        others = [d for d in DRIVERS if d != solved]
        for d in others:
            if values[d] == 0:
                raise DriverError(
                    d,
                    "zero",
                    f"{_label(d)} is 0: cannot compute {_label(solved).lower()} from a "
                    f"zero {_label(d).lower()}. Enter a {_label(d).lower()} above 0.",
                )
        out[solved] = float(revenue / (values[others[0]] * values[others[1]]))
    out["solved"] = solved
    # Choice: round up after removing float noise, so 100.0000000001 customers is 100.
    out["count_rounded_up"] = int(math.ceil(rounded(out["count"])))
    return out


def _label(field: str) -> str:
    return {
        "revenue": "Revenue",
        "count": "Customer count",
        "unit_price": "Unit price",
        "frequency": "Frequency",
    }.get(field, field)


def growth_formula(headcount: float, customers_per_person: float, cooperation_per_customer: float) -> dict[str, float]:
    """R6 growth formula: sales = headcount x customers per person x cooperation per
    customer (300,000,000 = 100 x 3 x 1,000,000).

    :returns: ``{"sales", "sales_per_person"}`` in whole yuan.
    :raises DriverError: when an input is missing or negative.
    """
    values = {
        "headcount": headcount,
        "customers_per_person": customers_per_person,
        "cooperation_per_customer": cooperation_per_customer,
    }
    for k, v in values.items():
        if _missing(v):
            raise DriverError(k, "missing", f"Enter {k.replace('_', ' ')}.")
        if v < 0:
            raise DriverError(k, "negative", f"{k.replace('_', ' ')} cannot be negative.")
    # Choice: sales per person = customers per person x cooperation per customer (what
    # sales / headcount gives), so it is defined even for a headcount of 0.
    per_person = customers_per_person * cooperation_per_customer
    return {
        "sales": float(whole_yuan(headcount * per_person)),
        "sales_per_person": float(whole_yuan(per_person)),
    }
