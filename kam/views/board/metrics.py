"""The board's metrics and leaderboards for a chosen period (domain.md R7, issue 13), of the
orders the filter bar and the user's scope select (the board's own filters, a search or a
grade, do not narrow a leaderboard), and the won amount per week or month against the
period's target.

Target of the chart: the target of what the filter bar selects (the owner, else the team,
else the branch, else the company) for each bucket: its month's target when the targets hold
months, else its quarter's, else its year's, spread over the days (a week takes its days'
share of its month's target; weeks are cut at the month's edges).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from kam.i18n import fmt_money, fmt_rate, translate
from kam.rules.metrics import METRICS, combine, leaderboard, order_metrics
from kam.rules.params import ids
from kam.rules.periods import period_bounds, period_of, to_dates
from kam.rules.plan import whole_yuan
from kam.views import Metric

KINDS = ("month", "quarter", "year")
MONTH = re.compile(r"^\d{4}-\d{2}$")
LEVELS = ("branch", "team", "person")
BOARD_COLUMNS = ("rank", "name", *METRICS)


def periods(kind: str, as_of: dt.date, n: int = 8) -> list[str]:
    """The period of ``kind`` holding as_of and the ``n - 1`` before it, newest first."""
    out, day = [], as_of
    for _ in range(n):
        label = period_of(kind, day)
        out.append(label)
        day = period_bounds(label)[0] - dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class BoardMetrics:
    period: str
    metrics: tuple[Metric, ...]
    boards: dict[str, pd.DataFrame]  # level -> ranked rows (BOARD_COLUMNS), figures raw
    chart: pd.DataFrame  # bucket, start, won, target (NaN: none), label


def board_metrics(
    orders: pd.DataFrame,
    org_names: dict[str, dict[int, str]],
    rules: dict,
    period: str,
    as_of: dt.date,
    lang: str,
    by: str = "won_amount",
    targets: pd.DataFrame | None = None,
    entity: tuple[str, int | None] = ("company", None),
) -> BoardMetrics:
    """Metrics of ``orders`` (board rows: owner_id, team_id, branch_id ...) for ``period``.

    :param org_names: level -> id -> name, for the boards' names.
    :param targets: the targets the user reads (entity_type, entity_id, period, amount).
    """
    first, last = period_bounds(period)
    total = order_metrics(orders, rules, first, last, as_of).iloc[0]
    people = order_metrics(orders, rules, first, last, as_of, by="owner_id")
    team_of = orders.drop_duplicates("owner_id").set_index("owner_id")["team_id"]
    branch_of = orders.drop_duplicates("owner_id").set_index("owner_id")["branch_id"]
    levels = {
        "person": people,
        "team": combine(people, team_of.reindex(people.index)),
        "branch": combine(people, branch_of.reindex(people.index)),
    }
    boards = {}
    for level, frame in levels.items():
        names = org_names.get(level, {})
        active = frame[(frame["locked_count"] > 0) | (frame["won_count"] > 0) | (frame["weighted_pipeline"] > 0)]
        active = active[active.index.isin(list(names))]
        ranked = leaderboard(active, by)
        ranked = ranked.assign(name=[names.get(int(k), f"#{k}") for k in ranked.index])
        ranked["avg_cycle_days"] = ranked["avg_cycle_days"].round(1)
        boards[level] = ranked[list(BOARD_COLUMNS)].reset_index(drop=True)
    t = lambda key, **kw: translate(key, lang, **kw)  # noqa: E731
    metrics = (
        Metric(t("board.k.locked_count"), f"{int(total['locked_count']):,}", t("board.k.locked_count_help")),
        Metric(t("board.k.won_count"), f"{int(total['won_count']):,}", t("board.k.won_count_help")),
        Metric(t("board.k.won_amount"), fmt_money(int(total["won_amount"]), lang)),
        Metric(t("board.k.order_rate"), _rate(total["order_rate"], lang), t("board.k.order_rate_help")),
        Metric(t("board.k.avg_cycle_days"), _days(total["avg_cycle_days"], lang), t("board.k.avg_cycle_days_help")),
        Metric(t("board.k.weighted"), fmt_money(float(total["weighted_pipeline"]), lang), t("board.k.weighted_help")),
    )
    return BoardMetrics(period, metrics, boards, won_chart(orders, period, as_of, targets, entity, lang))


def _rate(value: object, lang: str) -> str:
    return translate("board.no_data", lang) if pd.isna(value) else fmt_rate(float(value))


def _days(value: object, lang: str) -> str:
    return (
        translate("board.no_data", lang) if pd.isna(value) else translate("board.days", lang, n=f"{float(value):.1f}")
    )


def _buckets(period: str) -> list[tuple[dt.date, dt.date, str]]:
    """Weeks (Monday to Sunday, cut at the month's edges) for a month, else months."""
    first, last = period_bounds(period)
    out = []
    day = first
    while day <= last:
        if MONTH.match(period):  # a month: weeks
            end = min(last, day + dt.timedelta(days=6 - day.weekday()))
            out.append((day, end, f"{day.month}/{day.day}"))
        else:
            end = min(last, period_bounds(f"{day.year}-{day.month:02d}")[1])
            out.append((day, end, f"{day.year}-{day.month:02d}"))
        day = end + dt.timedelta(days=1)
    return out


def _target(targets: pd.DataFrame, entity: tuple[str, int | None], period: str) -> float | None:
    kind, key = entity
    rows = targets[(targets["entity_type"] == kind) & (targets["period"].astype(str) == period)]
    if key is not None:
        rows = rows[ids(rows["entity_id"]) == key]
    return float(rows["amount"].sum()) if len(rows) else None


def _spread(targets: pd.DataFrame, entity: tuple[str, int | None], period: str, start: dt.date, end: dt.date) -> float:
    """The target of start..end (inside one month, or a whole month): the month's own, else
    its quarter's, else its year's, spread over its days; NaN when none exists."""
    month = f"{start.year}-{start.month:02d}"
    for label in dict.fromkeys((month, period_of("quarter", start), str(start.year))):
        amount = _target(targets, entity, label)
        if amount is not None:
            first, last = period_bounds(label)
            # A computed money target is whole yuan (domain.md's rounding).
            return float(whole_yuan(amount * ((end - start).days + 1) / ((last - first).days + 1)))
    return float("nan")


def won_chart(
    orders: pd.DataFrame,
    period: str,
    as_of: dt.date,
    targets: pd.DataFrame | None,
    entity: tuple[str, int | None],
    lang: str,
) -> pd.DataFrame:
    """Won amount per bucket (weeks of a month, months of a quarter or year) and its target."""
    close = to_dates(orders["close_date"])
    won = orders["stage"] == "won"
    rows = []
    for start, end, label in _buckets(period):
        hit = won & (close >= pd.Timestamp(start)) & (close <= pd.Timestamp(min(end, as_of)))
        amount = float(orders.loc[hit.fillna(False).to_numpy(), "amount"].sum()) if start <= as_of else float("nan")
        target = _spread(targets, entity, period, start, end) if targets is not None else float("nan")
        rows.append({"bucket": label, "start": start.isoformat(), "won": amount, "target": target})
    out = pd.DataFrame(rows)
    out["won_text"] = [fmt_money(v, lang) for v in out["won"]]
    out["target_text"] = [fmt_money(v, lang) for v in out["target"]]
    return out
