"""R7 order metrics and leaderboards (domain.md R7, issue 13): for a period and any grouping
(person, team, branch, company), which orders each metric takes and how a board ranks.

Which orders each metric takes (domain.md R7):

- ``locked_count``: orders whose lock date falls in the period (any stage now);
- ``won_count``, ``won_amount``: orders won with a close date in the period, whenever locked;
- ``order_rate``: among the orders locked in the period (the cohort), those won by the
  as-of date / the cohort; NA ("no data") with no locks;
- ``avg_cycle_days``: days from lock to close of the orders won in the period; NA with none;
- ``weighted_pipeline``: the orders open at the as-of date (a stage that is not won or
  lost, locked on or before it), amount x the stage's ``r7_stages.probability``.

A group's figures are ratios of its totals (a team's order rate is the team's won cohort /
the team's locks, not a mean of its people's rates). Periods include both ends; a date
after the as-of date has not happened yet at the as-of date (reproducible reports), so a
period that runs past the as-of date is counted up to it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.params import Rules, lookup, rounded, table
from kam.rules.periods import to_dates
from kam.types import CLOSED_STAGES

WON = "won"
METRICS = (
    "locked_count",
    "won_count",
    "won_amount",
    "order_rate",
    "avg_cycle_days",
    "weighted_pipeline",
)
# Choice: a board ranks every metric highest first except the cycle, where fewer days from
# lock to won is better; "no data" (NA) always comes last, without a rank.
LOWER_IS_BETTER = frozenset({"avg_cycle_days"})


def order_metrics(
    orders: pd.DataFrame,
    rules: Rules,
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    by: str | None = None,
) -> pd.DataFrame:
    """R7 metrics of the orders for the period ``start``..``end`` (both included).

    :param orders: ``stage, amount, lock_date, close_date`` (ISO text or dates) and, when
      ``by`` is given, that column (e.g. ``owner_id``, ``team_id``, ``branch_id``); orders
      whose ``by`` is missing fall out of the grouped figures.
    :param by: the grouping column; None: one row for all the orders.
    :returns: one row per group (index: the group's values; ``None``: a one-row frame with
      index ``[0]``), columns :data:`METRICS` plus the counts the ratios are made of
      (``cohort_count``, ``cohort_won``, ``cycle_days``), ``order_rate`` and
      ``avg_cycle_days`` NA where there is nothing to divide by.
    """
    ts_start, ts_end, ts_as_of = pd.Timestamp(start), pd.Timestamp(min(end, as_of)), pd.Timestamp(as_of)
    stage = orders["stage"].astype("string")
    amount = pd.to_numeric(orders["amount"], errors="coerce").fillna(0)
    lock, close = to_dates(orders["lock_date"]), to_dates(orders["close_date"])
    won = (stage == WON) & (close <= ts_as_of).fillna(False)
    locked_in = ((lock >= ts_start) & (lock <= ts_end)).fillna(False).astype(bool)
    won_in = (won & (close >= ts_start) & (close <= ts_end)).fillna(False).astype(bool)
    stages = table(rules, "r7_stages")
    prob = pd.Series(stages["probability"].to_numpy(dtype="float64"), index=stages["code"].astype("string"))
    open_now = (~stage.isin(CLOSED_STAGES) & (lock <= ts_as_of)).fillna(False).astype(bool)
    weighted = (amount * pd.to_numeric(lookup(stage, prob), errors="coerce").fillna(0.0)).where(open_now, 0.0)
    cycle = (close - lock).dt.days.where(won_in, 0).fillna(0)
    parts = pd.DataFrame(
        {
            "locked_count": locked_in.astype("int64"),
            "won_count": won_in.astype("int64"),
            "won_amount": amount.where(won_in, 0).astype("int64"),
            "cohort_count": locked_in.astype("int64"),
            "cohort_won": (locked_in & won).astype("int64"),
            "cycle_days": cycle.astype("int64"),
            "weighted_pipeline": weighted.astype("float64"),
        },
        index=orders.index,
    )
    if by is None:
        sums = parts.sum().to_frame().T
    else:
        sums = parts.groupby(orders[by], dropna=True, sort=True).sum()
    return _ratios(sums)


def _ratios(sums: pd.DataFrame) -> pd.DataFrame:
    """The figures of summed counts: a group's ratios are ratios of its totals."""
    out = sums.copy()
    for c in ("locked_count", "won_count", "won_amount", "cohort_count", "cohort_won", "cycle_days"):
        out[c] = out[c].astype("int64")
    cohort = out["cohort_count"].where(out["cohort_count"] > 0)
    out["order_rate"] = (out["cohort_won"] / cohort).astype("Float64")
    won = out["won_count"].where(out["won_count"] > 0)
    out["avg_cycle_days"] = (out["cycle_days"] / won).astype("Float64")
    out["weighted_pipeline"] = out["weighted_pipeline"].astype("float64")
    return out[[*METRICS, "cohort_count", "cohort_won", "cycle_days"]]


def combine(metrics: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Roll a board up (people to teams, teams to branches): the totals of the members'
    counts, and ratios of those totals.

    :param metrics: :func:`order_metrics` rows; ``groups``: each row's group, by the
      same index (rows without a group fall out).
    """
    parts = metrics[["locked_count", "won_count", "won_amount", "cohort_count", "cohort_won", "cycle_days"]].copy()
    parts["weighted_pipeline"] = metrics["weighted_pipeline"]
    return _ratios(parts.groupby(groups.reindex(metrics.index), dropna=True, sort=True).sum())


def leaderboard(metrics: pd.DataFrame, by: str = "won_amount") -> pd.DataFrame:
    """Rank a board by one metric: ties share a rank (1, 1, 3); "no data" (NA) last, rank NA.

    Highest first, except :data:`LOWER_IS_BETTER` (fewest days first). Values are
    compared after :func:`kam.rules.params.rounded` (9 decimals), so 1/3 and 2/6 tie.

    :returns: ``metrics`` sorted, with a ``rank`` column (nullable integer) first.
    """
    if by not in metrics.columns:
        raise KeyError(by)
    value = rounded(pd.to_numeric(metrics[by].astype("Float64"), errors="coerce").astype("float64"))
    ascending = by in LOWER_IS_BETTER
    rank = value.rank(method="min", ascending=ascending, na_option="keep")
    out = metrics.assign(rank=rank.astype("Int64"))
    # Sort: ranked rows by rank, then "no data"; ties keep the board's own order (the key).
    order = np.lexsort((np.arange(len(out)), rank.fillna(np.inf).to_numpy()))
    out = out.iloc[order]
    return out[["rank", *[c for c in out.columns if c != "rank"]]]
