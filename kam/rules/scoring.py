"""One frame per customer joining R1, R2, R4, R13 and the owner checks (for pages)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.cooperation import cooperation, customer_index, won_orders
from kam.rules.owners import owner_flags
from kam.rules.params import Rules, int_param, numbers, with_columns
from kam.rules.points import FIELDS, comprehensive_points
from kam.rules.portraits import active_fit
from kam.rules.service import service_levels
from kam.rules.stars import star_ratings
from kam.rules.tiers import assign_tiers
from kam.rules.value import value_classes

BASE_COLUMNS = ("name", "branch_id", "owner_id")
# Customer fields whose absence makes a row incomplete (each counts as 0 meanwhile).
CHECKED_FIELDS = ("customer_revenue", *dict.fromkeys(FIELDS.values()))


def score_customers(
    customers: pd.DataFrame,
    orders: pd.DataFrame,
    people: pd.DataFrame,
    meetings: pd.DataFrame | None,
    clearance_results: pd.DataFrame | None,
    rules: Rules,
    as_of: dt.date,
    *,
    stars: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every customer scored at the as-of date.

    :param stars: the owners' R9 stars at ``as_of`` as :func:`star_ratings` gives them,
      where the caller keeps them (they do not change with a customer edit); then
      ``meetings`` and ``clearance_results``, which only the stars read, may be None.

    :returns: by customer_id: name, branch_id, owner_id; R1 unit_price, quantity,
      price_level, quantity_level, value_class; R2 cooperation, strength_level,
      cooperation_level, tier, upgrade_target, upgrade_gap, key_account; R4
      ``<dimension>_points``, score, priority; R13 service_level; R5
      structure_cooperation (over r5_window_months); owner_star (R9 star of the owner);
      owner_mismatch, mismatch_reason, mismatch_reasons; incomplete and missing_fields
      (``;``-joined names of the empty fields); R3 fit_score and matches (the active
      portrait, :func:`kam.rules.portraits.active_fit`).
    """
    fit = active_fit(customers, rules)  # on every field the portrait tests (not only those below)
    customers = with_columns(customers, ("id", *BASE_COLUMNS, *CHECKED_FIELDS))
    index = customer_index(customers)
    won = won_orders(orders)  # prepared once; every rule below reuses it
    classes = value_classes(customers, won, rules, as_of)
    tiers = assign_tiers(customers, won, rules, as_of)
    points = comprehensive_points(customers, won, rules, as_of)
    service = service_levels(customers, won, rules, as_of)
    if stars is None:
        stars = star_ratings(people, orders, meetings, clearance_results, rules, as_of)
    flags = owner_flags(customers, tiers, classes, people, stars, rules, as_of)

    base = pd.DataFrame(
        {
            "name": customers["name"].to_numpy(),
            "branch_id": numbers(customers["branch_id"]).astype("Int64").to_numpy(),
            "owner_id": numbers(customers["owner_id"]).astype("Int64").to_numpy(),
        },
        index=index,
    )
    structure_coop = cooperation(won, index, as_of, int_param(rules, "r5_window_months"))
    owner_ids = numbers(customers["owner_id"]).to_numpy()
    owner_star = numbers(stars["star"]).reindex(owner_ids).to_numpy()

    missing = np.full(len(index), "", dtype=object)
    for field in CHECKED_FIELDS:
        empty = numbers(customers[field]).isna().to_numpy()
        missing = np.where(
            empty & (missing != ""),
            missing + ";" + field,
            np.where(empty, field, missing),
        )
    out = pd.concat(
        [
            base,
            classes,
            tiers.drop(columns="incomplete"),
            points.drop(columns="incomplete"),
            service,
            pd.DataFrame(
                {
                    "structure_cooperation": structure_coop.to_numpy(),
                    "owner_star": owner_star,
                },
                index=index,
            ),
            flags,
        ],
        axis=1,
    )
    out = out.join(fit.set_axis(index))
    out["incomplete"] = (tiers["incomplete"] | points["incomplete"]).astype(bool)
    out["missing_fields"] = pd.Series(missing, index=index, dtype=object)
    return out
