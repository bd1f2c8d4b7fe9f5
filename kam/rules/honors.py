"""R10 honor rolls: monthly sales per person, the Million Star, new key customers and the
New Key Customer award, and the places of a ranked honor (domain.md, R10)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.cooperation import won_orders
from kam.rules.params import RuleInputError, Rules, numbers, param, rounded, table

MILLION_STAR = "million_star"  # r10_honors code
MONTHLY_COLUMNS = ["person_id", "month", "sales"]


def monthly_sales(orders: pd.DataFrame, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """A person's sales per month of ``year``: won orders they own, by close date.

    :param as_of: ignore orders won after this date (``None``: the whole year).
    :returns: columns ``person_id, month`` (``YYYY-MM``), ``sales`` (yuan), one row per
      person and month with at least one won order; unowned orders are left out.
    """
    won = won_orders(orders)
    d = won["won_date"]
    keep = (d.dt.year == year).fillna(False).astype(bool)
    if as_of is not None:
        keep &= (d <= pd.Timestamp(as_of)).fillna(False).astype(bool)
    person = pd.to_numeric(won["owner_id"], errors="coerce").astype("Int64")
    keep &= person.notna()
    f = pd.DataFrame(
        {
            "person_id": person[keep],
            "month": d[keep].dt.strftime("%Y-%m").astype("string"),
            "sales": won["amount"][keep],
        }
    )
    out = f.groupby(["person_id", "month"], as_index=False)["sales"].sum()
    out["sales"] = out["sales"].astype("int64")
    return out[MONTHLY_COLUMNS]


def _honor(rules: Rules, code: str) -> tuple[str, float]:
    h = table(rules, "r10_honors")
    row = h[h["code"] == code]
    if row.empty or pd.isna(row["threshold"].iloc[0]):
        raise RuleInputError("r10_honors", code, "threshold", "honor or threshold missing")
    comparison = str(row["comparison"].iloc[0])
    if comparison not in (">=", ">"):
        raise RuleInputError("r10_honors", code, "comparison", "expected >= or >")
    return comparison, float(row["threshold"].iloc[0])


def million_stars(orders: pd.DataFrame, rules: Rules, year: int, as_of: dt.date | None = None) -> pd.DataFrame:
    """R10 Million Star: months where a person's sales reach the ``million_star``
    threshold of ``r10_honors`` (comparison ``>=`` by default, as the table says).

    :returns: columns ``person_id, month, sales``, sorted by month, then sales
      (highest first), then person.
    """
    comparison, threshold = _honor(rules, MILLION_STAR)
    m = monthly_sales(orders, year, as_of)
    s = rounded(m["sales"])
    hit = s >= threshold if comparison == ">=" else s > threshold
    out = m[hit].sort_values(["month", "sales", "person_id"], ascending=[True, False, True])
    return out.reset_index(drop=True)


NEW_KEY_CUSTOMER = "new_key_customer"  # r10_honors code of the quarter's award
NEW_KEY_COLUMNS = ["customer_id", "person_id", "first_won", "cooperation"]
PLACE_COLUMNS = ["person_id", "figure", "rank"]


def new_key_customers(orders: pd.DataFrame, rules: Rules, quarter: str, as_of: dt.date | None = None) -> pd.DataFrame:
    """R10 new key customers of ``quarter`` (``2026-Q2``): customers whose first won order
    ever falls in the quarter and whose cooperation in the quarter (every won order of the
    customer, whoever owns it) reaches ``r10_new_key_min``; each credited to the owner of
    that first won order.

    Choices: two orders won on the customer's first day: the one with the lower id is the
    first (its owner is credited); ``as_of`` (default: none) leaves out what was won after
    it, so an open quarter counts up to the as-of date; a first won order without an owner
    credits nobody (the customer is listed with no person).

    :returns: columns :data:`NEW_KEY_COLUMNS` (``first_won`` ISO text), by customer id.
    """
    return _new_key(_sorted_won(won_orders(orders)), rules, [quarter], as_of)[NEW_KEY_COLUMNS]


class _Wins(NamedTuple):
    """The won orders with a date and a customer as arrays, for the new key customers: each
    customer (by id) with its first won order's day and owner; each order's customer
    (position in ``customers``), day and amount."""

    customers: np.ndarray
    first_day: np.ndarray
    first_owner: np.ndarray
    code: np.ndarray
    day: np.ndarray
    amount: np.ndarray


def _sorted_won(won: pd.DataFrame) -> _Wins:
    """:class:`_Wins` of the won orders (:func:`~kam.rules.cooperation.won_orders`): a
    customer's orders by date, then order id, so that the first is its first won order."""
    won = won.loc[won["won_date"].notna() & won["customer_id"].notna()]
    key = numbers(won["id"]) if "id" in won else pd.Series(np.arange(len(won)), index=won.index)
    customer = won["customer_id"].to_numpy(dtype="float64").astype("int64")
    day = won["won_date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    order = np.lexsort((key.to_numpy(dtype="float64", na_value=np.inf), day, customer))
    customer, day = customer[order], day[order]
    customers, first, code = np.unique(customer, return_index=True, return_inverse=True)
    owner = won["owner_id"].to_numpy(dtype="float64", na_value=np.nan)[order]
    return _Wins(customers, day[first], owner[first], code, day, won["amount"].to_numpy(dtype="float64")[order])


def _new_key(won: _Wins, rules: Rules, labels: Sequence[str], as_of: dt.date | None) -> pd.DataFrame:
    """:func:`new_key_customers` of each of ``labels`` (periods of one kind) from
    :func:`_sorted_won`'s arrays: columns ``pos`` (the period's position in ``labels``) and
    :data:`NEW_KEY_COLUMNS`, by customer id. A customer is new in one period at most (the
    one holding its first won order), so one sum per customer covers every period."""
    first = _positions(won.first_day, labels, as_of)
    rows = _positions(won.day, labels, as_of)
    rows = (rows >= 0) & (rows == first[won.code])
    coop = np.bincount(won.code[rows], weights=won.amount[rows], minlength=len(won.customers))
    keep = (first >= 0) & (rounded(coop) >= rounded(param(rules, "r10_new_key_min")))
    return pd.DataFrame(
        {
            "pos": first[keep],
            "customer_id": won.customers[keep].astype("int64"),
            "person_id": _ids(pd.Series(won.first_owner[keep])).array,
            "first_won": pd.array(np.datetime_as_string(won.first_day[keep], unit="D"), dtype="string"),
            "cooperation": coop[keep].astype("float64"),
        }
    )


def ranked_places(figures: pd.Series, places: int) -> pd.DataFrame:
    """The places of a ranked honor: standard competition ranking (1, 1, 3) of the figures,
    highest first, keeping ranks up to ``places``. A figure of 0 (or less) wins no place, so
    an honor whose top figure is 0 has no winner.

    :param figures: by person id.
    :returns: columns :data:`PLACE_COLUMNS`, by rank then person id.
    """
    f = pd.to_numeric(figures, errors="coerce")
    f = f[rounded(f.fillna(0)) > 0]
    if f.empty:
        return pd.DataFrame({"person_id": pd.array([], dtype="Int64"), "figure": [], "rank": []})[PLACE_COLUMNS]
    rank = rounded(f).rank(method="min", ascending=False).astype("int64")
    out = pd.DataFrame({"person_id": pd.array(f.index, dtype="Int64"), "figure": f.to_numpy(), "rank": rank.to_numpy()})
    out = out.loc[out["rank"] <= places]
    return out.sort_values(["rank", "person_id"], kind="stable").reset_index(drop=True)[PLACE_COLUMNS]


def new_key_customer_award(
    orders: pd.DataFrame, rules: Rules, quarter: str, as_of: dt.date | None = None
) -> pd.DataFrame:
    """R10 New Key Customer award, stages 1 to N: the people with the most new key
    customers of ``quarter`` (:func:`new_key_customers`), places from the ``threshold`` of
    the ``new_key_customer`` row of ``r10_honors`` (3: stages 1-3), ties sharing a place.

    :returns: columns :data:`PLACE_COLUMNS` (``figure``: new key customers)."""
    h = table(rules, "r10_honors")
    row = h[h["code"] == NEW_KEY_CUSTOMER]
    if row.empty or pd.isna(row["threshold"].iloc[0]):
        raise RuleInputError("r10_honors", NEW_KEY_CUSTOMER, "threshold", "honor or threshold missing")
    nk = new_key_customers(orders, rules, quarter, as_of)
    counts = nk.dropna(subset=["person_id"]).groupby("person_id").size()
    return ranked_places(counts, int(row["threshold"].iloc[0]))


WINNER_COLUMNS = ["person_id", "figure", "rank"]


def period_sales(orders: pd.DataFrame, period: str, as_of: dt.date | None = None) -> pd.Series:
    """Each person's sales in ``period`` (``2026``, ``2026-Q2``, ``2026-06``): the won orders
    they own, by close date, up to ``as_of`` when given. By person id, people with sales only."""
    first, last = periods.period_bounds(period)
    hi = last if as_of is None else min(last, as_of)
    won = won_orders(orders)
    keep = periods.range_mask(won["won_date"], first, hi) & won["owner_id"].notna()
    sales = won.loc[keep].groupby(won.loc[keep, "owner_id"].astype("int64"))["amount"].sum()
    sales.index.name = "person_id"
    return sales.astype("float64")


def million_star_months(orders: pd.DataFrame, rules: Rules, year: int, as_of: dt.date | None = None) -> pd.Series:
    """By person id: the months of ``year`` in which they were a Million Star (the Six-time
    Million Star's figure)."""
    stars = million_stars(orders, rules, year, as_of)
    out = stars.groupby("person_id")["month"].nunique().astype("int64")
    out.index = out.index.astype("int64")
    return out


def honor_winners(
    figures: pd.Series, comparison: str, threshold: float, groups: pd.Series | None = None
) -> pd.DataFrame:
    """The winners of one honor from each person's figure: ``>=`` / ``>`` the threshold
    (everyone who reaches it, ranked among themselves), or ``top`` (the first ``threshold``
    places, :func:`ranked_places`); within each group of ``groups`` (person id -> branch or
    team id: a per-branch honor) or company-wide when None. A figure of 0 wins nothing.

    :returns: columns ``person_id, figure, rank`` (and ``group`` when grouped), by group,
      rank, person.
    """
    f = pd.to_numeric(figures, errors="coerce").dropna()
    if comparison not in (">=", ">", "top"):
        raise RuleInputError("r10_honors", comparison, "comparison", "expected >=, > or top")

    def one(fig: pd.Series) -> pd.DataFrame:
        if comparison == "top":
            return ranked_places(fig, int(threshold))
        s = rounded(fig)
        bar = rounded(threshold)
        hit = fig[((s >= bar) if comparison == ">=" else (s > bar)) & (s > 0)]
        return ranked_places(hit, len(hit) or 1)

    if groups is None:
        return one(f)[WINNER_COLUMNS]
    g = groups.reindex(f.index)
    parts = [one(f[g == key]).assign(group=key) for key in sorted(g.dropna().unique())]
    if not parts:
        return pd.DataFrame(columns=["group", *WINNER_COLUMNS])
    return pd.concat(parts, ignore_index=True)[["group", *WINNER_COLUMNS]]


POINTS_COLUMNS = ["person_id", "homework", "attendance", "points", "rank", "last"]


def camp_points_board(points: pd.DataFrame, week: str) -> pd.DataFrame:
    """R10 General camp points of one ISO week (``2026-W27``): each participant's homework +
    attendance points, ranked highest first (1, 1, 3), the last place marked too ("no one
    wants to be last": everyone tied at the lowest figure is last, unless all are tied).

    :param points: rows of ``camp_points`` (person_id, week, homework, attendance).
    :returns: columns :data:`POINTS_COLUMNS`, by rank then person id.
    """
    p = points.loc[points["week"].astype("string") == week] if len(points) else points
    if p.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in POINTS_COLUMNS}).assign(last=pd.Series(dtype=bool))
    f = pd.DataFrame(
        {
            "person_id": numbers(p["person_id"]).astype("int64"),
            "homework": numbers(p["homework"]).fillna(0).astype("int64"),
            "attendance": numbers(p["attendance"]).fillna(0).astype("int64"),
        }
    )
    f = f.groupby("person_id", as_index=False)[["homework", "attendance"]].sum()
    f["points"] = f["homework"] + f["attendance"]
    f["rank"] = f["points"].rank(method="min", ascending=False).astype("int64")
    f["last"] = (f["points"] == f["points"].min()) & (f["points"].nunique() > 1)
    return f.sort_values(["rank", "person_id"], kind="stable").reset_index(drop=True)[POINTS_COLUMNS]


def legion_award(new_key: pd.DataFrame, teams: pd.Series) -> pd.DataFrame:
    """R10 legion award of a quarter: the team whose people have the most new key customers
    (:func:`new_key_customers`), ties sharing it; a quarter without one has no winner.

    :param teams: person id -> team id (at the period's end).
    :returns: columns ``team_id, figure, rank``."""
    credited = new_key.dropna(subset=["person_id"])
    team = teams.reindex(credited["person_id"].astype("int64").to_numpy())
    counts = pd.Series(1, index=team.dropna().astype("int64").to_numpy()).groupby(level=0).sum()
    places = ranked_places(counts, 1)
    return places.rename(columns={"person_id": "team_id"})[["team_id", "figure", "rank"]]


def _ids(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def _positions(days: np.ndarray, labels: Sequence[str], as_of: dt.date | None = None) -> np.ndarray:
    """For each day (``datetime64[D]``, NaT allowed) the position in ``labels`` of the period
    it falls in, up to ``as_of`` when given, else -1. ``labels`` are periods of one kind, so
    none overlap (the engine computes every week, month, quarter of a year in one pass)."""
    out = np.full(len(days), -1, dtype="int64")
    if not len(labels) or not len(days):
        return out
    bounds = [periods.period_bounds(p) for p in labels]
    starts = np.array([b[0] for b in bounds], dtype="datetime64[D]")
    ends = np.array([b[1] if as_of is None else min(b[1], as_of) for b in bounds], dtype="datetime64[D]")
    order = np.argsort(starts, kind="stable")
    known = ~np.isnat(days)
    at = np.clip(np.searchsorted(starts[order], days[known], side="right") - 1, 0, None)
    inside = (days[known] >= starts[order][at]) & (days[known] <= ends[order][at])
    out[np.flatnonzero(known)[inside]] = order[at[inside]]
    return out
