"""Every order as the board shows it, at one as-of date: the unscoped stage of the board
(figures need every order; each user's board is cut from it and masked).

Per order: customer and owner names, the owner's branch and team (an order without an owner
by its customer's branch), grade, probability and weighted amount, days in the stage, the
lock's validity, milestone statuses (the card's dots) and the alerts of
:mod:`kam.rules.orders` (lock review, milestones, stuck analysis), silenced by a pause.
Only the open orders' key messages, milestones and analyses are read (in SQL): at company
size the closed orders hold most of those tables and never raise an alert.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlite_utils

from kam.rules.orders import lock_review_alerts, lock_validity, milestone_status, stuck_alerts
from kam.rules.params import Rules, ids, lookup, table
from kam.rules.periods import to_dates
from kam.rules.pipeline import order_grades
from kam.store.customers import read_names as read_customer_names
from kam.store.orders import (
    read_board_orders,
    read_children_of,
    read_open_key_messages,
    read_open_milestones,
    read_stuck_analyses,
)
from kam.store.people import Org, read_org
from kam.store.rules import load_rules
from kam.types import CLOSED_STAGES
from kam.views import RULES, reads

ALERT_KINDS = ("review", "milestone", "stuck")  # the alerts of an open order, in this order


@dataclass(frozen=True)
class Cards:
    """Every order, scored for the board at ``as_of``."""

    as_of: dt.date
    rules: Rules
    org: Org
    orders: pd.DataFrame  # one row per order (see :func:`board_orders`)
    alerts: pd.DataFrame  # one row per alert: order_id, kind, milestone_code, due_date, days_overdue
    paused: pd.DataFrame  # open orders paused at as_of: order_id, paused_until, pause_reason, silenced
    customers: pd.DataFrame  # id, name, branch_id, owner_id (the orders' customers)


_READS = (
    "orders",
    "customers",
    "people",
    "teams",
    "branches",
    "order_key_messages",
    "order_milestones",
    "stuck_analyses",
    *RULES,
)


def places(orders: pd.DataFrame, customers: pd.DataFrame, org: Org) -> pd.DataFrame:
    """Branch and team of each order: its owner's (the person's branch, else their team's);
    an order without an owner, or an unknown one, by its customer's branch."""
    teams = org.teams
    team_branch = pd.Series(ids(teams["branch_id"]).to_numpy(), index=ids(teams["id"]).to_numpy())
    people = org.people
    p_team = pd.Series(ids(people["team_id"]).to_numpy(), index=ids(people["id"]).to_numpy())
    p_branch = pd.Series(ids(people["branch_id"]).to_numpy(), index=ids(people["id"]).to_numpy())
    p_branch = p_branch.fillna(lookup(p_team, team_branch).set_axis(p_branch.index))
    owner = ids(orders["owner_id"])
    c_branch = pd.Series(ids(customers["branch_id"]).to_numpy(), index=ids(customers["id"]).to_numpy())
    branch = lookup(owner, p_branch).astype("Int64")
    branch = branch.fillna(lookup(ids(orders["customer_id"]), c_branch).astype("Int64"))
    return pd.DataFrame({"branch_id": branch, "team_id": lookup(owner, p_team).astype("Int64")}, index=orders.index)


@reads(*_READS)
def board_orders(db: sqlite_utils.Database, *, as_of: dt.date) -> Cards:
    """Every order with its card's figures and alerts at ``as_of``.

    :raises kam.rules.params.RuleInputError: rules the board cannot use.
    """
    rules = load_rules(db)
    org = read_org(db)
    orders = read_board_orders(db)
    customers = read_customer_names(db)
    names = pd.Series(customers["name"].astype("string").to_numpy(), index=ids(customers["id"]).to_numpy())
    people = pd.Series(org.people["name"].astype("string").to_numpy(), index=ids(org.people["id"]).to_numpy())
    order_id = ids(orders["id"])
    stage = orders["stage"].astype("string")
    is_open = ~stage.isin(CLOSED_STAGES)
    stages = table(rules, "r7_stages")
    prob = pd.Series(stages["probability"].to_numpy(dtype="float64"), index=stages["code"].astype("string"))
    amount = pd.to_numeric(orders["amount"], errors="coerce").fillna(0).astype("int64")
    since = to_dates(orders["stage_since"]).fillna(to_dates(orders["close_date"]).where(~is_open))
    since = since.fillna(to_dates(orders["stuck_since"])).fillna(to_dates(orders["lock_date"]))
    days_in = (pd.Timestamp(as_of) - since).dt.days.clip(lower=0).astype("Int64")
    until = to_dates(orders["paused_until"])
    paused = (is_open & (until >= pd.Timestamp(as_of))).fillna(False).astype(bool)
    board = pd.DataFrame(
        {
            "id": order_id,
            "version": orders["version"].astype("int64"),
            "customer_id": ids(orders["customer_id"]),
            "customer": lookup(ids(orders["customer_id"]), names).astype("string"),
            "owner_id": ids(orders["owner_id"]),
            "owner": lookup(ids(orders["owner_id"]), people).astype("string"),
            "reviewer_id": ids(orders["reviewer_id"]),
            "reviewer": lookup(ids(orders["reviewer_id"]), people).astype("string"),
            "review_date": orders["review_date"].astype("string"),
            "stage": stage,
            "amount": amount,
            "grade": order_grades(orders, rules)["grade"].to_numpy(),
            "weighted": amount * pd.to_numeric(lookup(stage, prob), errors="coerce").fillna(0.0),
            "lock_date": orders["lock_date"].astype("string"),
            "close_date": orders["close_date"].astype("string"),
            "stage_since": since.dt.strftime("%Y-%m-%d").astype("string"),
            "days_in_stage": days_in,
            "stuck_since": orders["stuck_since"].astype("string"),
            "renew_of": ids(orders["renew_of"]),
            "group_order": orders["group_order"].fillna(0).astype(bool),
            "lost_reason": orders["lost_reason"].astype("string"),
            "paused_until": orders["paused_until"].astype("string"),
            "pause_reason": orders["pause_reason"].astype("string"),
            "paused": paused,
            "open": is_open.astype(bool),
        }
    )
    board = pd.concat([board, places(orders, customers, org)], axis=1)
    open_orders = orders[is_open.to_numpy()]
    alerts, board = _alerts(db, open_orders, org, rules, as_of, board)
    pauses = board.loc[board["paused"], ["id", "paused_until", "pause_reason"]].rename(columns={"id": "order_id"})
    silenced = _silenced(open_orders, db, org, rules, as_of)
    pauses = pauses.assign(silenced=lookup(ids(pauses["order_id"]), silenced).fillna(0).astype("int64").to_numpy())
    return Cards(as_of, rules, org, board, alerts, pauses.reset_index(drop=True), customers)


def _alerts(
    db: sqlite_utils.Database, open_orders: pd.DataFrame, org: Org, rules: Rules, as_of: dt.date, board: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The open orders' alerts (one row each) and the board with the card's columns:
    ``lock_valid``, ``messages_missing``, ``milestones`` (statuses in r7_milestones' day
    order), ``alerts`` (count), ``alert_days`` (most days overdue), ``reviewed``."""
    people = org.people
    okm = read_open_key_messages(db)
    valid = lock_validity(open_orders, okm, people, rules, as_of).set_index("order_id")
    review = lock_review_alerts(open_orders, people, rules, as_of)
    miles = milestone_status(open_orders, read_open_milestones(db), rules, as_of)
    stuck = stuck_alerts(open_orders, read_stuck_analyses(db), rules, as_of)
    due = ["order_id", "due_date", "days_overdue"]
    rows = [
        review.loc[review["alert"], due].assign(kind="review", milestone_code=None),
        miles.loc[miles["alert"], [*due, "milestone_code"]].assign(kind="milestone"),
        stuck.loc[stuck["alert"], due].assign(kind="stuck", milestone_code=None),
    ]
    alerts = pd.concat(rows, ignore_index=True)[["order_id", "kind", "milestone_code", "due_date", "days_overdue"]]
    alerts = alerts.astype({"order_id": "int64", "days_overdue": "int64", "kind": "string", "milestone_code": "string"})
    per = alerts.groupby("order_id").agg(alerts=("kind", "size"), alert_days=("days_overdue", "max"))
    dots = miles.groupby("order_id")["status"].agg(tuple)
    oid = board["id"]
    missing = valid["messages_required"] - valid["messages_filled"]
    board = board.assign(
        lock_valid=lookup(oid, valid["valid"]).fillna(False).astype(bool),
        messages_missing=lookup(oid, missing).fillna(0).astype("int64").where(board["open"], 0),
        reviewed=lookup(oid, valid["reviewed"]).fillna(False).astype(bool),
        milestones=lookup(oid, dots).where(board["open"], None),
        alerts=lookup(oid, per["alerts"]).fillna(0).astype("int64"),
        alert_days=lookup(oid, per["alert_days"]).fillna(0).astype("int64"),
    )
    return alerts, board


def _silenced(
    open_orders: pd.DataFrame, db: sqlite_utils.Database, org: Org, rules: Rules, as_of: dt.date
) -> pd.Series:
    """How many alerts each paused order's pause holds back today (status ``paused``)."""
    paused = open_orders[(to_dates(open_orders["paused_until"]) >= pd.Timestamp(as_of)).fillna(False).to_numpy()]
    if paused.empty:
        return pd.Series(dtype="int64")
    miles, stuck = read_children_of(db, ids(paused["id"]).tolist())
    held = pd.concat(
        [
            lock_review_alerts(paused, org.people, rules, as_of)[["order_id", "status"]],
            milestone_status(paused, miles, rules, as_of)[["order_id", "status"]],
            stuck_alerts(paused, stuck, rules, as_of)[["order_id", "status"]],
        ]
    )
    return held[held["status"] == "paused"].groupby("order_id").size()


def milestone_days(rules: Rules) -> pd.DataFrame:
    """The milestones in day order: code, due_day, label_zh, label_en."""
    return table(rules, "r7_milestones").sort_values("due_day", kind="stable").reset_index(drop=True)


def alert_mask(frame: pd.DataFrame) -> np.ndarray:
    return (frame["alerts"] > 0).to_numpy()
