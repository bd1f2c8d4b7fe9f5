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
import functools
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
    read_open_key_messages,
    read_open_milestones,
    read_stuck_analyses,
)
from kam.store.people import Org, read_org
from kam.types import CLOSED_STAGES
from kam.views import ORG, RULES, reads
from kam.views.memo import memo_patched
from kam.views.ruleset import current_rules
from kam.views.splice import rows_of, splice

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

    @functools.cached_property
    def urgency(self) -> np.ndarray:
        """Positions of ``orders`` most urgent first (alerted, most days overdue, largest,
        lowest id): sorted once per state of the orders, every board's columns read it in
        this order (a rerun sorted each stage's orders again to show twelve of them)."""
        o = self.orders
        # One lexsort of numbers, last key first (a stable pandas sort of four columns cost
        # 0.3 s at 380,000 orders after every save); a missing amount sorts last, as in pandas.
        amount = pd.to_numeric(o["amount"], errors="coerce").to_numpy(dtype="float64")
        return np.lexsort(
            (
                o["id"].to_numpy(dtype="int64"),
                np.where(np.isnan(amount), np.inf, -amount),
                -o["alert_days"].to_numpy(dtype="int64"),
                ~(o["alerts"] > 0).to_numpy(dtype=bool),
            )
        )

    @functools.cached_property
    def urgent_stages(self) -> tuple[np.ndarray, dict[str, int]]:
        """The stage of each order in :attr:`urgency` order, as a number, and the numbers of
        the stages (a board's five columns compared every order's stage text per rerun)."""
        codes, uniques = pd.factorize(self.orders["stage"].astype(object).to_numpy(), use_na_sentinel=True)
        return codes[self.urgency], {str(u): i for i, u in enumerate(uniques)}


ORDER_TABLES = ("orders", "order_key_messages", "order_milestones", "stuck_analyses")  # the logged ones (010)
_READS = (*ORDER_TABLES, "customers", *ORG, *RULES)


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


@dataclass(frozen=True)
class Stored:
    """The rows the board is scored from, as stored: every order (BOARD_COLUMNS), and the
    open orders' filled key messages (order_id, message_id), milestones and the stuck
    orders' analyses. Independent of the as-of date: cached once, patched by the log."""

    orders: pd.DataFrame
    key_messages: pd.DataFrame
    milestones: pd.DataFrame
    analyses: pd.DataFrame

    def of(self, changed: list[int]) -> Stored:
        """The rows of the orders ``changed`` only."""
        return Stored(*(rows_of(f, sorted(changed), k) for f, k in zip(self._frames(), _KEY, strict=True)))

    def _frames(self) -> tuple[pd.DataFrame, ...]:
        return self.orders, self.key_messages, self.milestones, self.analyses


_KEY = ("id", "order_id", "order_id", "order_id")  # each frame's order id, in Stored's order


@reads(*ORDER_TABLES, "r7_stages")
def stored_rows(db: sqlite_utils.Database) -> Stored:
    """The board's stored rows (the open stages are those of ``r7_stages``), each frame
    sorted by its order id (what splicing and picking rows by order rely on)."""
    return _sorted(
        Stored(read_board_orders(db), read_open_key_messages(db), read_open_milestones(db), read_stuck_analyses(db))
    )


def _sorted(rows: Stored) -> Stored:
    return Stored(
        *(f.sort_values(k, kind="stable", ignore_index=True) for f, k in zip(rows._frames(), _KEY, strict=True))
    )


def _patch_stored(db: sqlite_utils.Database, old: Stored, changed: list[int]) -> Stored:
    """``old`` with the rows of the orders ``changed`` read again (gone ones dropped)."""
    fresh = _sorted(
        Stored(
            read_board_orders(db, changed),
            read_open_key_messages(db, changed),
            read_open_milestones(db, changed),
            read_stuck_analyses(db, changed),
        )
    )
    return Stored(*(splice(o, n, changed, k) for o, n, k in zip(old._frames(), fresh._frames(), _KEY, strict=True)))


def stored(db: sqlite_utils.Database) -> Stored:
    return memo_patched(stored_rows, db, _patch_stored, ORDER_TABLES)


@reads(*_READS)
def board_orders(db: sqlite_utils.Database, *, as_of: dt.date) -> Cards:
    """Every order with its card's figures and alerts at ``as_of``.

    :raises kam.rules.params.RuleInputError: rules the board cannot use.
    """
    return _scored(stored(db), current_rules(db), read_org(db), read_customer_names(db), as_of)


def patch_cards(db: sqlite_utils.Database, old: Cards, changed: list[int], *, as_of: dt.date) -> Cards:
    """``old`` with the orders ``changed`` scored again (what :func:`board_orders` gives
    when only orders and their children were written since ``old``)."""
    new = _scored(stored(db).of(changed), old.rules, old.org, old.customers, as_of)
    return Cards(
        as_of,
        old.rules,
        old.org,
        splice(old.orders, new.orders, changed, "id"),
        splice(old.alerts, new.alerts, changed, "order_id"),
        splice(old.paused, new.paused, changed, "order_id"),
        old.customers,
    )


def board_cards(db: sqlite_utils.Database, as_of: dt.date) -> Cards:
    """:func:`board_orders`, cached and patched after writes to orders (kam/views/memo.py)."""
    return memo_patched(board_orders, db, patch_cards, ORDER_TABLES, as_of=as_of)


def _scored(rows: Stored, rules: Rules, org: Org, customers: pd.DataFrame, as_of: dt.date) -> Cards:
    """The cards of the orders of ``rows``."""
    orders = rows.orders
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
            "lock_day": to_dates(orders["lock_date"]),  # parsed once: every filter compares them
            "close_day": to_dates(orders["close_date"]),
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
    board = pd.concat([board, places(orders, customers, org)], axis=1).reset_index(drop=True)
    open_orders = orders[is_open.to_numpy()]
    alerts, board = _alerts(rows, open_orders, org, rules, as_of, board)
    pauses = board.loc[board["paused"], ["id", "paused_until", "pause_reason"]].rename(columns={"id": "order_id"})
    silenced = _silenced(open_orders, rows, org, rules, as_of)
    pauses = pauses.assign(silenced=lookup(ids(pauses["order_id"]), silenced).fillna(0).astype("int64").to_numpy())
    return Cards(as_of, rules, org, board, alerts, pauses.reset_index(drop=True), customers)


def _alerts(
    rows: Stored, open_orders: pd.DataFrame, org: Org, rules: Rules, as_of: dt.date, board: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The open orders' alerts (one row each) and the board with the card's columns:
    ``lock_valid``, ``messages_missing``, ``milestones`` (statuses in r7_milestones' day
    order), ``alerts`` (count), ``alert_days`` (most days overdue), ``reviewed``."""
    people = org.people
    review = lock_review_alerts(open_orders, people, rules, as_of)
    valid = lock_validity(open_orders, rows.key_messages, people, rules, as_of, review["reviewed"])
    valid = valid.set_index("order_id")
    miles = milestone_status(open_orders, rows.milestones, rules, as_of)
    stuck = stuck_alerts(open_orders, rows.analyses, rules, as_of)
    due = ["order_id", "due_date", "days_overdue"]
    found = [
        review.loc[review["alert"], due].assign(kind="review", milestone_code=None),
        miles.loc[miles["alert"], [*due, "milestone_code"]].assign(kind="milestone"),
        stuck.loc[stuck["alert"], due].assign(kind="stuck", milestone_code=None),
    ]
    alerts = pd.concat(found, ignore_index=True)[["order_id", "kind", "milestone_code", "due_date", "days_overdue"]]
    alerts = alerts.astype({"order_id": "int64", "days_overdue": "int64", "kind": "string", "milestone_code": "string"})
    alerts = alerts.sort_values("order_id", kind="stable", ignore_index=True)  # an order's alerts together
    # Per order: how many alerts and the most days overdue (on the sorted arrays: a groupby
    # costs some milliseconds even for the one order a patch scores).
    oids, days = alerts["order_id"].to_numpy(), alerts["days_overdue"].to_numpy()
    first = np.flatnonzero(np.r_[True, oids[1:] != oids[:-1]]) if len(oids) else np.empty(0, dtype="int64")
    per = pd.DataFrame(
        {
            "alerts": np.diff(np.r_[first, len(oids)]).astype("int64"),
            "alert_days": np.maximum.reduceat(days, first) if len(oids) else np.empty(0, dtype="int64"),
        },
        index=pd.Index(oids[first], name="order_id"),
    )
    dots = _dots(miles)
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


def _silenced(open_orders: pd.DataFrame, rows: Stored, org: Org, rules: Rules, as_of: dt.date) -> pd.Series:
    """How many alerts each paused order's pause holds back today (status ``paused``)."""
    paused = open_orders[(to_dates(open_orders["paused_until"]) >= pd.Timestamp(as_of)).fillna(False).to_numpy()]
    if paused.empty:
        return pd.Series(dtype="int64")
    held_rows = rows.of(ids(paused["id"]).tolist())
    miles, stuck = held_rows.milestones, held_rows.analyses
    held = pd.concat(
        [
            lock_review_alerts(paused, org.people, rules, as_of)[["order_id", "status"]],
            milestone_status(paused, miles, rules, as_of)[["order_id", "status"]],
            stuck_alerts(paused, stuck, rules, as_of)[["order_id", "status"]],
        ]
    )
    return held[held["status"] == "paused"].groupby("order_id").size()


def _dots(miles: pd.DataFrame) -> pd.Series:
    """Each order's milestone statuses in due-day order, as a tuple, by order id (without a
    Python call per order: at company size there are tens of thousands)."""
    if miles.empty:
        return pd.Series(dtype=object)
    ordered = miles.sort_values(["order_id", "due_day", "milestone_code"], kind="stable")
    oid = ids(ordered["order_id"]).to_numpy(dtype="int64")
    cuts = np.flatnonzero(np.diff(oid)) + 1
    groups = np.split(ordered["status"].astype(object).to_numpy(), cuts)
    return pd.Series([tuple(g) for g in groups], index=oid[np.r_[0, cuts]], dtype=object)


def milestone_days(rules: Rules) -> pd.DataFrame:
    """The milestones in day order: code, due_day, label_zh, label_en."""
    return table(rules, "r7_milestones").sort_values("due_day", kind="stable").reset_index(drop=True)


def alert_mask(frame: pd.DataFrame) -> np.ndarray:
    return (frame["alerts"] > 0).to_numpy()
