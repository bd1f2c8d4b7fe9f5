"""R6 ten-year key-account plan, its drivers and the growth formula (domain.md, R6).

Money computed by a formula is rounded to whole yuan, half up, after removing
floating-point noise (:func:`whole_yuan`). Driver names are the codes of the
``r6_drivers`` rules table: ``count``, ``unit_price``, ``frequency``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from kam.rules.params import rounded

DRIVERS: tuple[str, ...] = ("count", "unit_price", "frequency")


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


def compound_targets(base_revenue: int, base_year: int, rates: pd.Series) -> pd.Series:
    """R6 KA revenue targets: year y = year y-1 x (1 + rate of year y).

    :param base_revenue: KA revenue of ``base_year`` (yuan).
    :param rates: growth rate (fraction) per year, indexed by year; years after the base
      year up to the last year in ``rates`` are planned.
    :returns: targets indexed by year from ``base_year`` (whole yuan, ``Int64``); a year
      without a rate, and every year after it, is ``<NA>`` (no data).
    :raises DriverError: when the base revenue is missing or negative.
    """
    if _missing(base_revenue):
        raise DriverError("base", "missing", "Enter the base year's KA revenue.")
    if base_revenue < 0:
        raise DriverError("base", "negative", "The base year's KA revenue cannot be negative.")
    r = pd.Series(rates, dtype="float64")
    r.index = r.index.astype("int64")
    last = int(r.index.max()) if len(r) else base_year
    years = pd.RangeIndex(base_year + 1, max(last, base_year) + 1, name="year")
    growth = (1.0 + r.reindex(years)).cumprod(skipna=False)
    # Choice: compound unrounded and round each year at the end, so that one constant
    # rate gives exactly base x (1 + rate)^(y - base year) rounded, as domain.md states.
    out = pd.concat([pd.Series([float(base_revenue)], index=[base_year]), base_revenue * growth])
    out.index.name = "year"
    return whole_yuan(out).astype("Int64").rename("ka_revenue_target")


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
