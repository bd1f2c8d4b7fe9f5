"""R1 value quadrant: whale, dolphin, shark, small fish, unrated (domain.md R1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules.cooperation import customer_index, won_in_window, won_orders
from kam.rules.params import Rules, highest_level, int_param, numbers, parsed, table

UNRATED = "unrated"  # the class of a customer with no won order in the window (a code)
VALUE_COLUMNS = (
    "unit_price",
    "quantity",
    "price_level",
    "quantity_level",
    "value_class",
)


@dataclass(frozen=True)
class ValueClassRule:
    """One row of r1_value_classes: who may own a customer of this class."""

    code: str
    owner_allowed: bool
    min_rank: str | None
    or_min_stars: float | None
    min_tenure_years: float | None
    max_tenure_years: float | None


@dataclass(frozen=True)
class ValueRules:
    """R1 rules: levels from lowest to highest, the 3x3 map, class requirements."""

    window_months: int
    price_codes: tuple[str, ...]
    price_minimums: tuple[float, ...]
    quantity_codes: tuple[str, ...]
    quantity_minimums: tuple[float, ...]
    value_map: tuple[tuple[str, str, str], ...]
    classes: tuple[ValueClassRule, ...]

    @classmethod
    def from_tables(cls, rules: Rules) -> ValueRules:
        price = table(rules, "r1_price_levels").sort_values("level_order")
        quantity = table(rules, "r1_quantity_levels").sort_values("level_order")
        vmap = table(rules, "r1_value_map")
        classes = table(rules, "r1_value_classes").sort_values("class_order")
        return cls(
            window_months=int_param(rules, "r1_window_months"),
            price_codes=tuple(price["code"]),
            price_minimums=tuple(float(v) for v in price["min_unit_price"]),
            quantity_codes=tuple(quantity["code"]),
            quantity_minimums=tuple(float(v) for v in quantity["min_orders"]),
            value_map=tuple(
                zip(
                    vmap["price_level"],
                    vmap["quantity_level"],
                    vmap["value_class"],
                    strict=True,
                )
            ),
            classes=tuple(
                ValueClassRule(
                    code=r.code,
                    owner_allowed=bool(r.owner_allowed),
                    min_rank=None if pd.isna(r.min_rank) else r.min_rank,
                    or_min_stars=_opt(r.or_min_stars),
                    min_tenure_years=_opt(r.min_tenure_years),
                    max_tenure_years=_opt(r.max_tenure_years),
                )
                for r in classes.itertuples(index=False)
            ),
        )


def _opt(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def value_classes(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R1: unit price and quantity of won orders in the window, levels and class.

    :returns: by customer_id: ``unit_price`` (yuan, NaN when unrated), ``quantity``
      (won orders), ``price_level``, ``quantity_level`` (None when unrated),
      ``value_class`` (``unrated`` when no won order in the window).
    """
    vr = parsed(rules, ValueRules.from_tables)
    index = customer_index(customers)
    won = won_in_window(won_orders(orders), as_of, vr.window_months)
    stats = won.groupby("customer_id")["amount"].agg(["mean", "size"]).reindex(index)
    unit_price = stats["mean"].astype("float64")
    quantity = numbers(stats["size"]).fillna(0).astype("int64")
    rated = quantity > 0
    # Choice: a value below every level's minimum is in the lowest level ("else low").
    price_level = highest_level(unit_price, vr.price_codes, vr.price_minimums, vr.price_codes[0])
    quantity_level = highest_level(quantity, vr.quantity_codes, vr.quantity_minimums, vr.quantity_codes[0])
    price_level = price_level.where(rated, None)
    quantity_level = quantity_level.where(rated, None)
    lookup = pd.Series(
        [c for _, _, c in vr.value_map],
        index=pd.MultiIndex.from_tuples([(p, q) for p, q, _ in vr.value_map]),
        dtype=object,
    )
    keys = pd.MultiIndex.from_arrays([price_level.to_numpy(), quantity_level.to_numpy()])
    mapped = lookup.reindex(keys).to_numpy() if len(lookup) else np.full(len(index), None)
    # Choice: a (price, quantity) pair missing from r1_value_map counts as unrated.
    value_class = pd.Series(mapped, index=index, dtype=object)
    value_class = value_class.where(rated & value_class.notna(), UNRATED)
    return pd.DataFrame(
        {
            "unit_price": unit_price,
            "quantity": quantity,
            "price_level": price_level,
            "quantity_level": quantity_level,
            "value_class": value_class,
        },
        index=index,
    )
