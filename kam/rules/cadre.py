"""R9 new-cadre standard (eligibility for the Pegasus camp) and the portrait assessment."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.cooperation import person_index, won_in_window, won_orders
from kam.rules.params import Rules, ids, int_param, numbers, param, rounded, with_columns

CADRE_COLUMNS = [
    "cadre_sales",
    "cadre_customers",
    "cadre_new_self",
    "sales_ok",
    "customers_ok",
    "new_self_ok",
    "eligible",
    "failed",
]
CONDITIONS = ("sales", "customers", "new_self")
SCORES = ("virtue", "talent", "post")


def cadre_eligibility(
    people: pd.DataFrame, customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date
) -> pd.DataFrame:
    """R9 new-cadre standard at the as-of date, over the window of ``r9_cadre_window_months``
    (T12M by default, half-open: (as_of - 12 months, as_of]):

    - ``cadre_sales``: won amount of the orders the person owns in the window; the
      condition is sales **more than** ``r9_cadre_min_sales`` (1,500,000 is not enough);
    - ``cadre_customers``: distinct customers of those won orders, at least
      ``r9_cadre_min_customers``;
    - ``cadre_new_self``: those customers the person developed (``customers.developed_by``)
      and that are new in the window: the customer's first won order ever, by anyone, falls
      in the window; at least ``r9_cadre_min_new_self``.

    :returns: by person_id, :data:`CADRE_COLUMNS`; ``failed`` names the conditions not met
      (``sales;customers;new_self`` order), empty when eligible.
    """
    months = int_param(rules, "r9_cadre_window_months")
    index = person_index(people)
    won = won_orders(orders)
    # A customer's first won order ever, by anyone, up to as_of.
    upto = won.loc[won["won_date"] <= pd.Timestamp(as_of)]
    first_won = upto.groupby("customer_id")["won_date"].min()
    inside = won_in_window(won, as_of, months)
    sales = inside.groupby("owner_id")["amount"].sum().reindex(index, fill_value=0.0).astype("float64")
    pairs = inside[["owner_id", "customer_id"]].dropna().drop_duplicates()
    n_customers = pairs.groupby("owner_id").size().reindex(index, fill_value=0).astype("int64")

    c = with_columns(customers, ("id", "developed_by"))
    developer = pd.Series(ids(c["developed_by"]).to_numpy(), index=ids(c["id"]).to_numpy())
    developer = developer[~developer.index.duplicated(keep="last")]
    dev = pd.Series(developer.reindex(pairs["customer_id"].to_numpy()).to_numpy(), index=pairs.index)
    first = pd.Series(first_won.reindex(pairs["customer_id"].to_numpy()).to_numpy(), index=pairs.index)
    start = pd.Timestamp(as_of) - pd.DateOffset(months=months)
    new = (first > start) & (first <= pd.Timestamp(as_of))
    self_dev = (numbers(dev).to_numpy() == numbers(pairs["owner_id"]).to_numpy()) & new.to_numpy()
    n_new_self = (
        pairs.loc[self_dev].groupby("owner_id").size().reindex(index, fill_value=0).astype("int64")
        if len(pairs)
        else pd.Series(0, index=index, dtype="int64")
    )

    out = pd.DataFrame(
        {"cadre_sales": sales, "cadre_customers": n_customers, "cadre_new_self": n_new_self}, index=index
    )
    out["sales_ok"] = rounded(out["cadre_sales"]) > rounded(param(rules, "r9_cadre_min_sales"))
    out["customers_ok"] = out["cadre_customers"] >= int_param(rules, "r9_cadre_min_customers")
    out["new_self_ok"] = out["cadre_new_self"] >= int_param(rules, "r9_cadre_min_new_self")
    oks = out[["sales_ok", "customers_ok", "new_self_ok"]].to_numpy(dtype=bool)
    out["eligible"] = oks.all(axis=1)
    names = np.array(CONDITIONS, dtype=object)
    out["failed"] = pd.Series([";".join(names[~row]) for row in oks], index=index, dtype="string")
    return out[CADRE_COLUMNS]


def assessment_passed(assessments: pd.DataFrame, rules: Rules) -> pd.Series:
    """R9 portrait assessment: passed when each of virtue, talent and post is at least
    ``r9_assessment_pass`` (60). A missing score counts as 0 (domain.md: missing values),
    so an assessment with a blank score does not pass.

    :returns: a boolean per row of ``assessments``.
    """
    a = with_columns(assessments, SCORES)
    bar = rounded(param(rules, "r9_assessment_pass"))
    ok = np.ones(len(a), dtype=bool)
    for col in SCORES:
        ok &= (rounded(numbers(a[col]).fillna(0.0)) >= bar).to_numpy()
    return pd.Series(ok, index=a.index, dtype=bool)
