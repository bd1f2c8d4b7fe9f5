"""The home page's key figures that follow the rules (no Streamlit here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kam.rules.cooperation import won_in_window, won_orders
from kam.rules.params import Rules, int_param
from kam.rules.tiers import assign_tiers


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
