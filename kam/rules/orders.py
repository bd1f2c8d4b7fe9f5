"""R7 four-order management: milestones, lock review, stuck analysis (domain.md, R7);
grades and the weighted pipeline are in :mod:`kam.rules.pipeline`.

Day-N deadlines: due date = start date + N days; overdue only when not done and as_of
is after the due date; late when done after it. A pause silences an order's alerts up
to and including its ``paused_until`` date. Status codes are stable English codes for
the pages to translate; ``alert`` is True exactly for the rows to report.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.params import RuleInputError, Rules, ids, int_param, lookup, table
from kam.rules.periods import to_dates
from kam.types import CLOSED_STAGES

STUCK = "stuck"  # r7_stages code of a stuck order
LOCKED = "locked"  # r7_stages code whose reviewer_rank says from which rank a lock review counts

MILESTONE_COLUMNS = [
    "order_id",
    "owner_id",
    "stage",
    "milestone_code",
    "due_day",
    "lock_date",
    "due_date",
    "done_date",
    "status",
    "days_overdue",
    "alert",
]
LOCK_REVIEW_COLUMNS = [
    "order_id",
    "owner_id",
    "stage",
    "lock_date",
    "due_date",
    "reviewer_id",
    "reviewer_rank",
    "review_date",
    "reviewed",
    "status",
    "days_overdue",
    "alert",
]
STUCK_COLUMNS = [
    "order_id",
    "owner_id",
    "stuck_since",
    "stuck_since_known",
    "due_date",
    "analysis_date",
    "incomplete_analysis",
    "status",
    "days_overdue",
    "alert",
]


def _iso(d: pd.Series) -> pd.Series:
    return d.dt.strftime("%Y-%m-%d").astype("string")


def _paused(orders: pd.DataFrame, as_of: dt.date) -> pd.Series:
    """True while as_of is on or before the order's ``paused_until`` date."""
    if "paused_until" not in orders:
        return pd.Series(False, index=orders.index)
    until = to_dates(orders["paused_until"])
    return (until >= pd.Timestamp(as_of)).fillna(False).astype(bool)


def _deadline_status(
    due: pd.Series,
    done: pd.Series,
    closed: pd.Series,
    paused: pd.Series,
    as_of: dt.date,
    done_codes: tuple[str, str],
) -> tuple[pd.Series, pd.Series]:
    """Status of a day-N deadline, and days overdue (0 unless overdue).

    ``done`` holds the completion date, NaT when not done by as_of.
    """
    ts = pd.Timestamp(as_of)
    is_done = done.notna()
    past = (due < ts).fillna(False).astype(bool)
    status = np.select(
        [is_done & ~(done > due).fillna(False), is_done, closed, ~past, paused],
        [done_codes[0], done_codes[1], "closed", "pending", "paused"],
        default="overdue",
    )
    status = pd.Series(status, index=due.index, dtype="string")
    days = (ts - due).dt.days.where(status == "overdue", 0).fillna(0).astype("int64")
    return status, days


def milestone_status(
    orders: pd.DataFrame, order_milestones: pd.DataFrame, rules: Rules, as_of: dt.date
) -> pd.DataFrame:
    """R7 following milestones: one row per (order, milestone of ``r7_milestones``).

    ``due_date`` = lock date + ``due_day``. Status: ``done`` (done on or before the due
    date), ``late`` (done after it), ``pending`` (not done, due date not passed: on the
    due day itself it is not yet overdue), ``overdue`` (not done, as_of after the due
    date), ``paused`` (would be overdue but as_of <= ``paused_until``), ``closed`` (not
    done and the order is won or lost: no longer followed, never an alert).

    :returns: columns ``order_id, owner_id, stage, milestone_code, due_day, lock_date,
      due_date, done_date, status, days_overdue, alert`` (dates as ISO strings).
    """
    ms = table(rules, "r7_milestones")[["code", "due_day"]].rename(columns={"code": "milestone_code"})
    o = pd.DataFrame(
        {
            "order_id": ids(orders["id"]),
            "owner_id": ids(orders["owner_id"]),
            "stage": orders["stage"].astype("string"),
            "lock_date": to_dates(orders["lock_date"]),
            "paused": _paused(orders, as_of),
        }
    )
    grid = o.merge(ms, how="cross")
    done = order_milestones[["order_id", "milestone_code", "done_date"]].assign(
        order_id=lambda f: ids(f["order_id"]),
        milestone_code=lambda f: f["milestone_code"].astype("string"),
    )
    grid["milestone_code"] = grid["milestone_code"].astype("string")
    grid = grid.merge(done, on=["order_id", "milestone_code"], how="left")
    grid["due_date"] = grid["lock_date"] + pd.to_timedelta(grid["due_day"], unit="D")
    done_d = to_dates(grid["done_date"])
    # Choice: a done date after as_of is not done yet at as_of (reproducible reports).
    done_d = done_d.where(done_d <= pd.Timestamp(as_of))
    status, days = _deadline_status(
        grid["due_date"],
        done_d,
        grid["stage"].isin(CLOSED_STAGES),
        grid["paused"],
        as_of,
        ("done", "late"),
    )
    out = grid.assign(
        lock_date=_iso(grid["lock_date"]),
        due_date=_iso(grid["due_date"]),
        done_date=_iso(done_d),
        status=status,
        days_overdue=days,
        alert=(status == "overdue").astype(bool),
    )
    return out[MILESTONE_COLUMNS].sort_values(["order_id", "due_day"]).reset_index(drop=True)


def _reviewer_rank(rules: Rules) -> str:
    """The lowest rank whose lock review counts: r7_stages.reviewer_rank of the locked stage."""
    stages = table(rules, "r7_stages")
    hit = stages.loc[stages["code"] == LOCKED, "reviewer_rank"] if "reviewer_rank" in stages else stages["code"][:0]
    if hit.empty or pd.isna(hit.iloc[0]):
        raise RuleInputError("r7_stages", LOCKED, "reviewer_rank", "reviewer rank missing")
    return str(hit.iloc[0])


def _min_rank_order(rules: Rules, code: str) -> float:
    ranks = table(rules, "ranks")
    hit = ranks.loc[ranks["code"] == code, "rank_order"]
    if hit.empty or pd.isna(hit.iloc[0]):
        raise RuleInputError("ranks", code, "rank_order", "rank missing or without an order")
    return float(hit.iloc[0])


def _reviews(orders: pd.DataFrame, people: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """Reviewer rank and whether the lock review counts at as_of (rank at or above the
    locked stage's reviewer rank, director by default; never the order's owner)."""
    ranks = table(rules, "ranks")
    rank_order = pd.Series(ranks["rank_order"].to_numpy(), index=ranks["code"].astype("string"))
    who = pd.Series(people["rank"].astype("string").to_numpy(), index=ids(people["id"]))
    reviewer = ids(orders["reviewer_id"])
    rank = lookup(reviewer, who).astype("string")
    level = pd.to_numeric(lookup(rank, rank_order), errors="coerce")
    qualified = (level >= _min_rank_order(rules, _reviewer_rank(rules))).fillna(False).astype(bool)
    review_date = to_dates(orders["review_date"])
    # Choice: a qualified reviewer without a review date counts as reviewed (no alert);
    # a review dated after as_of has not happened yet at as_of.
    by_as_of = review_date.isna() | (review_date <= pd.Timestamp(as_of))
    # Issue 13: the owner's own review does not count, whatever their rank (a director who
    # owns an order has it reviewed by someone else).
    owner = ids(orders["owner_id"]) if "owner_id" in orders.columns else pd.Series(pd.NA, index=orders.index)
    own = (reviewer == owner).fillna(False).astype(bool)
    reviewed = reviewer.notna() & qualified & by_as_of.astype(bool) & ~own
    return pd.DataFrame(
        {
            "reviewer_id": reviewer,
            "reviewer_rank": rank,
            "review_date": review_date,
            "reviewed": reviewed.astype(bool),
        },
        index=orders.index,
    )


def lock_review_alerts(orders: pd.DataFrame, people: pd.DataFrame, rules: Rules, as_of: dt.date) -> pd.DataFrame:
    """R7 lock review: a lock counts as reviewed only by a person of rank director or
    above (``ranks.rank_order``); an unreviewed lock is flagged once as_of is past lock
    date + ``r7_lock_review_days``.

    Status: ``reviewed`` / ``reviewed_late`` (by a qualified reviewer, on or before /
    after the due date), ``closed`` (won or lost and never validly reviewed),
    ``pending``, ``paused``, ``overdue``. A review by a lower rank leaves the lock
    unreviewed.

    :returns: one row per order, columns ``order_id, owner_id, stage, lock_date,
      due_date, reviewer_id, reviewer_rank, review_date, reviewed, status,
      days_overdue, alert``.
    """
    days = int_param(rules, "r7_lock_review_days")
    rv = _reviews(orders, people, rules, as_of)
    lock = to_dates(orders["lock_date"])
    due = lock + pd.Timedelta(days=days)
    # Reviewed without a date: treat as done on time.
    done = rv["review_date"].where(rv["reviewed"])
    done = done.where(done.notna() | ~rv["reviewed"], due)
    status, over = _deadline_status(
        due,
        done,
        orders["stage"].astype("string").isin(CLOSED_STAGES),
        _paused(orders, as_of),
        as_of,
        ("reviewed", "reviewed_late"),
    )
    out = pd.DataFrame(
        {
            "order_id": ids(orders["id"]),
            "owner_id": ids(orders["owner_id"]),
            "stage": orders["stage"].astype("string"),
            "lock_date": _iso(lock),
            "due_date": _iso(due),
            "reviewer_id": rv["reviewer_id"],
            "reviewer_rank": rv["reviewer_rank"],
            "review_date": _iso(rv["review_date"]),
            "reviewed": rv["reviewed"],
            "status": status,
            "days_overdue": over,
            "alert": (status == "overdue").astype(bool),
        }
    )
    return out[LOCK_REVIEW_COLUMNS].reset_index(drop=True)


def lock_validity(
    orders: pd.DataFrame,
    order_key_messages: pd.DataFrame,
    people: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
    reviewed: pd.Series | None = None,
) -> pd.DataFrame:
    """R7 lock: valid when every key message of ``r7_key_messages`` is filled and a
    director or above has reviewed it.

    :param order_key_messages: order_id, message_id, value; without a ``value`` column the
      rows are the filled messages only (a read that filtered them in SQL).
    :param reviewed: :func:`lock_review_alerts`' ``reviewed`` of the same orders, people,
      rules and as-of date in the same order, where the caller has it (not judged twice).
    :returns: one row per order, columns ``order_id, messages_filled, messages_required,
      messages_complete, reviewed, valid``.
    """
    required = ids(table(rules, "r7_key_messages")["id"])
    okm = order_key_messages
    if "value" in okm.columns:
        filled = okm["value"].astype("string").str.strip().fillna("") != ""
    else:
        filled = pd.Series(True, index=okm.index)
    hit = okm[filled & ids(okm["message_id"]).isin(required)]
    counts = hit.groupby(ids(hit["order_id"]))["message_id"].nunique()
    order_id = ids(orders["id"])
    n = lookup(order_id, counts).fillna(0).astype("int64")
    complete = n >= len(required)
    if reviewed is None:
        reviewed = _reviews(orders, people, rules, as_of)["reviewed"]
    else:
        reviewed = pd.Series(np.asarray(reviewed, dtype=bool), index=orders.index)
    return pd.DataFrame(
        {
            "order_id": order_id,
            "messages_filled": n,
            "messages_required": len(required),
            "messages_complete": complete.astype(bool),
            "reviewed": reviewed,
            "valid": (complete & reviewed).astype(bool),
        }
    ).reset_index(drop=True)


def _no_stuck() -> pd.DataFrame:
    """:func:`stuck_alerts` of no stuck order: no row, its columns and their dtypes."""
    return pd.DataFrame(
        {
            "order_id": pd.Series([], dtype="Int64"),
            "owner_id": pd.Series([], dtype="Int64"),
            "stuck_since": pd.Series([], dtype="string"),
            "stuck_since_known": pd.Series([], dtype=bool),
            "due_date": pd.Series([], dtype="string"),
            "analysis_date": pd.Series([], dtype="string"),
            "incomplete_analysis": pd.Series([], dtype=bool),
            "status": pd.Series([], dtype="string"),
            "days_overdue": pd.Series([], dtype="int64"),
            "alert": pd.Series([], dtype=bool),
        }
    )[STUCK_COLUMNS]


def stuck_alerts(
    orders: pd.DataFrame,
    stuck_analyses: pd.DataFrame,
    rules: Rules,
    as_of: dt.date,
    stuck_since: pd.Series | None = None,
) -> pd.DataFrame:
    """R7 stuck orders: each needs a stuck-order analysis (blocker, next action, who)
    within ``r7_stuck_analysis_days`` of becoming stuck.

    :param stuck_since: date the order became stuck, indexed by order id (e.g. from the
      audit log); else the order's ``stuck_since`` column (set by the move to ``stuck``)
      where filled; else the lock date (``stuck_since_known`` False).
    :returns: one row per order in stage ``stuck``, columns ``order_id, owner_id,
      stuck_since, stuck_since_known, due_date, analysis_date, incomplete_analysis,
      status, days_overdue, alert``. Status: ``analysed``, ``analysed_late``,
      ``pending``, ``paused``, ``overdue``. Only an analysis with blocker, next action
      and who filled, dated from ``stuck_since`` to as_of, counts.
    """
    days = int_param(rules, "r7_stuck_analysis_days")
    o = orders[(orders["stage"].astype("string") == STUCK).fillna(False).to_numpy(dtype=bool)]
    if o.empty:  # nothing stuck (the board's patch of one order, mostly): no analysis to read
        return _no_stuck()
    order_id = ids(o["id"])
    since = pd.Series(pd.NaT, index=o.index, dtype="datetime64[us]")
    if stuck_since is not None:
        recorded = to_dates(pd.Series(stuck_since))
        recorded.index = ids(pd.Series(recorded.index)).to_numpy()
        since = lookup(order_id, recorded).astype("datetime64[us]")
    if "stuck_since" in o:
        since = since.fillna(to_dates(o["stuck_since"]).astype("datetime64[us]"))
    known = since.notna()
    # Choice: with no record of when the order got stuck, count from its lock date
    # (the earliest it can have been stuck), so a stuck order is never left unchecked.
    since = since.fillna(to_dates(o["lock_date"]))
    due = since + pd.Timedelta(days=days)

    a = stuck_analyses
    text_ok = [a[c].astype("string").str.strip().fillna("") != "" for c in ("blocker", "next_action")]
    complete = text_ok[0] & text_ok[1] & ids(a["who_id"]).notna()
    an = pd.DataFrame(
        {
            "order_id": ids(a["order_id"]),
            "date": to_dates(a["analysis_date"]),
            "complete": complete.astype(bool),
        }
    )
    an = an[(an["date"] <= pd.Timestamp(as_of)).fillna(False).astype(bool)]
    an = an.merge(pd.DataFrame({"order_id": order_id, "since": since}), on="order_id")
    an = an[an["date"] >= an["since"]]
    first = an[an["complete"]].groupby("order_id")["date"].min()
    incomplete = an[~an["complete"]].groupby("order_id").size()
    done = lookup(order_id, first).astype("datetime64[us]")
    status, over = _deadline_status(
        due,
        done,
        pd.Series(False, index=o.index),
        _paused(o, as_of),
        as_of,
        ("analysed", "analysed_late"),
    )
    out = pd.DataFrame(
        {
            "order_id": order_id,
            "owner_id": ids(o["owner_id"]),
            "stuck_since": _iso(since),
            "stuck_since_known": known.astype(bool),
            "due_date": _iso(due),
            "analysis_date": _iso(done),
            "incomplete_analysis": lookup(order_id, incomplete).fillna(0) > 0,
            "status": status,
            "days_overdue": over,
            "alert": (status == "overdue").astype(bool),
        }
    )
    return out[STUCK_COLUMNS].reset_index(drop=True)
