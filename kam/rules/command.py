"""R9 command structure: regiment, division and army commanders and what their team needs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.params import Rules, ids, numbers, table, with_columns
from kam.rules.periods import to_dates

COMMAND_COLUMNS = [
    "person_id",
    "command_rank",
    "direct_reports",
    "direct_partners",
    "sub_commanders",
    "qualified_rank",
    "lacks_structure",
    "next_rank",
    "ready_for_next",
]


def active_people(people: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """Who is on the team at as_of: joined on or before it and not left (a left date on or
    before as_of means gone; choice: the left date is the first day away)."""
    p = with_columns(people, ("join_date", "left_date"))
    ts = pd.Timestamp(as_of)
    joined = (to_dates(p["join_date"]) <= ts).fillna(True)
    left = (to_dates(p["left_date"]) <= ts).fillna(False)
    return (joined & ~left).astype(bool)


def sales_people(people: pd.DataFrame, rules: Rules) -> pd.Series:
    """True (by position) for people whose rank has a ``rank_order``: the sales ranks the
    clearances, the cadre standard and the stars are about (HR is outside the order)."""
    ranks = table(rules, "ranks")
    ordered = set(ranks.loc[ranks["rank_order"].notna(), "code"].astype(str))
    return people["rank"].astype("string").isin(ordered).fillna(False).astype(bool).reset_index(drop=True)


def command_structure(people: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R9 command structure of every active person at as_of, from ``r9_command_ranks``:

    A rank needs ``min_direct_partners`` direct partners (direct reports, people who have
    left excluded, who hold no command rank) and ``min_sub_rank`` direct reports who hold
    ``sub_rank`` or a rank above it. ``qualified_rank`` is the highest rank the team meets;
    ``lacks_structure``: the person holds a rank the team does not meet; ``ready_for_next``:
    the team already meets the rank after the one held (none -> regiment -> division ->
    army).

    Choice: a sub-commander counts by the rank they hold (``people.command_rank``), not by
    the rank their own team would qualify them for.

    :returns: one row per active person, columns :data:`COMMAND_COLUMNS`; ``sub_commanders``
      counts the direct reports who hold any command rank.
    """
    ranks = table(rules, "r9_command_ranks").sort_values("command_order", kind="stable")
    codes = ranks["code"].astype(str).tolist()
    order = {c: i + 1 for i, c in enumerate(codes)}
    p = with_columns(people, ("id", "manager_id", "command_rank", "join_date", "left_date"))
    p = p.loc[active_people(p, as_of)]
    pid = ids(p["id"])
    held = p["command_rank"].astype("string")
    level = pd.Series([order.get(str(v), 0) if pd.notna(v) else 0 for v in held], index=p.index, dtype="int64")
    reports = pd.DataFrame({"manager_id": ids(p["manager_id"]), "level": level})
    reports = reports.loc[reports["manager_id"].notna()]
    index = pd.Index(pid.dropna().astype("int64").to_numpy(), name="person_id")
    out = pd.DataFrame(index=index)
    out["command_rank"] = pd.Series(held.to_numpy(), index=pid.to_numpy()).reindex(index).astype("string")
    out["direct_reports"] = reports.groupby("manager_id").size().reindex(index, fill_value=0).astype("int64")
    partners = reports.loc[reports["level"] == 0]
    out["direct_partners"] = partners.groupby("manager_id").size().reindex(index, fill_value=0).astype("int64")
    out["sub_commanders"] = (out["direct_reports"] - out["direct_partners"]).astype("int64")

    meets = {}
    for _, r in ranks.iterrows():
        ok = out["direct_partners"] >= int(numbers(pd.Series([r["min_direct_partners"]])).fillna(0).iloc[0])
        sub = r.get("sub_rank")
        need = int(numbers(pd.Series([r.get("min_sub_rank")])).fillna(0).iloc[0])
        if need > 0 and pd.notna(sub):
            at_least = reports.loc[reports["level"] >= order.get(str(sub), len(codes) + 1)]
            n = at_least.groupby("manager_id").size().reindex(index, fill_value=0)
            ok &= n >= need
        meets[str(r["code"])] = ok.to_numpy(dtype=bool)
    qualified = np.full(len(index), None, dtype=object)
    for code in codes:  # ascending: the highest met wins
        qualified[meets[code]] = code
    out["qualified_rank"] = pd.Series(qualified, index=index, dtype="string")
    levels = out["command_rank"].map(lambda v: order.get(str(v), 0) if pd.notna(v) else 0).astype("int64")
    lacks = np.zeros(len(index), dtype=bool)
    ready = np.zeros(len(index), dtype=bool)
    nxt = np.full(len(index), None, dtype=object)
    for i, code in enumerate(codes):
        holds = (levels == i + 1).to_numpy()
        lacks |= holds & ~meets[code]
        below = (levels == i).to_numpy()  # holds the rank just under this one (0: none)
        nxt[below] = code
        ready |= below & meets[code]
    out["lacks_structure"] = lacks
    out["next_rank"] = pd.Series(nxt, index=index, dtype="string")
    out["ready_for_next"] = ready
    return out.reset_index()[COMMAND_COLUMNS]
