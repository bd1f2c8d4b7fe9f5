"""The R10 honors engine (issue 15): every honor of ``r10_honors`` for any period, driven by
the rules table (a new honor of an existing kind is a row): the rolls with their ranks,
scopes, the camp board's last place and the podium's runners-up, for many periods in one
pass; a closed period read from its snapshot. What the honors are judged on (the data and
each metric's figures): kam.rules.honor_metrics; the single rules: kam.rules.honors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from kam.rules import periods
from kam.rules.honor_metrics import HonorData, _figure_frame, metric_table
from kam.rules.honors import _ids
from kam.rules.params import RuleInputError, Rules, rounded, table, with_columns

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
    "runner_up",
]
# The places a podium shows: a ranked honor of fewer places (the Monthly Crown's one) lists
# the others up to here as runners-up, which are shown on its podium and kept with its close
# but are not the honor (kam.views.honors.honored leaves them out of every count).
PODIUM_PLACES = 3


def is_board(honor: pd.Series) -> bool:
    """The honor is a board: everyone on it listed, its last place marked (``shows_last``)."""
    flag = honor.get("shows_last")
    return bool(flag) and not pd.isna(flag)


def honor_rows(rules: Rules, kind: str) -> pd.DataFrame:
    """The ``r10_honors`` rows of a period type, in honor order (scope and recipient default
    to company and person where the rules table predates them)."""
    h = with_columns(table(rules, "r10_honors"), ("scope", "awarded_to", "shows_last"))
    h = h.assign(
        scope=h["scope"].fillna("company"),
        awarded_to=h["awarded_to"].fillna("person"),
        shows_last=pd.to_numeric(h["shows_last"], errors="coerce").fillna(0).astype("int64"),
    )
    return h.loc[h["period"] == kind].sort_values("honor_order", kind="stable").reset_index(drop=True)


def _empty_roll() -> pd.DataFrame:
    return _EMPTY_ROLL.copy()


def _new_empty_roll() -> pd.DataFrame:
    ints = {c: pd.Series(dtype="Int64") for c in ("group_id", "person_id", "team_id", "branch_id", "rank")}
    text = {c: pd.Series(dtype="string") for c in ("honor_code", "period", "scope")}
    flags = {c: pd.Series(dtype=bool) for c in ("last_place", "runner_up")}
    return pd.DataFrame({**text, **ints, "figure": pd.Series(dtype="float64"), **flags})[ROLL_COLUMNS]


_EMPTY_ROLL = _new_empty_roll()


def honor_rolls(
    honor: pd.Series, labels: Sequence[str], data: HonorData, rules: Rules, as_of: dt.date | None = None
) -> pd.DataFrame:
    """The rolls of one honor (a row of ``r10_honors``) in each of ``labels`` (periods of
    the honor's type), computed live in one pass.

    The winners: everyone whose figure is ``>=`` / ``>`` the threshold, or the ``top``
    ``threshold`` places (ties share a rank: 1, 1, 3); within each branch or team for a
    branch or team scope (people without one are left out); a figure of 0 wins nothing. A
    team-awarded honor ranks the teams by the sum of their people's figures. A board
    (``shows_last``: the General camp points) also lists its last place (``last_place``:
    everyone tied at the lowest figure of the board, unless all of it is tied; "no one wants
    to be last"). A
    ranked honor of fewer than :data:`PODIUM_PLACES` places lists the places below it up
    to there as ``runner_up`` (its podium's other steps).

    :returns: columns :data:`ROLL_COLUMNS`, by period (as in ``labels``), group, rank, then
      person (or team).
    """
    code, scope, to_team = str(honor["code"]), str(honor["scope"]), honor["awarded_to"] == "team"
    comparison, metric = str(honor["comparison"]), str(honor["metric"])
    if pd.isna(honor["threshold"]):
        raise RuleInputError("r10_honors", code, "threshold", "honor or threshold missing")
    if comparison not in (">=", ">", "top"):
        raise RuleInputError("r10_honors", comparison, "comparison", "expected >=, > or top")
    t = metric_table(metric, labels, data, rules, as_of)
    t = t.loc[t["figure"].notna()]
    ends = np.array([periods.period_bounds(p)[1] for p in labels], dtype="datetime64[D]")
    team, branch = data.places_at(t["person_id"].to_numpy(dtype="int64"), ends[t["pos"].to_numpy()])
    if to_team:  # the teams' sums, each team in its branch of the period's end
        has = ~np.isnan(team)
        t = _figure_frame(t["pos"].to_numpy()[has], team[has], t["figure"][has])
        t = t.groupby(["pos", "person_id"], as_index=False, sort=True)["figure"].sum()
        team = t["person_id"].to_numpy(dtype="float64")
        branch = data.team_branches_at(t["person_id"].to_numpy(dtype="int64"), ends[t["pos"].to_numpy()])
    who = t["person_id"].to_numpy(dtype="int64")
    group = np.full(len(t), np.nan) if scope == "company" else (branch if scope == "branch" else team)
    keep = (scope == "company") | ~np.isnan(group)
    t, who, group, team, branch = t.loc[keep], who[keep], group[keep], team[keep], branch[keep]
    key = [t["pos"].to_numpy(), np.nan_to_num(group, nan=-1)]
    s = rounded(t["figure"])
    rank = s.groupby(key).rank(method="min", ascending=False)
    runner = pd.Series(False, index=t.index)
    if comparison == "top":
        hit = (s > 0) & (rank <= int(honor["threshold"]))
        runner = (s > 0) & ~hit & (rank <= PODIUM_PLACES)
    else:
        bar = rounded(float(honor["threshold"]))
        hit = ((s >= bar) if comparison == ">=" else (s > bar)) & (s > 0)
    last = pd.Series(False, index=t.index)
    if is_board(honor) and not to_team:
        f = t["figure"]
        last = (f == f.groupby(key).transform("min")) & (f.groupby(key).transform("nunique") > 1)
    won = (hit | last | runner).to_numpy()
    if not won.any():
        return _empty_roll()
    who, pos = who[won], t["pos"].to_numpy()[won]
    out = pd.DataFrame(
        {
            "honor_code": pd.array([code] * len(who), dtype="string"),
            "period": pd.array(np.asarray(labels, dtype=object)[pos], dtype="string"),
            "scope": pd.array([scope] * len(who), dtype="string"),
            "group_id": _ids(pd.Series(group[won])).array,
            "person_id": pd.array([pd.NA] * len(who) if to_team else who, dtype="Int64"),
            "team_id": _ids(pd.Series(team[won])).array,
            "branch_id": _ids(pd.Series(branch[won])).array,
            "rank": pd.array(rank.to_numpy()[won].astype("int64"), dtype="Int64"),
            "figure": t["figure"].to_numpy(dtype="float64")[won],
            "last_place": last.to_numpy()[won],
            "runner_up": runner.to_numpy()[won],
            "_pos": pos,
        }
    )
    out = out.sort_values(["_pos", "group_id", "rank", "person_id", "team_id"], kind="stable", na_position="first")
    return out[ROLL_COLUMNS].reset_index(drop=True)


def honor_roll(
    honor: pd.Series, period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None
) -> pd.DataFrame:
    """The roll of one honor (a row of ``r10_honors``) in ``period``, computed live
    (:func:`honor_rolls` of one period)."""
    return honor_rolls(honor, [period], data, rules, as_of)


def _in_order(parts: list[pd.DataFrame], labels: Sequence[str]) -> pd.DataFrame:
    """The rolls by period as in ``labels`` (each roll keeping its own order)."""
    if not parts:
        return _empty_roll()
    out = pd.concat([_empty_roll(), *parts], ignore_index=True)
    where = {p: i for i, p in enumerate(labels)}
    order = np.argsort(out["period"].map(where).to_numpy(dtype="int64"), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def live_rolls(labels: Sequence[str], data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every honor of each of ``labels`` (periods of any types) computed live: by period as
    in ``labels``, then in honor order; every period of a type computed in one pass."""
    kinds: dict[str, list[str]] = {}
    for p in labels:
        kinds.setdefault(periods.period_kind(p), []).append(p)
    parts = [
        honor_rolls(h, ps, data, rules, as_of)
        for kind, ps in kinds.items()
        for _, h in honor_rows(rules, kind).iterrows()
    ]
    return _in_order(parts, labels)


def live_honors(period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every honor of ``period``'s type (``r10_honors``) computed live, in honor order."""
    return live_rolls([period], data, rules, as_of)


def _frozen(frozen: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    f = frozen.loc[frozen["period"].isin(list(labels))] if len(frozen) else frozen
    if f.empty:
        return _empty_roll()
    f = with_columns(f, ("scope", "last_place", "runner_up"))
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
            "runner_up": pd.to_numeric(f["runner_up"], errors="coerce").fillna(0).astype(bool),
        }
    )
    return out.reset_index(drop=True)[ROLL_COLUMNS]


def frozen_honors(frozen: pd.DataFrame, period: str) -> pd.DataFrame:
    """The honors kept when ``period`` was closed (rows of ``honors``) as a roll."""
    return _frozen(frozen, [period])


def period_rolls(labels: Sequence[str], data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """The honors of each of ``labels``: a closed period's read from its snapshot, the open
    ones computed live; by period as in ``labels``."""
    kept = [p for p in labels if p in data.closed]
    live = [p for p in labels if p not in data.closed]
    return _in_order([_frozen(data.frozen, kept), live_rolls(live, data, rules, as_of)], labels)


def period_honors(period: str, data: HonorData, rules: Rules, as_of: dt.date | None = None) -> pd.DataFrame:
    """The honors of ``period``: read from its snapshot when it is closed, else live."""
    return period_rolls([period], data, rules, as_of)
