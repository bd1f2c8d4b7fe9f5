"""R9 clearances of a new hire: entry, ability, performance and planet, due on day N of the
join date, passed by a recorded score or by the orders the person owns.

The rows of ``r9_clearances`` say what each clearance needs: ``min_score`` (a recorded
result's score), ``min_orders_won`` orders won of ``order_kind`` (``group``: a group order;
``principal_group``: a group order in which the customer's principal takes part; empty: any
order) and ``min_precise_customers`` distinct customers locked. A clearance passes when all
that it names is met.

Choices (what an HR manager expects; domain.md is silent):

- Order criteria count the orders the person owns, locked on or after the join date (any
  stage for "precise customers"; won for "orders won"); an event after the as-of date does
  not count yet. The day a criterion is met is the day its N-th customer was first locked
  (or its N-th order won); the clearance is met on the last of its criteria's days.
- A recorded result with a score is judged by the score (``passed`` as stored is not read):
  at or above ``min_score`` it is met on its result date, below it the clearance is
  ``failed`` at once, whatever the due date (a retake replaces the result).
- A recorded result without a score is a recorded outcome, its ``passed`` flag the
  outcome: how people who joined before records began (before 1 January of
  ``r9_records_began_year``, :func:`joined_before_records`) are entered with the clearances
  they passed; such a pass reads ``passed`` (on time: its date is when it was entered, not
  when it was passed), a recorded "not passed" reads ``failed``. This function reads what is
  recorded; who may be recorded so is checked where results are entered
  (:mod:`kam.talent_checks` refuses a result without a score for anyone who joined later:
  for them the exam score or their orders decide, a ticked box never stands in for them).
- A clearance with a window (planet, day 60 to 90) opens on its ``window_start_day``: the
  row says so, and a result before the window still counts (the window says when the camp
  runs, it is not a reason to refuse a pass).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.params import RuleInputError, Rules, ids, int_param, numbers, rounded, table, with_columns
from kam.rules.periods import to_dates
from kam.types import WON

STATUSES = ("passed", "passed_late", "pending", "overdue", "failed")
PASSED = ("passed", "passed_late")  # both count for the clearance star
CLEARANCE_COLUMNS = [
    "person_id",
    "clearance_code",
    "clearance_order",
    "join_date",
    "opens_date",
    "due_date",
    "min_score",
    "score",
    "result_date",
    "recorded",
    "min_precise_customers",
    "precise_customers",
    "precise_by_due",
    "min_orders_won",
    "order_kind",
    "orders_won",
    "orders_won_by_due",
    "met_date",
    "status",
    "days_overdue",
]
ORDER_KINDS = ("group", "principal_group")
MIN_YEAR, MAX_YEAR = 1950, 2200  # the years r9_records_began_year may name (kam.invariants)


def _flag(frame: pd.DataFrame, column: str) -> pd.Series:
    return numbers(frame[column]).fillna(0) == 1 if column in frame else pd.Series(False, index=frame.index)


def _nth_dates(events: pd.DataFrame, key: str, needed: pd.Series) -> pd.Series:
    """Per (person, clearance) row of ``needed`` (N, indexed like the grid): the date of the
    N-th event of the person (``events``: person_id, date, sorted), NaT when fewer."""
    out = pd.Series(pd.NaT, index=needed.index, dtype="datetime64[ns]")
    if events.empty:
        return out
    rank = events.groupby("person_id").cumcount() + 1
    nth = pd.Series(events["date"].to_numpy(), index=pd.MultiIndex.from_arrays([events["person_id"], rank]))
    want = pd.MultiIndex.from_arrays([needed.index.get_level_values(key), needed.astype("int64").to_numpy()])
    found = nth.reindex(want)
    return pd.Series(found.to_numpy(), index=needed.index).astype("datetime64[ns]")


def _counts_by(events: pd.DataFrame, grid: pd.DataFrame, until: pd.Series) -> pd.Series:
    """Per grid row: the person's events dated on or before ``until`` (the row's date)."""
    if events.empty:
        return pd.Series(0, index=grid.index, dtype="int64")
    m = grid[["person_id"]].assign(_until=until.to_numpy(), _row=np.arange(len(grid)))
    joined = m.merge(events, on="person_id", how="inner")
    hit = joined.loc[joined["date"] <= joined["_until"]]
    counts = hit.groupby("_row").size()
    return pd.Series(counts.reindex(np.arange(len(grid)), fill_value=0).to_numpy(), index=grid.index).astype("int64")


def records_began(rules: Rules) -> dt.date | None:
    """1 January of ``r9_records_began_year``: people who joined before it are entered with
    the clearances they passed; None when the rules have no usable year."""
    try:
        year = int_param(rules, "r9_records_began_year")
    except (RuleInputError, KeyError, ValueError):
        return None
    return dt.date(year, 1, 1) if MIN_YEAR <= year <= MAX_YEAR else None


def joined_before_records(join_date: object, rules: Rules) -> bool:
    """Whether a person who joined on ``join_date`` (ISO text or date) joined before records
    began, so that a recorded pass without a score stands for them."""
    began = records_began(rules)
    joined = pd.to_datetime(join_date, errors="coerce")
    # Fail closed: without a usable year nobody is entered with a bare pass.
    return began is not None and bool(pd.notna(joined) and joined < pd.Timestamp(began))


def clearance_evidence(
    people: pd.DataFrame,
    orders: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
) -> pd.DataFrame:
    """What the orders say of every person and clearance at the as-of date (R9): the part
    of :func:`clearance_status` that reads no recorded result, kept by a caller while the
    orders, people and rules are unchanged (a result saved is then judged without counting
    every order again).

    :returns: one row per (person, clearance), indexed by (person_id, clearance_code): the
      clearance's rule row, ``join``, ``due``, ``opens``, the counts ``precise``,
      ``precise_by_due``, ``won_count``, ``won_by_due``, ``orders_met`` (when the order
      figures were met; NaT: not yet) and ``by_orders`` (the clearance names orders).
    """
    rules_rows = table(rules, "r9_clearances").sort_values("clearance_order", kind="stable")
    rules_rows = with_columns(rules_rows, ("order_kind",))
    people = with_columns(people, ("id", "join_date"))
    ts = pd.Timestamp(as_of)
    p = pd.DataFrame({"person_id": ids(people["id"]), "join": to_dates(people["join_date"])})
    r = pd.DataFrame(
        {
            "clearance_code": rules_rows["code"].astype("string").to_numpy(),
            "clearance_order": numbers(rules_rows["clearance_order"]).astype("int64").to_numpy(),
            "window_start_day": numbers(rules_rows["window_start_day"]).fillna(0).to_numpy(),
            "due_day": numbers(rules_rows["due_day"]).fillna(0).to_numpy(),
            "min_score": numbers(rules_rows["min_score"]).to_numpy(),
            "min_orders_won": numbers(rules_rows["min_orders_won"]).fillna(0).astype("int64").to_numpy(),
            "min_precise_customers": numbers(rules_rows["min_precise_customers"]).fillna(0).astype("int64").to_numpy(),
            "order_kind": rules_rows["order_kind"].astype("string").to_numpy(),
        }
    )
    grid = p.merge(r, how="cross").set_index(["person_id", "clearance_code"], drop=False)
    grid.index.names = ["_p", "_c"]
    due = grid["join"] + pd.to_timedelta(grid["due_day"], unit="D")
    opens = grid["join"] + pd.to_timedelta(grid["window_start_day"], unit="D")

    # --- the orders the person owns, locked from the join date on, up to as_of ----------
    o = with_columns(orders, ("customer_id", "owner_id", "stage", "lock_date", "close_date", "group_order"))
    o = o.assign(
        person_id=ids(o["owner_id"]),
        customer_id=ids(o["customer_id"]),
        lock=to_dates(o["lock_date"]),
        close=to_dates(o["close_date"]),
        group=_flag(o, "group_order"),
        principal=_flag(o, "principal_order"),
    )
    o = o.loc[o["person_id"].notna() & o["lock"].notna() & (o["lock"] <= ts)]
    joins = p.drop_duplicates("person_id").set_index("person_id")["join"]
    joined = pd.Series(joins.reindex(o["person_id"]).to_numpy(), index=o.index, dtype="datetime64[ns]")
    o = o.loc[(o["lock"] >= joined).fillna(False).astype(bool)]
    first_locks = (
        o.loc[o["customer_id"].notna()]
        .groupby(["person_id", "customer_id"], as_index=False)["lock"]
        .min()
        .rename(columns={"lock": "date"})
        .sort_values(["person_id", "date"], kind="stable")[["person_id", "date"]]
    )
    won = o.loc[(o["stage"] == WON) & o["close"].notna() & (o["close"] <= ts)]

    precise = _counts_by(first_locks, grid, pd.Series(ts, index=grid.index))
    precise_by_due = _counts_by(first_locks, grid, due)
    precise_met = _nth_dates(first_locks, "_p", grid["min_precise_customers"].clip(lower=1))
    precise_met = precise_met.where(grid["min_precise_customers"] > 0, grid["join"])

    won_count = pd.Series(0, index=grid.index, dtype="int64")
    won_by_due = pd.Series(0, index=grid.index, dtype="int64")
    won_met = pd.Series(pd.NaT, index=grid.index, dtype="datetime64[ns]")
    for kind in (pd.NA, *ORDER_KINDS):
        rows = grid["order_kind"].isna() if kind is pd.NA else (grid["order_kind"] == kind).fillna(False)
        if not rows.any():
            continue
        w = won if kind is pd.NA else won.loc[won["group"] & (won["principal"] if kind == "principal_group" else True)]
        ev = w[["person_id", "close"]].rename(columns={"close": "date"}).sort_values(["person_id", "date"])
        sub = grid.loc[rows]
        won_count[rows] = _counts_by(ev, sub, pd.Series(ts, index=sub.index))
        won_by_due[rows] = _counts_by(ev, sub, due[rows])
        won_met[rows] = _nth_dates(ev, "_p", sub["min_orders_won"].clip(lower=1))
    won_met = won_met.where(grid["min_orders_won"] > 0, grid["join"])
    by_orders = (grid["min_orders_won"] > 0) | (grid["min_precise_customers"] > 0)
    orders_met = pd.concat([precise_met, won_met], axis=1).max(axis=1, skipna=False).where(by_orders)

    return grid.assign(
        due=due,
        opens=opens,
        precise=precise,
        precise_by_due=precise_by_due,
        won_count=won_count,
        won_by_due=won_by_due,
        orders_met=orders_met,
        by_orders=by_orders,
    )


def clearance_status(
    people: pd.DataFrame,
    orders: pd.DataFrame,
    clearance_results: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
    evidence: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """R9 clearance status of every person and clearance at the as-of date.

    ``due_date`` = join date + ``due_day`` (the day-N convention: on the due day itself a
    clearance not yet met is ``pending``, from the next day ``overdue``); met on or before
    the due date is ``passed``, met after it ``passed_late``; a recorded score below the
    bar is ``failed``. See the module's choices.

    :returns: one row per (person, clearance of ``r9_clearances``), columns
      :data:`CLEARANCE_COLUMNS`: the figures that decided the status (``precise_customers``
      and ``orders_won`` up to as_of, ``*_by_due`` up to the due date), dates as ISO text.
    :param evidence: :func:`clearance_evidence` of the same people, orders, rules and
      ``as_of``, when the caller keeps it (``orders`` is then not read).
    """
    grid = clearance_evidence(people, orders, rules, as_of) if evidence is None else evidence
    ts = pd.Timestamp(as_of)
    due, opens, by_orders, orders_met = grid["due"], grid["opens"], grid["by_orders"], grid["orders_met"]
    precise, precise_by_due = grid["precise"], grid["precise_by_due"]
    won_count, won_by_due = grid["won_count"], grid["won_by_due"]

    # --- recorded results (dated after as_of: not yet) ----------------------------------
    res = with_columns(clearance_results, ("person_id", "clearance_code", "result_date", "score", "passed"))
    res = res.assign(
        person_id=ids(res["person_id"]),
        clearance_code=res["clearance_code"].astype("string"),
        result=to_dates(res["result_date"]),
        score=numbers(res["score"]),
        flag=numbers(res["passed"]).fillna(0) == 1,
    )
    res = res.loc[res["result"].notna() & (res["result"] <= ts)]
    res = res.drop_duplicates(["person_id", "clearance_code"], keep="last").set_index(["person_id", "clearance_code"])
    res = res.reindex(grid.index)
    recorded = res["result"].notna()
    scored = recorded & res["score"].notna()
    min_score = grid["min_score"]
    # A score is judged only where the clearance has a minimum; elsewhere a score is a note.
    judged = scored & min_score.notna()
    score_ok = judged & (rounded(res["score"]) >= rounded(min_score))
    failed = judged & ~score_ok
    outcome = recorded & ~judged  # a recorded outcome: its flag says passed or not
    legacy_pass = outcome & res["flag"].fillna(False).astype(bool)
    legacy_fail = outcome & ~res["flag"].fillna(False).astype(bool)

    met = pd.Series(pd.NaT, index=grid.index, dtype="datetime64[ns]")
    met = met.where(~score_ok, res["result"])
    needs_score = min_score.notna()
    # Both a score and orders named: met on the later of the two.
    met = met.where(~(needs_score & by_orders), pd.concat([met, orders_met], axis=1).max(axis=1, skipna=False))
    met = met.where(needs_score, orders_met)
    met = met.where(~legacy_pass, res["result"])
    on_time = (met <= due).fillna(False).astype(bool) | legacy_pass
    status = np.select(
        [failed | legacy_fail, met.notna() & on_time, met.notna(), due >= ts],
        ["failed", "passed", "passed_late", "pending"],
        default="overdue",
    )
    status = pd.Series(status, index=grid.index, dtype="string")
    days_over = (ts - due).dt.days.where(status == "overdue", 0).fillna(0).astype("int64")

    def iso(d: pd.Series) -> pd.Series:
        return d.dt.strftime("%Y-%m-%d").astype("string")

    out = pd.DataFrame(
        {
            "person_id": grid["person_id"].to_numpy(),
            "clearance_code": grid["clearance_code"].to_numpy(),
            "clearance_order": grid["clearance_order"].to_numpy(),
            "join_date": iso(grid["join"]).to_numpy(),
            "opens_date": iso(opens).to_numpy(),
            "due_date": iso(due).to_numpy(),
            "min_score": min_score.to_numpy(),
            "score": res["score"].to_numpy(),
            "result_date": iso(res["result"]).to_numpy(),
            "recorded": recorded.to_numpy(),
            "min_precise_customers": grid["min_precise_customers"].to_numpy(),
            "precise_customers": precise.to_numpy(),
            "precise_by_due": precise_by_due.to_numpy(),
            "min_orders_won": grid["min_orders_won"].to_numpy(),
            "order_kind": grid["order_kind"].to_numpy(),
            "orders_won": won_count.to_numpy(),
            "orders_won_by_due": won_by_due.to_numpy(),
            "met_date": iso(met.where(status.isin(PASSED))).to_numpy(),
            "status": status.to_numpy(),
            "days_overdue": days_over.to_numpy(),
        }
    )
    out["person_id"] = out["person_id"].astype("Int64")
    out["clearance_code"] = out["clearance_code"].astype("string")
    return out[CLEARANCE_COLUMNS].reset_index(drop=True)


def clearances_passed(status: pd.DataFrame, index: pd.Index) -> pd.Series:
    """Per person of ``index``: the distinct clearances passed (on time or late) at the
    as-of date of ``status`` (:func:`clearance_status`), for the clearance star."""
    passed = status.loc[status["status"].isin(PASSED)]
    return passed.groupby("person_id")["clearance_code"].nunique().reindex(index, fill_value=0).astype("int64")
