"""R6 targets: under-allocation, actual sales, progress (domain.md); period labels are in
:mod:`kam.rules.periods`.

Periods are strings: a year ``2026``, a quarter ``2026-Q4``, a month ``2026-10``.
An entity is the company, a branch, a team or a person (``targets.entity_type``).
Entities are keyed internally as ``company``, ``branch:3``, ``team:7``, ``person:42``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import numpy as np
import pandas as pd

from kam.rules.cooperation import won_orders
from kam.rules.params import ids, rounded
from kam.rules.periods import elapsed_shares, parse_periods, period_bounds, to_dates

UNDER_ALLOCATED_COLUMNS = [
    "target_id",
    "entity_type",
    "entity_id",
    "period",
    "amount",
    "children_sum",
    "children_count",
    "shortfall",
    "under_allocated",
]
PROGRESS_COLUMNS = [
    "target_id",
    "entity_type",
    "entity_id",
    "period",
    "period_kind",
    "target",
    "actual",
    "progress",
    "expected",
    "split",
    "behind",
    "status",
]


# -- entities --------------------------------------------------------------------------


def _key(entity_type: str | pd.Series, entity_id: pd.Series) -> pd.Series:
    text = ids(entity_id).astype("string")
    if isinstance(entity_type, str):
        return (
            (entity_type + ":" + text)
            if entity_type != "company"
            else (pd.Series("company", index=text.index, dtype="string"))
        )
    et = entity_type.astype("string")
    return (et + ":" + text).where(et != "company", "company")


def _person_branch(people: pd.DataFrame, teams: pd.DataFrame) -> pd.Series:
    """Each person's branch: the team's branch when the person has a known team, else
    the person's own ``branch_id`` (people with no team count towards their branch)."""
    team_branch = pd.Series(ids(teams["branch_id"]).to_numpy(), index=ids(teams["id"]))
    via_team = ids(people["team_id"]).map(team_branch).astype("Int64")
    return via_team.fillna(ids(people["branch_id"])).astype("Int64")


def _edges(branches: pd.DataFrame, teams: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Parent -> child entity keys: company -> branches, branch -> teams and its people
    with no team, team -> its people."""
    no_team = people[ids(people["team_id"]).isna() & ids(people["branch_id"]).notna()]
    with_team = people[ids(people["team_id"]).notna()]
    parts = [
        (
            pd.Series("company", index=branches.index, dtype="string"),
            _key("branch", branches["id"]),
        ),
        (_key("branch", teams["branch_id"]), _key("team", teams["id"])),
        (_key("branch", no_team["branch_id"]), _key("person", no_team["id"])),
        (_key("team", with_team["team_id"]), _key("person", with_team["id"])),
    ]
    return pd.concat(
        [pd.DataFrame({"parent": p.to_numpy(), "child": c.to_numpy()}) for p, c in parts],
        ignore_index=True,
    ).astype("string")


def _target_frame(targets: pd.DataFrame) -> pd.DataFrame:
    t = pd.DataFrame(
        {
            "target_id": ids(targets["id"]) if "id" in targets else pd.NA,
            "entity_type": targets["entity_type"].astype("string"),
            "entity_id": ids(targets["entity_id"]),
            "period": targets["period"].astype("string"),
            "amount": pd.to_numeric(targets["amount"], errors="coerce"),
        },
        index=targets.index,
    )
    t["key"] = _key(t["entity_type"], t["entity_id"])
    return t


def under_allocated(
    targets: pd.DataFrame,
    branches: pd.DataFrame,
    teams: pd.DataFrame,
    people: pd.DataFrame,
) -> pd.DataFrame:
    """R6: one row per parent target (company, branch, team) with its children's targets
    for the same period.

    Children: company -> branches; branch -> its teams and its people with no team;
    team -> people whose ``team_id`` is the team.

    :returns: columns ``target_id, entity_type, entity_id, period, amount, children_sum,
      children_count, shortfall, under_allocated``. Children adding up to the parent's
      amount are fine; a parent whose children have no targets at all is under-allocated
      with ``shortfall = amount``.
    """
    # Choice: membership is the people table as it stands (no as-of date here), so a
    # target given to someone who has since left still counts as allocated.
    t = _target_frame(targets)
    parents = t[t["entity_type"].isin(["company", "branch", "team"])]
    edges = _edges(branches, teams, people)
    pe = parents[["key", "period"]].reset_index(names="row").merge(edges, left_on="key", right_on="parent")
    child = t[["key", "period", "amount"]].rename(columns={"key": "child"})
    got = pe.merge(child, on=["child", "period"])
    agg = got.groupby("row")["amount"].agg(["sum", "count"])
    out = parents.drop(columns="key").copy()
    out["children_sum"] = agg["sum"].reindex(out.index).fillna(0).astype("int64")
    out["children_count"] = agg["count"].reindex(out.index).fillna(0).astype("int64")
    out["shortfall"] = (out["amount"] - out["children_sum"]).clip(lower=0)
    # Choice: taken literally from domain.md, a parent whose children have no targets is
    # flagged even when its own amount is 0 (the decomposition has not been done).
    out["under_allocated"] = (out["children_sum"] < out["amount"]) | (out["children_count"] == 0)
    return out[UNDER_ALLOCATED_COLUMNS].reset_index(drop=True)


# -- actual sales and progress ---------------------------------------------------------


def _membership(people: pd.DataFrame, teams: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """(key, person_id) for person, team and branch entities.

    A person always counts for themself; teams and branches count their current members
    at ``as_of``.
    """
    pid = ids(people["id"])
    left = to_dates(people["left_date"]) if "left_date" in people else None
    # Choice: someone whose left date is on or before as_of is no longer a current
    # member, so their sales leave the team's and branch's actual (not the company's).
    current = (
        pd.Series(True, index=people.index)
        if left is None
        else ~(left <= pd.Timestamp(as_of)).fillna(False).astype(bool)
    )
    # The manager counts towards a team when their people row names that team, and as
    # its leader (teams.leader_id, migration 002) when it does not (domain.md: "the
    # manager's own included"); a leader who has left no longer counts.
    parts = [
        pd.DataFrame({"key": _key("person", people["id"]), "person_id": pid}),
        pd.DataFrame({"key": _key("team", people["team_id"]), "person_id": pid})[current],
        pd.DataFrame({"key": _key("branch", _person_branch(people, teams)), "person_id": pid})[current],
    ]
    if "leader_id" in teams:
        leader = ids(teams["leader_id"])
        active = leader.isin(pid[current])
        parts.append(pd.DataFrame({"key": _key("team", teams["id"]), "person_id": leader})[active])
    m = pd.concat(parts, ignore_index=True)
    return m[m["key"].notna()].drop_duplicates()


def _won_until(orders: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    won = won_orders(orders)
    d = won["won_date"]
    keep = (d <= pd.Timestamp(as_of)).fillna(False).astype(bool)
    return pd.DataFrame({"person_id": ids(won["owner_id"]), "date": d, "amount": won["amount"]})[keep]


def _sales_by_key(orders: pd.DataFrame, people: pd.DataFrame, teams: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Won orders up to ``as_of`` attributed to every entity key that owns them."""
    won = _won_until(orders, as_of)
    members = _membership(people, teams, as_of)
    owned = won.merge(members, on="person_id")[["key", "date", "amount"]]
    # Choice: the company's actual is every won order, owned or not.
    company = won[["date", "amount"]].assign(key="company")
    return pd.concat([owned, company], ignore_index=True)


def _labelled(sales: pd.DataFrame, kinds: Collection[str]) -> pd.DataFrame:
    """Sales summed per (key, period label) for the period kinds asked for.

    Summed per (key, year, quarter or month number) and labelled after: a label per sum,
    not per sale (formatting a date string per sale cost a second at 380,000 orders)."""
    d = sales["date"]
    year = d.dt.year
    parts = {"year": None, "quarter": d.dt.quarter, "month": d.dt.month}
    sums = []
    for kind in kinds:
        if kind not in parts:
            continue
        sub = parts[kind]
        long = pd.DataFrame(
            {"key": sales["key"], "year": year, "sub": 0 if sub is None else sub, "amount": sales["amount"]}
        )
        got = long.groupby(["key", "year", "sub"], as_index=False)["amount"].sum()
        y = got["year"].astype("int64").astype("string")
        n = got["sub"].astype("int64")
        if kind == "year":
            label = y
        elif kind == "quarter":
            label = y + "-Q" + n.astype("string")
        else:
            label = y + "-" + n.map("{:02d}".format).astype("string")
        sums.append(pd.DataFrame({"key": got["key"].astype("string"), "period": label, "amount": got["amount"]}))
    if not sums:
        return pd.DataFrame(
            {
                "key": pd.Series(dtype="string"),
                "period": pd.Series(dtype="string"),
                "amount": pd.Series(dtype="float64"),
            }
        )
    out = pd.concat(sums, ignore_index=True)
    return out.sort_values(["key", "period"], kind="stable", ignore_index=True)


def labelled_sales(
    orders: pd.DataFrame,
    people: pd.DataFrame,
    teams: pd.DataFrame,
    as_of: dt.date,
    kinds: Collection[str] = ("year",),
) -> pd.DataFrame:
    """R6 actual of every entity for every period of ``kinds``: won sales up to ``as_of``
    by the members at ``as_of`` (as :func:`progress` counts them).

    The sales do not depend on the targets, so a caller that shows progress again after a
    target is edited passes this to :func:`progress` instead of summing every order again.

    :returns: ``key`` (``company``, ``branch:3``, ``team:7``, ``person:42``), ``period``
      (a label of one of ``kinds``), ``amount`` (yuan); periods without sales have no row.
    """
    return _labelled(_sales_by_key(orders, people, teams, as_of), kinds)


def _actual_between(
    won: pd.DataFrame,
    people: pd.DataFrame,
    teams: pd.DataFrame,
    entity_type: str,
    first: dt.date,
    cut: dt.date,
) -> pd.Series:
    """:func:`actual_sales` over rows of :func:`won_orders` won in [first, cut], members at ``cut``."""
    d = won["won_date"]
    keep = ((d >= pd.Timestamp(first)) & (d <= pd.Timestamp(cut))).fillna(False).astype(bool)
    if entity_type == "company":
        # Choice: the company's actual is every won order, owned or not.
        total = int(won.loc[keep, "amount"].sum())
        return pd.Series([total], index=pd.Index([pd.NA], dtype="Int64", name="entity_id"), name="actual")
    prefix = f"{entity_type}:"
    members = _membership(people, teams, cut)
    members = members[members["key"].str.startswith(prefix).fillna(False).astype(bool)]
    sold = pd.DataFrame({"person_id": ids(won.loc[keep, "owner_id"]), "amount": won.loc[keep, "amount"]})
    mine = sold.merge(members, on="person_id")
    who = ids(mine["key"].str.slice(len(prefix)))
    out = mine["amount"].groupby(who).sum().astype("int64")
    out.index = out.index.astype("Int64").rename("entity_id")
    return out.rename("actual")


def actual_sales(
    orders: pd.DataFrame,
    people: pd.DataFrame,
    teams: pd.DataFrame,
    entity_type: str,
    period: str,
    as_of: dt.date | None = None,
) -> pd.Series:
    """R6 actual: won sales in ``period`` up to ``as_of`` of every entity of a type.

    A team's actual is the sum of its current members' sales (the manager's own
    included); people with no team count towards their branch.

    :param as_of: cut-off and membership date; ``None`` means the period's last day.
    :returns: ``actual`` (yuan) indexed by ``entity_id`` (``Int64``), one row per entity
      with sales; for ``company`` a single row with ``entity_id`` NA.
    :raises PeriodError: when the label is not a period.
    """
    first, last = period_bounds(period)
    cut = min(as_of, last) if as_of is not None else last
    return _actual_between(won_orders(orders), people, teams, entity_type, first, cut)


def monthly_actuals(
    orders: pd.DataFrame,
    people: pd.DataFrame,
    teams: pd.DataFrame,
    entity_type: str,
    year: int,
    as_of: dt.date,
) -> pd.DataFrame:
    """R6 actual of every entity of a type in each month of ``year`` begun by ``as_of``:
    month ``m`` is :func:`actual_sales` of period ``year-mm`` up to ``as_of`` (members at
    the month's last day, or at ``as_of`` in the month under way).

    The orders are prepared once for the twelve months (the monthly chart of any entity
    of the type reads its row).

    :returns: ``entity_id`` (``Int64``; NA for the company), ``month`` (1-12), ``actual``
      (yuan); an entity without sales in a begun month has no row for it.
    """
    won = won_orders(orders)
    d = won["won_date"]
    won = won[((d >= pd.Timestamp(year, 1, 1)) & (d <= pd.Timestamp(as_of))).fillna(False).astype(bool)]
    parts = []
    for month in range(1, 13):
        first, last = period_bounds(f"{year}-{month:02d}")
        if first > as_of:
            break
        got = _actual_between(won, people, teams, entity_type, first, min(as_of, last))
        parts.append(pd.DataFrame({"entity_id": got.index, "month": month, "actual": got.to_numpy()}))
    if not parts:
        return pd.DataFrame(
            {
                "entity_id": pd.Series(dtype="Int64"),
                "month": pd.Series(dtype="int64"),
                "actual": pd.Series(dtype="int64"),
            }
        )
    return pd.concat(parts, ignore_index=True)


def _split_share(parents: pd.DataFrame, subs: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """For each parent row: sum of sub-period targets x their elapsed share, and how
    many sub-period rows lie inside the parent period (same entity)."""
    subs = subs.assign(done=subs["amount"] * elapsed_shares(subs["first"], subs["last"], as_of))
    pair = (
        parents[["key", "first", "last"]]
        .reset_index(names="row")
        .merge(subs[["key", "first", "last", "done"]], on="key", suffixes=("", "_sub"))
    )
    inside = (pair["first_sub"] >= pair["first"]) & (pair["last_sub"] <= pair["last"])
    return pair[inside].groupby("row")["done"].agg(["sum", "count"])


def progress(
    targets: pd.DataFrame,
    orders: pd.DataFrame,
    people: pd.DataFrame,
    teams: pd.DataFrame,
    as_of: dt.date,
    kinds: Collection[str] = ("year",),
    sales: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """R6 progress of each target row whose period is of a kind in ``kinds``.

    ``actual`` = won sales in the period up to ``as_of``; ``progress`` = actual / target
    (NaN = no data when the target is 0); ``expected`` = elapsed share of the period,
    or, where the period is split into months (a year also into quarters), (targets of
    the sub-periods already over + the current one's target x its elapsed share) /
    target; ``behind`` when progress < expected (9-decimal rounding; False when no
    data).

    :returns: columns ``target_id, entity_type, entity_id, period, period_kind, target,
      actual, progress, expected, split, behind, status``; ``split`` is ``month``,
      ``quarter`` or NA; ``status`` is ``on_track``, ``behind`` or ``no_data``.
    :param sales: :func:`labelled_sales` of the same orders, people, teams, ``as_of`` and
      ``kinds``, when the caller keeps them (``orders`` is then not read).
    """
    t = _target_frame(targets)
    t = pd.concat([t, parse_periods(t["period"]).drop(columns="year")], axis=1)
    rows = t[t["kind"].isin(list(kinds))]

    if sales is None:
        sales = labelled_sales(orders, people, teams, as_of, kinds)
    actual = rows[["key", "period"]].merge(sales, on=["key", "period"], how="left")["amount"]
    actual = pd.Series(actual.fillna(0).astype("int64").to_numpy(), index=rows.index)

    amount = rows["amount"].astype("float64")
    share = elapsed_shares(rows["first"], rows["last"], as_of)
    split = pd.Series(pd.NA, index=rows.index, dtype="string")
    planned = pd.Series(np.nan, index=rows.index)
    for sub_kind, parent_kinds in (
        ("month", ("year", "quarter")),
        ("quarter", ("year",)),
    ):
        # Choice: month rows shape the expected share of a year or a quarter; quarter
        # rows shape a year's only when it has no month rows.
        parents = rows[rows["kind"].isin(parent_kinds) & split.isna()]
        agg = _split_share(parents, t[t["kind"] == sub_kind], as_of)
        hit = agg.index[agg["count"] > 0]
        planned.loc[hit] = agg.loc[hit, "sum"]
        split.loc[hit] = sub_kind
    has_target = amount.fillna(0) > 0
    # Choice: expected is clamped to 0..1 with a split too, so reaching 100% of the
    # period's target is never behind; with no target it shows the plain elapsed share.
    expected = (planned / amount.where(has_target)).clip(0.0, 1.0)
    expected = expected.where(split.notna() & has_target, share)
    prog = (actual / amount.where(has_target)).astype("float64")
    behind = (rounded(prog) < rounded(expected)) & has_target
    status = np.where(~has_target, "no_data", np.where(behind, "behind", "on_track"))

    out = rows[["target_id", "entity_type", "entity_id", "period"]].assign(
        period_kind=rows["kind"],
        target=rows["amount"],
        actual=actual,
        progress=prog,
        expected=expected,
        split=split,
        behind=behind.astype(bool),
        status=pd.Series(status, index=rows.index, dtype="string"),
    )
    return out[PROGRESS_COLUMNS].reset_index(drop=True)
