"""The honor rolls' unscoped stages (issue 15): what the honors are computed from, and every
honor of a period and of a year, each kept by kam.views.memo until a table it reads is
written. Nothing here is one user's: the model masks on the way out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.closing import honor_data
from kam.rules.honor_engine import live_honors, period_honors, period_rolls
from kam.rules.honor_metrics import HonorData
from kam.rules.params import Rules
from kam.rules.periods import PERIOD_KINDS, period_bounds, periods_between
from kam.store.people import Org, read_org
from kam.store.talent import read_closed
from kam.views import ORG, RULES, reads
from kam.views.memo import memo
from kam.views.orders import people_orders
from kam.views.ruleset import current_rules

_READS = (
    *ORG,
    "orders",
    "clearance_results",
    "camp_points",
    "honors",
    "closed_periods",
    *RULES,
)


@dataclass(frozen=True)
class Figures:
    """What every honor is computed from, at ``as_of``."""

    as_of: dt.date
    rules: Rules
    org: Org
    data: HonorData
    closes: pd.DataFrame  # the open rows of closed_periods


@reads(*_READS)
def honor_figures(db: sqlite_utils.Database, *, as_of: dt.date) -> Figures:
    """:raises kam.rules.params.RuleInputError: rules the figures cannot use."""
    rules = current_rules(db)
    org = read_org(db)
    data = honor_data(db, as_of, rules=rules, org=org, orders=people_orders(db))
    return Figures(as_of, rules, org, data, read_closed(db))


@reads(*_READS)
def period_roll(db: sqlite_utils.Database, *, as_of: dt.date, period: str, live: bool = False) -> pd.DataFrame:
    """Every honor of ``period``: its snapshot when closed, else live (``live``: always
    live, the figures beside a closed period's kept ones)."""
    fig = memo(honor_figures, db, as_of=as_of)
    if live:
        return live_honors(period, fig.data, fig.rules, as_of)
    return period_honors(period, fig.data, fig.rules, as_of)


def year_periods(year: int, as_of: dt.date) -> list[str]:
    """Every period of ``year`` that has begun by ``as_of``: its ISO weeks (those whose
    Monday is in the year), months, quarters and the year itself."""
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), as_of)
    if last < first:
        return []
    out: list[str] = []
    for kind in PERIOD_KINDS:
        labels = periods_between(kind, first, last)
        out += [p for p in labels if kind != "week" or period_bounds(p)[0].year == year]
    return out


@reads(*_READS)
def year_roll(db: sqlite_utils.Database, *, as_of: dt.date, year: int) -> pd.DataFrame:
    """Every honor of every period of ``year`` begun by ``as_of`` (closed ones from their
    snapshots): the hall of the year and each person's history."""
    fig = memo(honor_figures, db, as_of=as_of)
    return period_rolls(year_periods(year, as_of), fig.data, fig.rules, as_of)
