"""The home page without Streamlit: key figures (the rules' ones on the same window and
tiers as the pyramid page, so the two pages agree) and the newest changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlite_utils

from kam.i18n import fmt_money, translate
from kam.rules import periods
from kam.rules.cooperation import cooperation, won_orders
from kam.rules.params import Rules, int_param
from kam.rules.tiers import assign_tiers, tiers_of_cooperation
from kam.store import customers, orders, people
from kam.store.access import Access
from kam.store.counters import ORDER_CUSTOMER_LOG
from kam.views import RULES, Metric, reads, signed
from kam.views.changes import recent_changes
from kam.views.memo import memo, memo_patched
from kam.views.ruleset import current_rules


@dataclass(frozen=True)
class Counted:
    """What the home page's figures count, for every row (the unscoped stage): the
    customers (id, owner_id, branch_id, key_account, cooperation over the R2 window), the
    open orders counted per (owner_id, customer_id) (column ``orders``) and the people (id)."""

    customers: pd.DataFrame
    open_orders: pd.DataFrame
    people: pd.DataFrame
    months: int


def key_figures(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """Per customer of ``customers`` (in their order): ``key_account`` (R2 tier at
    ``as_of``) and ``cooperation`` over the R2 window, the same window and tiers as the
    pyramid page, so the two pages agree."""
    months = int_param(rules, "r2_window_months")
    won = won_orders(orders)
    index = pd.Index(customers["id"].to_numpy())
    flags = (
        assign_tiers(customers, won, rules, as_of)["key_account"].to_numpy(dtype=bool)
        if len(customers)
        else np.zeros(0, dtype=bool)
    )
    return pd.DataFrame(
        {"key_account": flags, "cooperation": cooperation(won, index, as_of, months).to_numpy()}, index=index
    )


@dataclass(frozen=True)
class HomeModel:
    as_of: dt.date
    customers: int | None  # None: the user's role reads no customer
    metrics: tuple[Metric, ...]
    recent: pd.DataFrame  # the newest changes as people read them (kam.views.changes)


@dataclass(frozen=True)
class OrderFigures:
    """What the orders add to the home page's figures, summed by SQLite: each customer's won
    amount over the R2 window (customers with won orders in it) and the open orders counted
    per (owner_id, customer_id) (column ``orders``)."""

    cooperation: pd.Series
    open_orders: pd.DataFrame


def _sum_orders(db: sqlite_utils.Database, rules: Rules, as_of: dt.date, only: list[int] | None) -> OrderFigures:
    months = int_param(rules, "r2_window_months")
    after = periods.window_start(as_of, months).date().isoformat()
    sums = orders.won_sums(db, after=after, through=as_of.isoformat(), customers=only)
    coop = pd.Series(sums["cooperation"].to_numpy(dtype="float64"), index=sums["customer_id"].to_numpy())
    counts = orders.count_open(db, only)
    # Nullable ids whatever the rows: a patch concatenates frames with and without an owner.
    counts = counts.astype({"owner_id": "Int64", "customer_id": "Int64", "orders": "int64"})
    return OrderFigures(coop, counts)


@reads("orders", *RULES)
def _order_figures(db: sqlite_utils.Database, *, as_of: dt.date) -> OrderFigures:
    return _sum_orders(db, current_rules(db), as_of, None)


PATCH_CUSTOMERS_MOST = 2000  # customers whose orders changed; more: everything summed again


def _patch_orders(db: sqlite_utils.Database, old: OrderFigures, changed: list[int], *, as_of: dt.date) -> OrderFigures:
    """``old`` with the sums and counts of the customers ``changed`` (their orders written;
    0: orders without a customer) summed again; every other customer's are as they were."""
    if len(changed) > PATCH_CUSTOMERS_MOST:
        return _order_figures(db, as_of=as_of)
    fresh = _sum_orders(db, current_rules(db), as_of, changed)
    coop = old.cooperation[~old.cooperation.index.isin(changed)]
    placed = old.open_orders["customer_id"]
    again = placed.isin(changed) | (placed.isna() & (0 in changed))
    return OrderFigures(
        pd.concat([coop, fresh.cooperation]),
        pd.concat([old.open_orders[~again.to_numpy()], fresh.open_orders], ignore_index=True),
    )


def order_figures(db: sqlite_utils.Database, as_of: dt.date) -> OrderFigures:
    """:class:`OrderFigures` kept; after writes to the orders alone (a move, a saved amount),
    just the customers whose orders changed are summed again (migration 021's log)."""
    return memo_patched(_order_figures, db, _patch_orders, ("orders",), ORDER_CUSTOMER_LOG, as_of=as_of)


@reads("customers")
def _customer_rows(db: sqlite_utils.Database) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each customer's place in a scope (id, owner, branch) and what R2 tiers it by."""
    return customers.read_placed(db), customers.read_tier_inputs(db)


def _key_figures_of(every: pd.DataFrame, coop: pd.Series, rules: Rules) -> pd.DataFrame:
    index = pd.Index(every["id"].to_numpy())
    tiers = tiers_of_cooperation(every, coop, rules) if len(every) else None
    flags = tiers["key_account"].to_numpy(dtype=bool) if tiers is not None else np.zeros(0, dtype=bool)
    return pd.DataFrame(
        {"key_account": flags, "cooperation": coop.reindex(index, fill_value=0.0).to_numpy(dtype="float64")},
        index=index,
    )


def stored_key_figures(db: sqlite_utils.Database, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """:func:`key_figures` of every customer, the won orders summed by SQLite over the R2
    window (issue 17: the home page read all 380,000 orders to show two figures); tests
    check the two agree at the window's edges."""
    return _key_figures_of(customers.read_tier_inputs(db), _sum_orders(db, rules, as_of, None).cooperation, rules)


@reads("customers", "orders", "people", *RULES)
def counted(db: sqlite_utils.Database, *, as_of: dt.date) -> Counted:
    """:raises kam.rules.params.RuleInputError: rules the scoring cannot use."""
    rules = current_rules(db)
    placed, tier_inputs = memo(_customer_rows, db)
    sums = order_figures(db, as_of)
    figures = _key_figures_of(tier_inputs, sums.cooperation, rules)
    every = placed.assign(
        key_account=figures["key_account"].reindex(placed["id"]).to_numpy(),
        cooperation=figures["cooperation"].reindex(placed["id"]).to_numpy(),
    )
    return Counted(every, sums.open_orders, people.read_active(db), int_param(rules, "r2_window_months"))


def load(
    db: sqlite_utils.Database, access: Access | None, *, as_of: dt.date, lang: str, tz: dt.tzinfo | None = None
) -> HomeModel:
    """The figures of what ``access`` reads and the newest changes of rows they read.

    :param tz: the user's time zone (:func:`user_zone`), None: the server's.
    :raises kam.store.access.AccessDenied: nobody signed in.
    :raises kam.rules.params.RuleInputError: rules the scoring cannot use.
    """
    access = signed(access)
    c = memo(counted, db, as_of=as_of)

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    metrics: list[Metric] = []
    n_customers = None
    if access.reads("customers"):
        mine = c.customers if access.reads_all("customers") else access.visible("customers", c.customers)
        n_customers = len(mine)
        metrics += [
            Metric(t("home.customers"), f"{n_customers:,}"),
            Metric(t("home.key_accounts"), f"{int(mine['key_account'].sum()):,}"),
            Metric(
                t("home.cooperation"),
                fmt_money(float(mine["cooperation"].sum()), lang),
                t("home.cooperation_help", months=c.months),
            ),
        ]
    if access.reads("orders"):
        open_orders = c.open_orders if access.reads_all("orders") else access.visible("orders", c.open_orders)
        metrics.append(Metric(t("home.open_orders"), f"{int(open_orders['orders'].sum()):,}"))
    if access.reads("people"):
        active = c.people if access.reads_all("people") else access.visible("people", c.people)
        metrics.append(Metric(t("home.people"), f"{len(active):,}"))
    return HomeModel(as_of, n_customers, tuple(metrics), recent_changes(db, lang, tz, access))
