"""The home page without Streamlit: key figures (the rules' ones on the same window and
tiers as the pyramid page, so the two pages agree) and the newest changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.i18n import fmt_money, translate
from kam.rules.cooperation import won_in_window, won_orders
from kam.rules.params import Rules, int_param
from kam.rules.tiers import assign_tiers
from kam.specs import SPECS
from kam.store import customers, orders, people
from kam.store.rules import load_rules
from kam.views import RULES, Metric, reads
from kam.views.changes import recent_changes


@dataclass(frozen=True)
class KeyFigures:
    key_accounts: int  # customers of a key-account tier (R2) at as_of
    cooperation: float  # won amounts over the R2 window ending at as_of, all customers
    months: int  # that window (r2_window_months)


def key_figures(customers: pd.DataFrame, orders: pd.DataFrame, rules: Rules, as_of: dt.date) -> KeyFigures:
    """The same window and tiers as the pyramid page, so the two pages agree."""
    months = int_param(rules, "r2_window_months")
    won = won_orders(orders)
    cooperation = float(won_in_window(won, as_of, months)["amount"].sum())
    key_accounts = int(assign_tiers(customers, won, rules, as_of)["key_account"].sum()) if len(customers) else 0
    return KeyFigures(key_accounts, cooperation, months)


@dataclass(frozen=True)
class HomeModel:
    as_of: dt.date
    customers: int
    metrics: tuple[Metric, ...]
    recent: pd.DataFrame  # the newest changes as people read them (kam.views.changes)


# The names of changed rows and of the rows they refer to come from every edited table.
@reads("customers", "orders", "people", "audit", *SPECS, *RULES)
def load(db: sqlite_utils.Database, *, as_of: dt.date, lang: str, tz: dt.tzinfo | None = None) -> HomeModel:
    """:param tz: the user's time zone (:func:`user_zone`), None: the server's.
    :raises kam.rules.params.RuleInputError: rules the scoring cannot use."""
    n_customers = customers.count(db)
    figures = key_figures(customers.read_tier_inputs(db), orders.read_won_orders(db), load_rules(db), as_of)

    def t(key: str, **params: object) -> str:
        return translate(key, lang, **params)

    metrics = (
        Metric(t("home.customers"), f"{n_customers:,}"),
        Metric(t("home.key_accounts"), f"{figures.key_accounts:,}"),
        Metric(
            t("home.cooperation"),
            fmt_money(figures.cooperation, lang),
            t("home.cooperation_help", months=figures.months),
        ),
        Metric(t("home.open_orders"), f"{orders.open_count(db):,}"),
        Metric(t("home.people"), f"{people.active_count(db):,}"),
    )
    return HomeModel(as_of, n_customers, metrics, recent_changes(db, lang, tz))
