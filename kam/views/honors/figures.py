"""The honor rolls' unscoped stages (issue 15): what the honors are computed from, and every
honor of a period and of a year, each kept by kam.views.memo until a table it reads is
written. Nothing here is one user's: the model masks on the way out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlite_utils

from kam.closing import honor_data
from kam.rules.clearances import clearance_status
from kam.rules.honor_engine import live_honors, period_honors, period_rolls
from kam.rules.honor_metrics import HonorData, hire_orders, new_hires
from kam.rules.params import Rules
from kam.rules.periods import PERIOD_KINDS, period_bounds, periods_between
from kam.store.people import Org, read_org
from kam.store.talent import read_closed, read_results
from kam.views import ORG, RULES, reads
from kam.views.memo import memo, memo_patched
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
    # Eager, not on first use: the figures are kept and read by other sessions' runs, which
    # must not reach this run's database connection; kept across most order saves anyway.
    status = hire_status(db, as_of=as_of)
    data = honor_data(db, as_of, rules=rules, org=org, orders=people_orders(db), status=status)
    return Figures(as_of, rules, org, data, read_closed(db))


@reads("orders", "clearance_results", *ORG, *RULES)
def _hire_status(db: sqlite_utils.Database, *, as_of: dt.date) -> tuple[pd.DataFrame, frozenset[int]]:
    """The new hires' clearance status (the cleared hires' figure) and the ids of the orders
    it read (those the hires own)."""
    rules = current_rules(db)
    hires, mine = hire_orders(read_org(db).people, people_orders(db), rules)
    status = clearance_status(hires, mine, read_results(db), rules, as_of)
    return status, frozenset(int(i) for i in mine["id"].tolist())


def _patch_hire_status(
    db: sqlite_utils.Database, old: tuple[pd.DataFrame, frozenset[int]], changed: list[int], *, as_of: dt.date
) -> tuple[pd.DataFrame, frozenset[int]]:
    """After writes to orders only: the same status unless an order written is, or was, a
    new hire's (most orders are not: a save on the board or in the honors' grid then
    judges no clearance again, 0.2 s at 10,000 customers)."""
    orders = people_orders(db)
    hires = set(new_hires(read_org(db).people, current_rules(db))["id"].tolist())
    owners = orders.loc[orders["id"].isin(changed), "owner_id"]
    if old[1].isdisjoint(changed) and not owners.isin(hires).any():
        return old
    return _hire_status(db, as_of=as_of)


def hire_status(db: sqlite_utils.Database, *, as_of: dt.date) -> pd.DataFrame:
    """:func:`kam.rules.clearances.clearance_status` of the new hires at ``as_of``, kept
    across writes to orders that no new hire owns."""
    return memo_patched(_hire_status, db, _patch_hire_status, ("orders",), as_of=as_of)[0]


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
