"""Progress against the targets (domain.md R6): who is behind, and the monthly actual
against target of one entity. The arithmetic is :func:`kam.rules.targets.progress`."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam.rules.periods import parse_periods
from kam.rules.plan import whole_yuan
from kam.rules.targets import actual_sales, monthly_actuals, progress
from kam.views.targets.tree import ENTITY_TYPES, entities, entity_key

PROGRESS_TABLE = [
    "target_id",
    "entity_type",
    "entity_id",
    "name",
    "path",
    "branch_id",
    "team_id",
    "level",
    "target",
    "actual",
    "progress",
    "expected",
    "gap",
    "split",
    "status",
    "behind",
]


def progress_table(
    targets: pd.DataFrame,
    orders: pd.DataFrame,
    branches: pd.DataFrame,
    teams: pd.DataFrame,
    people: pd.DataFrame,
    as_of: dt.date,
    year: int,
    lang: str = "zh",
    sales: pd.DataFrame | None = None,
    ents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Progress of every target of ``year`` (the year rows; their month or quarter rows
    shape the expected share), with the entity's name, path, branch and team.

    ``gap`` = the won sales still missing to be on track: expected x target - actual,
    whole yuan, 0 when on track. ``sales``: :func:`kam.rules.targets.labelled_sales` of the
    year kind, and ``ents`` (:func:`kam.views.targets.tree.entities`), when the caller keeps them.
    """
    # Choice: the list holds the year targets; month and quarter rows shape their expected
    # share (R6), and a team's or branch's own month rows are in the monthly chart.
    p = progress(targets, orders, people, teams, as_of, kinds=("year",), sales=sales)
    p = p[p["period"] == str(year)]
    if ents is None:
        ents = entities(branches, teams, people, lang)
    keys = [entity_key(t, i) for t, i in zip(p["entity_type"], p["entity_id"], strict=True)]
    found = ents.reindex(keys)
    found.index = p.index
    out = p.assign(
        name=found["name"].fillna("?"),
        path=found["path"].fillna("?").where(p["entity_type"] != "company", ""),  # not its name twice
        branch_id=found["branch_id"].astype("Int64"),
        team_id=found["team_id"].astype("Int64"),
        level=found["level"].fillna(9).astype(int),
    )
    owed = (out["expected"] * out["target"].astype("float64") - out["actual"]).clip(lower=0)
    out["gap"] = whole_yuan(owed.where(out["status"] != "no_data")).astype("Int64")
    kind = out["entity_type"].map({k: i for i, k in enumerate(ENTITY_TYPES)})
    order = pd.DataFrame({"behind": ~out["behind"], "kind": kind, "gap": -out["gap"].fillna(0).astype(float)})
    return out.loc[order.sort_values(["behind", "kind", "gap"], kind="stable").index, PROGRESS_TABLE].reset_index(
        drop=True
    )


def scope(table: pd.DataFrame, branch_id: int | None, team_id: int | None) -> pd.DataFrame:
    """Rows of one branch (its own, its teams' and its people's) or one team (its own and
    its people's); the company row only when no branch is chosen."""
    keep = pd.Series(True, index=table.index)
    if branch_id is not None:
        keep &= (table["branch_id"] == branch_id).fillna(False).astype(bool)
    if team_id is not None:
        keep &= (table["team_id"] == team_id).fillna(False).astype(bool)
    return table[keep]


@dataclass(frozen=True)
class Headline:
    """One entity's figures for the year: its target (None when it has none), actual won
    sales to date, progress and expected share (None without a target)."""

    entity_type: str
    entity_id: int | None
    name: str | None
    target: float | None
    actual: float
    progress: float | None
    expected: float | None


def focus(branch_id: int | None, team_id: int | None) -> tuple[str, int | None]:
    """The entity the page's filters point at: the team, else the branch, else the company.

    Choice: the key figures and the monthly chart follow the narrowest filter.
    """
    if team_id is not None:
        return "team", team_id
    if branch_id is not None:
        return "branch", branch_id
    return "company", None


def headline(
    table: pd.DataFrame,
    orders: pd.DataFrame,
    teams: pd.DataFrame,
    people: pd.DataFrame,
    entity: tuple[str, int | None],
    year: int,
    as_of: dt.date,
) -> Headline:
    """The figures of ``entity`` (type, id) from :func:`progress_table`'s rows; its actual
    from the orders when it has no target for the year."""
    entity_type, entity_id = entity
    own = table[table["entity_type"] == entity_type]
    if entity_type != "company":
        column = {"team": "team_id", "branch": "branch_id"}.get(entity_type, "entity_id")
        own = own[(pd.to_numeric(own[column], errors="coerce") == entity_id).fillna(False)]
    if len(own):
        row = own.iloc[0]
        return Headline(
            entity_type,
            entity_id,
            str(row["name"]),
            float(row["target"]),
            float(row["actual"]),
            None if pd.isna(row["progress"]) else float(row["progress"]),
            float(row["expected"]),
        )
    got = actual_sales(orders, people, teams, entity_type, str(year), as_of)
    actual = float(got.iloc[0]) if entity_type == "company" else float(got.get(entity_id, 0))
    return Headline(entity_type, entity_id, None, None, actual, None, None)


def monthly(
    targets: pd.DataFrame,
    orders: pd.DataFrame,
    teams: pd.DataFrame,
    people: pd.DataFrame,
    entity_type: str,
    entity_id: int | None,
    year: int,
    as_of: dt.date,
    actuals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Actual won sales and target per month of ``year`` for one entity.

    The monthly target is the entity's month target where the year is split into
    months; else its quarter's target spread over the quarter's days; else the year's
    target spread over the year's days. Months after ``as_of`` have no actual.

    :returns: 12 rows: ``month`` (1-12), ``period``, ``actual``, ``target``,
      ``cum_actual``, ``cum_target``, ``source`` (``month``, ``quarter``, ``year`` or
      ``none``), ``open`` (the month of ``as_of`` before its last day: not yet met or missed).
    :param actuals: :func:`kam.rules.targets.monthly_actuals` of ``entity_type``, ``year``
      and ``as_of``, when the caller keeps them (``orders`` is then not read).
    """
    if actuals is None:
        actuals = monthly_actuals(orders, people, teams, entity_type, year, as_of)
    own = actuals["entity_id"].isna() if entity_type == "company" else (actuals["entity_id"] == entity_id)
    sold = actuals.loc[own.fillna(False).astype(bool)].groupby("month")["actual"].sum()
    mine = targets[(targets["entity_type"] == entity_type)]
    if entity_type != "company":
        mine = mine[pd.to_numeric(mine["entity_id"], errors="coerce") == entity_id]
    p = parse_periods(mine["period"])
    mine = mine.assign(kind=p["kind"], year=p["year"], first=p["first"], last=p["last"])
    mine = mine[mine["year"] == year]
    amount = pd.to_numeric(mine["amount"], errors="coerce")
    # One entity's rows of one year (a few): walked in Python, not masked per month.
    rows_of = list(zip(mine["kind"], mine["period"], amount, mine["first"], mine["last"], strict=True))
    split = any(kind == "month" for kind, *_ in rows_of)
    year_amounts = [a for kind, _, a, _, _ in rows_of if kind == "year"]
    rows = []
    for month in range(1, 13):
        period = f"{year}-{month:02d}"
        days = calendar.monthrange(year, month)[1]
        first = pd.Timestamp(year, month, 1)
        target, source = np.nan, "none"
        quarter = [(a, q0, q1) for kind, _, a, q0, q1 in rows_of if kind == "quarter" and q0 <= first <= q1]
        if split:
            # Choice: with a monthly split a month without a row has a target of 0.
            found = [a for kind, p_, a, _, _ in rows_of if kind == "month" and p_ == period and not pd.isna(a)]
            target, source = float(sum(found)), "month"
        # Choice: without a monthly split the month's target is the quarter's or the year's
        # spread by days, as the elapsed share counts days.
        elif quarter:
            a, q0, q1 = quarter[0]
            target, source = float(a) * days / ((q1 - q0).days + 1), "quarter"
        elif year_amounts:
            target, source = float(year_amounts[0]) * days / (366 if calendar.isleap(year) else 365), "year"
        actual = float(sold.get(month, 0)) if first.date() <= as_of else np.nan
        # Choice: the month under way is neither met nor missed until its last day is past.
        is_open = first.date() <= as_of < (first + pd.offsets.MonthEnd(0)).date()
        rows.append(
            {"month": month, "period": period, "actual": actual, "target": target, "source": source, "open": is_open}
        )
    out = pd.DataFrame(rows)
    out["target"] = whole_yuan(out["target"])
    out["cum_actual"] = out["actual"].cumsum()
    out["cum_target"] = out["target"].cumsum()
    return out
