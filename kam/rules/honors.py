"""R10 honor rolls: monthly sales per person, the Million Star, new key customers and the
New Key Customer award, and the places of a ranked honor (domain.md, R10)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.clearances import PASSED, clearance_status, records_began
from kam.rules.cooperation import won_orders
from kam.rules.params import RuleInputError, Rules, numbers, param, rounded, table, with_columns

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
    return _new_key(_sorted_won(orders), rules, quarter, as_of)


def _sorted_won(orders: pd.DataFrame) -> pd.DataFrame:
    won = won_orders(orders)
    won = won.loc[won["won_date"].notna() & won["customer_id"].notna()]
    key = won["id"] if "id" in won else pd.Series(range(len(won)), index=won.index)
    return won.assign(_key=numbers(key)).sort_values(["customer_id", "won_date", "_key"], kind="stable")


def _new_key(won: pd.DataFrame, rules: Rules, period: str, as_of: dt.date | None) -> pd.DataFrame:
    """:func:`new_key_customers` from :func:`_sorted_won`'s frame."""
    first, last = periods.period_bounds(period)
    hi = pd.Timestamp(last if as_of is None else min(last, as_of))
    firsts = won.drop_duplicates("customer_id", keep="first").set_index("customer_id")
    firsts = firsts.loc[(firsts["won_date"] >= pd.Timestamp(first)) & (firsts["won_date"] <= hi)]
    inside = won.loc[(won["won_date"] >= pd.Timestamp(first)) & (won["won_date"] <= hi)]
    inside = inside.loc[inside["customer_id"].isin(firsts.index)]
    coop = inside.groupby("customer_id")["amount"].sum().reindex(firsts.index, fill_value=0.0)
    bar = rounded(param(rules, "r10_new_key_min"))
    keep = rounded(coop) >= bar
    out = pd.DataFrame(
        {
            "customer_id": firsts.index[keep].astype("int64"),
            "person_id": pd.array(firsts.loc[keep, "owner_id"], dtype="Int64"),
            "first_won": firsts.loc[keep, "won_date"].dt.strftime("%Y-%m-%d").astype("string").to_numpy(),
            "cooperation": coop[keep].to_numpy(dtype="float64"),
        }
    )
    return out.sort_values("customer_id", kind="stable").reset_index(drop=True)[NEW_KEY_COLUMNS]


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


# -- the honors engine (issue 15) ---------------------------------------------------------

# The metrics an honor can be judged on, and the period types each makes sense for: the
# Million Star months are counted over a quarter or a year; the General camp's points are
# kept per ISO week. Choice: a new honor of another period is a rules row only where the
# metric is defined for that period (kam.invariants refuses the others).
METRIC_PERIODS: dict[str, tuple[str, ...]] = {
    "sales": ("week", "month", "quarter", "year"),
    "million_star_months": ("quarter", "year"),
    "new_key_customers": ("month", "quarter", "year"),
    "recruits": ("month", "quarter", "year"),
    "cleared_hires": ("month", "quarter", "year"),
    "camp_points": ("week",),
}
ROLL_COLUMNS = [
    "honor_code",
    "period",
    "scope",
    "group_id",
    "person_id",
    "team_id",
    "branch_id",
    "rank",
    "figure",
    "last_place",
]


@dataclass(frozen=True)
class HonorData:
    """What the honors of a period are computed from (every frame may be empty).

    :param orders: orders (id, customer_id, owner_id, stage, close_date, amount, ...).
    :param people: id, branch_id, team_id, join_date, recruited_by (branch and team as they
      are now: the tool keeps no move history, so "at the period's end" is today's).
    :param teams: id, branch_id (a team-awarded honor's branch).
    :param clearances: :func:`kam.rules.clearances.clearance_status` at the as-of date
      (the cleared hires), or None.
    :param camp_points: rows of ``camp_points``.
    :param frozen: the ``honors`` rows of closed periods (the Six-time Million Star reads the
      closed months' Million Stars from them).
    :param closed: the labels of the closed periods.
    """

    orders: pd.DataFrame
    people: pd.DataFrame
    teams: pd.DataFrame = field(default_factory=pd.DataFrame)
    clearances: pd.DataFrame | Callable[[], pd.DataFrame] | None = None
    camp_points: pd.DataFrame = field(default_factory=pd.DataFrame)
    frozen: pd.DataFrame = field(default_factory=pd.DataFrame)
    closed: frozenset[str] = frozenset()

    # What every honor of every period reads, prepared once (a year's honors are some forty
    # rolls over the same orders): kept on the instance (functools.cached_property).

    @functools.cached_property
    def status(self) -> pd.DataFrame | None:
        """The clearance status, computed on first use when given as a function (only the
        cleared hires read it)."""
        return self.clearances() if callable(self.clearances) else self.clearances

    @functools.cached_property
    def owned(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The won orders with a date and an owner as arrays: the owner's code (0..n-1), the
        owners' ids by code, the day (datetime64[D]), the amount."""
        won = won_orders(self.orders)
        keep = (won["won_date"].notna() & won["owner_id"].notna()).to_numpy()
        codes, owners = pd.factorize(won["owner_id"].to_numpy()[keep].astype("int64"))
        return (
            codes.astype("int64"),
            np.asarray(owners, dtype="int64"),
            won["won_date"].to_numpy()[keep].astype("datetime64[D]"),
            won["amount"].to_numpy(dtype="float64")[keep],
        )

    @functools.cached_property
    def won_sorted(self) -> pd.DataFrame:
        """The won orders with a date and a customer, by customer, date, then order id."""
        return _sorted_won(self.orders)

    @functools.cached_property
    def places(self) -> tuple[pd.Series, pd.Series, pd.Series]:
        """By person id: their team and branch; by team id: its branch."""
        people = with_columns(self.people, ("id", "branch_id", "team_id")).assign(id=lambda f: _ids(f["id"]))
        people = people.dropna(subset=["id"]).drop_duplicates("id").set_index("id")
        teams = with_columns(self.teams, ("id", "branch_id")).assign(id=lambda f: _ids(f["id"]))
        team_branch = _ids(teams.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["branch_id"])
        return _ids(people["team_id"]), _ids(people["branch_id"]), team_branch

    @functools.cached_property
    def new_key_cache(self) -> dict:
        return {}

    @functools.cached_property
    def camp_weeks(self) -> dict[str, pd.DataFrame]:
        """The camp points by ISO week (a year's boards read each week once)."""
        p = self.camp_points
        if p.empty:
            return {}
        return {str(w): g for w, g in p.groupby(p["week"].astype("string"), sort=False)}


def honor_rows(rules: Rules, kind: str) -> pd.DataFrame:
    """The ``r10_honors`` rows of a period type, in honor order (scope and recipient default
    to company and person where the rules table predates them)."""
    h = with_columns(table(rules, "r10_honors"), ("scope", "awarded_to"))
    h = h.assign(scope=h["scope"].fillna("company"), awarded_to=h["awarded_to"].fillna("person"))
    return h.loc[h["period"] == kind].sort_values("honor_order", kind="stable").reset_index(drop=True)


def _ids(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def _by_person(values: pd.Series, keys: pd.Series) -> pd.Series:
    keep = keys.notna()
    out = values[keep].groupby(keys[keep].astype("int64")).sum()
    out.index.name = "person_id"
    return out.astype("float64")


def recruits(people: pd.DataFrame, period: str) -> pd.Series:
    """R10 talent award figure: by recruiter, the people who joined in ``period``."""
    first, last = periods.period_bounds(period)
    p = with_columns(people, ("join_date", "recruited_by"))
    joined = periods.range_mask(periods.to_dates(p["join_date"]), first, last)
    return _by_person(pd.Series(1.0, index=p.index)[joined], _ids(p["recruited_by"])[joined])


def cleared_hires(people: pd.DataFrame, status: pd.DataFrame | None, rules: Rules, period: str) -> pd.Series:
    """R10 talent award figure: by recruiter, the new hires who passed every clearance
    (on time or late) and whose last clearance passed in ``period``.

    Choice: a "new hire" joined on or after records began (``r9_records_began_year``);
    people entered with the clearances they passed before it credit nobody.
    """
    if status is None or status.empty:
        return pd.Series(dtype="float64", index=pd.Index([], name="person_id", dtype="int64"))
    first, last = periods.period_bounds(period)
    s = status.assign(_met=periods.to_dates(status["met_date"]))
    passed = s["status"].isin(PASSED)
    every = passed.groupby(s["person_id"]).all()
    done = s.groupby("person_id")["_met"].max()
    done = done[every.reindex(done.index, fill_value=False)]
    done = done[periods.range_mask(done, first, last)]
    p = with_columns(people, ("id", "join_date", "recruited_by")).assign(id=lambda f: _ids(f["id"]))
    p = p.loc[p["id"].isin(done.index.astype("int64"))]
    began = records_began(rules)
    joined = periods.to_dates(p["join_date"])
    p = p.loc[(joined >= pd.Timestamp(began)).fillna(False).astype(bool)] if began is not None else p.iloc[0:0]
    return _by_person(pd.Series(1.0, index=p.index), _ids(p["recruited_by"]))


def new_hire_status(
    people: pd.DataFrame, orders: pd.DataFrame, results: pd.DataFrame, rules: Rules, as_of: dt.date
) -> Callable[[], pd.DataFrame]:
    """The clearance status of the new hires (joined on or after records began), as a
    function computed on first use (:attr:`HonorData.clearances`): only the cleared hires
    read it, and nobody else can count for them."""

    def status() -> pd.DataFrame:
        began = records_began(rules)
        joined = periods.to_dates(with_columns(people, ("join_date",))["join_date"])
        hires = people.loc[(joined >= pd.Timestamp(began)).fillna(False).to_numpy()] if began else people.iloc[0:0]
        owners = pd.to_numeric(orders["owner_id"], errors="coerce") if len(orders) else orders.get("owner_id")
        mine = (
            orders.loc[owners.isin(pd.to_numeric(hires["id"], errors="coerce")).to_numpy()] if len(orders) else orders
        )
        return clearance_status(hires, mine, results, rules, as_of)

    return status


def camp_points_of(points: pd.DataFrame, week: str) -> pd.Series:
    """By person: the General camp's points (homework + attendance) of an ISO week."""
    board = camp_points_board(points, week)
    return board.set_index("person_id")["points"].astype("float64")


def _sales(data: HonorData, period: str, as_of: dt.date | None) -> pd.Series:
    """:func:`period_sales` from the prepared arrays of ``data`` (one pass, no frame)."""
    first, last = periods.period_bounds(period)
    hi = last if as_of is None else min(last, as_of)
    code, owners, day, amount = data.owned
    keep = (day >= np.datetime64(first, "D")) & (day <= np.datetime64(hi, "D"))
    if not keep.any():
        return pd.Series(dtype="float64", index=pd.Index([], dtype="int64", name="person_id"))
    who = code[keep]
    sums = np.bincount(who, weights=amount[keep], minlength=len(owners))
    seen = np.flatnonzero(np.bincount(who, minlength=len(owners)))
    return pd.Series(sums[seen], index=pd.Index(owners[seen], name="person_id"), dtype="float64")


def _million_star_months(data: HonorData, rules: Rules, period: str, as_of: dt.date | None) -> pd.Series:
    """By person: the months of ``period`` they were a Million Star, a closed month read from
    its frozen roll, an open one computed live (the ``million_star`` row's comparison and
    threshold, as :func:`million_stars`)."""
    first, last = periods.period_bounds(period)
    months = periods.periods_between("month", first, last)
    frozen = data.frozen
    counts: list[pd.Series] = []
    live = [m for m in months if m not in data.closed]
    if live:
        comparison, threshold = _honor(rules, MILLION_STAR)
        for month in live:
            s = _sales(data, month, as_of)
            hit = rounded(s) >= threshold if comparison == ">=" else rounded(s) > threshold
            counts.append(pd.Series(s.index[hit.to_numpy()], dtype="int64"))
    kept = [m for m in months if m in data.closed]
    if kept and len(frozen):
        f = frozen.loc[(frozen["honor_code"] == MILLION_STAR) & frozen["period"].isin(kept)]
        counts.append(f.drop_duplicates(["period", "person_id"])["person_id"].dropna().astype("int64"))
    ids = pd.concat(counts, ignore_index=True) if counts else pd.Series(dtype="int64")
    out = ids.value_counts().astype("float64")
    out.index.name = "person_id"
    return out


def metric_figures(metric: str, period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.Series:
    """Each person's figure of ``metric`` in ``period`` (by person id; people without one
    are left out): sales in yuan, Million Star months, new key customers, recruits, cleared
    hires or camp points."""
    if metric == "sales":
        return _sales(data, period, as_of)
    if metric == "million_star_months":
        return _million_star_months(data, rules, period, as_of)
    if metric == "new_key_customers":
        key = (period, as_of, rounded(param(rules, "r10_new_key_min")))
        if key not in data.new_key_cache:  # the award and the legion award count the same
            data.new_key_cache[key] = _new_key(data.won_sorted, rules, period, as_of)
        nk = data.new_key_cache[key]
        return _by_person(pd.Series(1.0, index=nk.index), nk["person_id"])
    if metric == "recruits":
        return recruits(data.people, period)
    if metric == "cleared_hires":
        return cleared_hires(data.people, data.status, rules, period)
    if metric == "camp_points":
        week = data.camp_weeks.get(period)
        return camp_points_of(data.camp_points.iloc[0:0] if week is None else week, period)
    raise RuleInputError("r10_honors", metric, "metric", "unknown metric")


def _empty_roll() -> pd.DataFrame:
    return _EMPTY_ROLL.copy()


def _new_empty_roll() -> pd.DataFrame:
    ints = {c: pd.Series(dtype="Int64") for c in ("group_id", "person_id", "team_id", "branch_id", "rank")}
    text = {c: pd.Series(dtype="string") for c in ("honor_code", "period", "scope")}
    return pd.DataFrame({**text, **ints, "figure": pd.Series(dtype="float64"), "last_place": pd.Series(dtype=bool)})[
        ROLL_COLUMNS
    ]


_EMPTY_ROLL = _new_empty_roll()


def honor_roll(
    honor: pd.Series, period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None
) -> pd.DataFrame:
    """The roll of one honor (a row of ``r10_honors``) in ``period``, computed live.

    The winners: everyone whose figure is ``>=`` / ``>`` the threshold, or the ``top``
    ``threshold`` places (ties share a rank: 1, 1, 3); within each branch or team for a
    branch or team scope; a figure of 0 wins nothing. A team-awarded honor ranks the teams by
    the sum of their people's figures. The General camp points honor also lists the week's
    last place (``last_place``; "no one wants to be last").

    :returns: columns :data:`ROLL_COLUMNS`, by group, rank, then person (or team).
    """
    code, scope, to_team = str(honor["code"]), str(honor["scope"]), honor["awarded_to"] == "team"
    if pd.isna(honor["threshold"]):
        raise RuleInputError("r10_honors", code, "threshold", "honor or threshold missing")
    figures = metric_figures(str(honor["metric"]), period, data, rules, as_of)
    team_of, branch_of, team_branch = data.places
    if to_team:
        figures = _by_person(figures, team_of.reindex(figures.index.astype("int64")).set_axis(figures.index))
        branch_of = team_branch
    groups = None if scope == "company" else (branch_of if scope == "branch" else team_of)
    if groups is not None:
        groups = groups.reindex(figures.index)
    won = honor_winners(figures, str(honor["comparison"]), float(honor["threshold"]), groups)
    last = pd.Series(dtype=bool)
    if str(honor["metric"]) == "camp_points" and len(data.camp_points) and not to_team:
        last = _last_places(figures, groups)
        extra = last.index[last.to_numpy() & ~last.index.isin(won["person_id"].astype("int64"))]
        if len(extra):
            key = pd.Series(0, index=figures.index) if groups is None else groups
            rank = figures.groupby(key).rank(method="min", ascending=False)
            tail = pd.DataFrame(
                {"person_id": extra, "figure": figures[extra].to_numpy(), "rank": rank[extra].to_numpy()}
            )
            if groups is not None:
                tail["group"] = groups[extra].to_numpy()
            won = pd.concat([won, tail.astype({"rank": "int64"})], ignore_index=True)
    if won.empty:
        return _empty_roll()
    who = won["person_id"].astype("int64")
    out = pd.DataFrame(
        {
            "honor_code": code,
            "period": period,
            "scope": scope,
            "group_id": pd.array(won["group"] if "group" in won else [pd.NA] * len(won), dtype="Int64"),
            "person_id": pd.array([pd.NA] * len(won) if to_team else who, dtype="Int64"),
            "team_id": pd.array(who if to_team else team_of.reindex(who).to_numpy(), dtype="Int64"),
            "branch_id": pd.array(branch_of.reindex(who).to_numpy(), dtype="Int64"),
            "rank": pd.array(won["rank"], dtype="Int64"),
            "figure": won["figure"].astype("float64").to_numpy(),
            "last_place": False,
        }
    )
    if len(last):
        out["last_place"] = last.reindex(who).fillna(False).astype(bool).to_numpy()
    out = out.astype({"honor_code": "string", "period": "string", "scope": "string"})
    return out.sort_values(["group_id", "rank", "person_id", "team_id"], kind="stable", na_position="first")[
        ROLL_COLUMNS
    ].reset_index(drop=True)


def _last_places(figures: pd.Series, groups: pd.Series | None) -> pd.Series:
    """By person: whether they hold the last place of the board (company-wide, or of their
    branch or team for a scoped honor): everyone tied at the lowest figure, unless all of
    the board are tied (as :func:`camp_points_board`)."""
    key = pd.Series(0, index=figures.index) if groups is None else groups.reindex(figures.index)
    keep = key.notna()
    f, k = figures[keep], key[keep]
    low = f.groupby(k).transform("min")
    distinct = f.groupby(k).transform("nunique")
    return ((f == low) & (distinct > 1)).reindex(figures.index, fill_value=False).astype(bool)


def live_honors(period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every honor of ``period``'s type (``r10_honors``) computed live, in honor order."""
    rows = honor_rows(rules, periods.period_kind(period))
    rolls = [honor_roll(h, period, data, rules, as_of) for _, h in rows.iterrows()]
    return pd.concat([_empty_roll(), *rolls], ignore_index=True) if rolls else _empty_roll()


def frozen_honors(frozen: pd.DataFrame, period: str) -> pd.DataFrame:
    """The honors kept when ``period`` was closed (rows of ``honors``) as a roll."""
    f = frozen.loc[frozen["period"] == period] if len(frozen) else frozen
    if f.empty:
        return _empty_roll()
    f = with_columns(f, ("scope", "last_place"))
    scope = f["scope"].fillna("company").astype("string")
    group = np.where(scope == "branch", f["branch_id"], np.where(scope == "team", f["team_id"], np.nan))
    out = pd.DataFrame(
        {
            "honor_code": f["honor_code"].astype("string"),
            "period": f["period"].astype("string"),
            "scope": scope,
            "group_id": _ids(pd.Series(group, index=f.index)),
            "person_id": _ids(f["person_id"]),
            "team_id": _ids(f["team_id"]),
            "branch_id": _ids(f["branch_id"]),
            "rank": _ids(f["rank_no"]),
            "figure": pd.to_numeric(f["figure"], errors="coerce").astype("float64"),
            "last_place": pd.to_numeric(f["last_place"], errors="coerce").fillna(0).astype(bool),
        }
    )
    return out.reset_index(drop=True)[ROLL_COLUMNS]


def period_honors(period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """The honors of ``period``: read from its snapshot when it is closed, else live."""
    if period in data.closed:
        return frozen_honors(data.frozen, period)
    return live_honors(period, data, rules, as_of)
