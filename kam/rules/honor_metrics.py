"""What the R10 honors are judged on (issue 15): the data of a period's honors
(:class:`HonorData`, prepared once for many periods) and each metric's figures per person for
many periods at once: sales, Million Star months, new key customers, recruits, cleared hires,
camp points. The rolls built on them: kam.rules.honor_engine."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.clearances import PASSED, clearance_status, records_began
from kam.rules.cooperation import won_orders
from kam.rules.honors import MILLION_STAR, _honor, _ids, _new_key, _positions, _sorted_won, _Wins
from kam.rules.params import RuleInputError, Rules, numbers, param, rounded, with_columns
from kam.rules.placement import values_at

# The metrics an honor can be judged on, and the period types each makes sense for: the
# Million Star months are counted over a quarter or a year; the General camp's points are
# kept per ISO week. Choice: a new honor of another period is a rules row only where the
# metric is defined for that period (kam.invariants refuses the others). Choice: the Million
# Star months count the months won of the ``million_star`` row (its comparison and threshold,
# closed months from their snapshots); another monthly club counted over a year would need a
# metric of its own.
METRIC_PERIODS: dict[str, tuple[str, ...]] = {
    "sales": ("week", "month", "quarter", "year"),
    "million_star_months": ("quarter", "year"),
    "new_key_customers": ("month", "quarter", "year"),
    "recruits": ("month", "quarter", "year"),
    "cleared_hires": ("month", "quarter", "year"),
    "camp_points": ("week",),
}


@dataclass(frozen=True)
class HonorData:
    """What the honors of a period are computed from (every frame may be empty).

    :param orders: orders (id, customer_id, owner_id, stage, close_date, amount, ...).
    :param people: id, branch_id, team_id, join_date, recruited_by (branch and team today).
    :param teams: id, branch_id (a team-awarded honor's branch, today).
    :param clearances: :func:`kam.rules.clearances.clearance_status` at the as-of date
      (the cleared hires), or None.
    :param camp_points: rows of ``camp_points``.
    :param frozen: the ``honors`` rows of closed periods (the Six-time Million Star reads the
      closed months' Million Stars from them).
    :param closed: the labels of the closed periods.
    :param moves: the moves between teams and branches since (kam.rules.placement), which
      put each winner in the team and branch of the period's end.
    """

    orders: pd.DataFrame
    people: pd.DataFrame
    teams: pd.DataFrame = field(default_factory=pd.DataFrame)
    clearances: pd.DataFrame | Callable[[], pd.DataFrame] | None = None
    camp_points: pd.DataFrame = field(default_factory=pd.DataFrame)
    frozen: pd.DataFrame = field(default_factory=pd.DataFrame)
    closed: frozenset[str] = frozenset()
    moves: pd.DataFrame = field(default_factory=pd.DataFrame)

    # What every honor of every period reads, prepared once (a year's honors are some forty
    # rolls over the same orders): kept on the instance (functools.cached_property).

    @functools.cached_property
    def status(self) -> pd.DataFrame | None:
        """The clearance status, computed on first use when given as a function (only the
        cleared hires read it)."""
        return self.clearances() if callable(self.clearances) else self.clearances

    @functools.cached_property
    def won(self) -> pd.DataFrame:
        """:func:`kam.rules.cooperation.won_orders` of the orders."""
        return won_orders(self.orders)

    @functools.cached_property
    def owned(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The won orders with a date and an owner as arrays: the owner's code (0..n-1), the
        owners' ids by code, the day (datetime64[D]), the amount."""
        won = self.won
        keep = (won["won_date"].notna() & won["owner_id"].notna()).to_numpy()
        codes, owners = pd.factorize(won["owner_id"].to_numpy()[keep].astype("int64"))
        return (
            codes.astype("int64"),
            np.asarray(owners, dtype="int64"),
            won["won_date"].to_numpy()[keep].astype("datetime64[D]"),
            won["amount"].to_numpy(dtype="float64")[keep],
        )

    @functools.cached_property
    def won_sorted(self) -> _Wins:
        """The won orders with a date and a customer (:func:`_sorted_won`)."""
        return _sorted_won(self.won)

    @functools.cached_property
    def places(self) -> tuple[pd.Series, pd.Series, pd.Series]:
        """By person id: their team and branch today; by team id: its branch today."""
        people = with_columns(self.people, ("id", "branch_id", "team_id")).assign(id=lambda f: _ids(f["id"]))
        people = people.dropna(subset=["id"]).drop_duplicates("id").set_index("id")
        teams = with_columns(self.teams, ("id", "branch_id")).assign(id=lambda f: _ids(f["id"]))
        team_branch = _ids(teams.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["branch_id"])
        return _ids(people["team_id"]), _ids(people["branch_id"]), team_branch

    def places_at(self, who: np.ndarray, days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each person's team and branch at the end of their day (float ids, NaN: none)."""
        team, branch, _ = self.places
        return (
            values_at(team, self.moves, "people", "team_id", who, days),
            values_at(branch, self.moves, "people", "branch_id", who, days),
        )

    def team_branches_at(self, teams: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Each team's branch at the end of its day."""
        return values_at(self.places[2], self.moves, "teams", "branch_id", teams, days)

    @functools.cached_property
    def cache(self) -> dict:
        """Figures several honors share (the new key customers of the award and the legion
        award, the sales of the clubs), by what they were computed from; never changed."""
        return {}


def _by_person(values: pd.Series, keys: pd.Series) -> pd.Series:
    keep = keys.notna()
    out = values[keep].groupby(keys[keep].astype("int64")).sum()
    out.index.name = "person_id"
    return out.astype("float64")


def _days(dates: pd.Series) -> np.ndarray:
    return periods.to_dates(dates).to_numpy().astype("datetime64[D]")


FIGURE_COLUMNS = ["pos", "person_id", "figure"]  # a metric's figures over several periods


def _figure_frame(pos: np.ndarray, who: np.ndarray, figure: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pos": np.asarray(pos, dtype="int64"),
            "person_id": np.asarray(who, dtype="int64"),
            "figure": np.asarray(figure, dtype="float64"),
        }
    )


def _counted(pos: np.ndarray, who: pd.Series) -> pd.DataFrame:
    """One figure per (period position, person): how many rows of each (``pos`` -1 and a
    missing person are left out)."""
    ids = _ids(who).to_numpy(dtype="float64", na_value=np.nan)
    keep = (pos >= 0) & ~np.isnan(ids)
    f = _figure_frame(pos[keep], ids[keep], np.ones(int(keep.sum())))
    return f.groupby(["pos", "person_id"], as_index=False, sort=True)["figure"].sum()[FIGURE_COLUMNS]


def _figures(table_: pd.DataFrame) -> pd.Series:
    """One period's figures (:data:`FIGURE_COLUMNS`) by person id."""
    return pd.Series(
        table_["figure"].to_numpy(dtype="float64"),
        index=pd.Index(table_["person_id"].to_numpy(dtype="int64"), name="person_id"),
        dtype="float64",
    )


def _recruits(people: pd.DataFrame, labels: Sequence[str], as_of: dt.date | None = None) -> pd.DataFrame:
    p = with_columns(people, ("join_date", "recruited_by"))
    return _counted(_positions(_days(p["join_date"]), labels, as_of), p["recruited_by"])


def recruits(people: pd.DataFrame, period: str, as_of: dt.date | None = None) -> pd.Series:
    """R10 talent award figure: by recruiter, the people who joined in ``period`` (up to
    ``as_of`` when given: a join date entered ahead counts from that day on)."""
    return _figures(_recruits(people, [period], as_of))


def _cleared_hires(
    people: pd.DataFrame, status: pd.DataFrame | None, rules: Rules, labels: Sequence[str]
) -> pd.DataFrame:
    if status is None or status.empty:
        return _figure_frame([], [], [])
    s = status.assign(_met=periods.to_dates(status["met_date"]))
    every = s["status"].isin(PASSED).groupby(s["person_id"]).all()
    done = s.groupby("person_id")["_met"].max()
    done = done[every.reindex(done.index, fill_value=False)]
    p = with_columns(people, ("id", "join_date", "recruited_by")).assign(id=lambda f: _ids(f["id"]))
    began = records_began(rules)
    joined = periods.to_dates(p["join_date"])
    p = p.loc[(joined >= pd.Timestamp(began)).fillna(False).astype(bool)] if began is not None else p.iloc[0:0]
    p = p.loc[p["id"].isin(done.index.astype("int64"))]
    met = done.reindex(p["id"].astype("int64").to_numpy())
    return _counted(_positions(met.to_numpy().astype("datetime64[D]"), labels), p["recruited_by"])


def cleared_hires(people: pd.DataFrame, status: pd.DataFrame | None, rules: Rules, period: str) -> pd.Series:
    """R10 talent award figure: by recruiter, the new hires who passed every clearance
    (on time or late) and whose last clearance passed in ``period``.

    Choice: a "new hire" joined on or after records began (``r9_records_began_year``);
    people entered with the clearances they passed before it credit nobody.
    """
    return _figures(_cleared_hires(people, status, rules, [period]))


def new_hires(people: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """The people who joined on or after records began (``r9_records_began_year``)."""
    began = records_began(rules)
    joined = periods.to_dates(with_columns(people, ("join_date",))["join_date"])
    return people.loc[(joined >= pd.Timestamp(began)).fillna(False).to_numpy()] if began else people.iloc[0:0]


def hire_orders(people: pd.DataFrame, orders: pd.DataFrame, rules: Rules) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The new hires (:func:`new_hires`) and the orders they own: all that their clearance
    status reads of the people and the orders."""
    hires = new_hires(people, rules)
    owners = pd.to_numeric(orders["owner_id"], errors="coerce") if len(orders) else orders.get("owner_id")
    mine = orders.loc[owners.isin(pd.to_numeric(hires["id"], errors="coerce")).to_numpy()] if len(orders) else orders
    return hires, mine


def new_hire_status(
    people: pd.DataFrame, orders: pd.DataFrame, results: pd.DataFrame, rules: Rules, as_of: dt.date
) -> Callable[[], pd.DataFrame]:
    """The clearance status of the new hires (:func:`hire_orders`), as a function computed
    on first use (:attr:`HonorData.clearances`): only the cleared hires read it, and nobody
    else can count for them."""

    def status() -> pd.DataFrame:
        return clearance_status(*hire_orders(people, orders, rules), results, rules, as_of)

    return status


def _sales(data: HonorData, labels: Sequence[str], as_of: dt.date | None) -> pd.DataFrame:
    """Each person's sales in each period (one pass over the prepared arrays of ``data``):
    people with at least one won order in the period."""
    code, owners, day, amount = data.owned
    pos = _positions(day, labels, as_of)
    keep = pos >= 0
    n = len(owners)
    if not keep.any() or not n:
        return _figure_frame([], [], [])
    key = pos[keep] * n + code[keep]
    sums = np.bincount(key, weights=amount[keep], minlength=len(labels) * n)
    seen = np.flatnonzero(np.bincount(key, minlength=len(labels) * n))
    return _figure_frame(seen // n, owners[seen % n], sums[seen])


def _million_star_months(data: HonorData, rules: Rules, labels: Sequence[str], as_of: dt.date | None) -> pd.DataFrame:
    """Each person's months of each period in which they were a Million Star, a closed
    month read from its frozen roll, an open one computed live (the ``million_star`` row's
    comparison and threshold, as :func:`million_stars`)."""
    months = [periods.periods_between("month", *periods.period_bounds(p)) for p in labels]
    month = [m for ms in months for m in ms]
    parent = np.repeat(np.arange(len(labels), dtype="int64"), [len(ms) for ms in months])
    live = np.array([m not in data.closed for m in month], dtype=bool)
    pos: list[np.ndarray] = []
    who: list[np.ndarray] = []
    if live.any():
        comparison, threshold = _honor(rules, MILLION_STAR)
        s = _sales(data, [m for m, open_ in zip(month, live, strict=True) if open_], as_of)
        bar = rounded(s["figure"])
        s = s.loc[(bar >= threshold) if comparison == ">=" else (bar > threshold)]
        pos.append(parent[live][s["pos"].to_numpy()])
        who.append(s["person_id"].to_numpy())
    frozen = data.frozen
    if (~live).any() and len(frozen):
        kept = dict(zip((m for m, open_ in zip(month, live, strict=True) if not open_), parent[~live], strict=True))
        f = frozen.loc[(frozen["honor_code"] == MILLION_STAR) & frozen["period"].isin(kept)]
        f = f.drop_duplicates(["period", "person_id"]).dropna(subset=["person_id"])
        pos.append(f["period"].map(kept).to_numpy(dtype="int64"))
        who.append(f["person_id"].to_numpy(dtype="int64"))
    if not pos:
        return _figure_frame([], [], [])
    return _counted(np.concatenate(pos), pd.Series(np.concatenate(who)))


def _new_keys(data: HonorData, rules: Rules, labels: Sequence[str], as_of: dt.date | None) -> pd.DataFrame:
    key = ("new_key", tuple(labels), as_of, rounded(param(rules, "r10_new_key_min")))
    if key not in data.cache:  # the award and the legion award count the same
        data.cache[key] = _new_key(data.won_sorted, rules, labels, as_of)
    return _counted(data.cache[key]["pos"].to_numpy(), data.cache[key]["person_id"])


def _camp_points(points: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    """Each participant's homework + attendance points of each ISO week (as
    :func:`camp_points_board`)."""
    if points.empty:
        return _figure_frame([], [], [])
    where = {w: i for i, w in enumerate(labels)}
    pos = points["week"].astype("string").map(where).fillna(-1).to_numpy(dtype="int64")
    who = _ids(points["person_id"]).to_numpy(dtype="float64", na_value=np.nan)
    keep = (pos >= 0) & ~np.isnan(who)
    got = numbers(points["homework"]).fillna(0).astype("int64") + numbers(points["attendance"]).fillna(0).astype(
        "int64"
    )
    f = _figure_frame(pos[keep], who[keep], got.to_numpy()[keep])
    return f.groupby(["pos", "person_id"], as_index=False, sort=True)["figure"].sum()[FIGURE_COLUMNS]


def metric_table(
    metric: str, labels: Sequence[str], data: HonorData, rules: Rules, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Each person's figure of ``metric`` in each of ``labels`` (periods of one kind):
    columns :data:`FIGURE_COLUMNS`, ``pos`` the period's position in ``labels``; people
    without a figure in a period are left out. Sales in yuan, Million Star months, new key
    customers, recruits, cleared hires or camp points."""
    if metric in _PLAIN_METRICS:  # the rules do not change them: shared by the honors of a metric
        key = (metric, tuple(labels), as_of)
        if key not in data.cache:
            data.cache[key] = _PLAIN_METRICS[metric](data, labels, as_of)
        return data.cache[key]
    if metric == "million_star_months":
        return _million_star_months(data, rules, labels, as_of)
    if metric == "new_key_customers":
        return _new_keys(data, rules, labels, as_of)
    if metric == "cleared_hires":
        return _cleared_hires(data.people, data.status, rules, labels)
    raise RuleInputError("r10_honors", metric, "metric", "unknown metric")


_PLAIN_METRICS: dict[str, Callable[[HonorData, Sequence[str], dt.date | None], pd.DataFrame]] = {
    "sales": _sales,
    "recruits": lambda data, labels, as_of: _recruits(data.people, labels, as_of),
    "camp_points": lambda data, labels, _: _camp_points(data.camp_points, labels),
}


def metric_figures(metric: str, period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.Series:
    """Each person's figure of ``metric`` in ``period`` (by person id; people without one
    are left out): :func:`metric_table` of one period."""
    return _figures(metric_table(metric, [period], data, rules, as_of))
