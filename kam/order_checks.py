"""The save path's checks of orders (issue 13), whatever saves them (the board's drag, the
card's menu, the orders grid, an import): a stage change is a move the rules of
``r7_transitions`` must allow, and a renewal must point at a won order of the same customer,
never at itself. Checked inside the save's write lock, on the rows as they would be.

Choice: a new order (an insert) may start in any stage, so that a branch can record its
history (orders won before the tool); its renewal is checked all the same. The lock's
validity is judged at today's date (a review dated later has not happened yet).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.i18n import translate
from kam.rules.moves import WON, move_refusals, move_values
from kam.rules.orders import _reviewer_rank, lock_validity
from kam.rules.params import Rules
from kam.store.access import MANAGER
from kam.store.orders import read_key_messages, read_orders
from kam.store.people import read_org
from kam.store.rules import load_rules
from kam.types import ChangeSet, Problem, RowKey

MANAGES = ("admin", MANAGER)  # who may reopen a won or lost order (r7_transitions.manager_only)
_MOVE_COLUMNS = ("stage", "lock_date", "close_date", "lost_reason", "reviewer_id", "review_date", "owner_id")


def lock_gap(valid: pd.Series, rules: Rules, lang: str) -> str:
    """What a lock lacks, in words (a row of :func:`kam.rules.orders.lock_validity`): the
    missing key messages and / or a review that counts."""
    parts = []
    missing = int(valid["messages_required"] - valid["messages_filled"])
    if missing > 0:
        parts.append(translate("move.gap_messages", lang, n=missing))
    if not bool(valid["reviewed"]):
        ranks = rules["ranks"].set_index("code")["label_zh" if lang == "zh" else "label_en"]
        rank = _reviewer_rank(rules)
        parts.append(translate("move.gap_review", lang, rank=str(ranks.get(rank, rank))))
    return ("；" if lang == "zh" else "; ").join(parts)


def move_params(frm: str, to: str, valid: pd.Series, rules: Rules, lang: str) -> tuple[tuple[str, object], ...]:
    """The placeholders of a ``move.*`` reason: the stages' labels and what the lock lacks."""
    stages = rules["r7_stages"].set_index("code")["label_zh" if lang == "zh" else "label_en"]
    return (
        ("frm", str(stages.get(frm, frm))),
        ("to", str(stages.get(to, to))),
        ("what", lock_gap(valid, rules, lang)),
    )


def _value(changed: dict[str, object], stored: pd.Series | None, column: str) -> object:
    if column in changed:
        return changed[column]
    return None if stored is None else stored.get(column)


def _iso(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def order_problems(
    db: sqlite_utils.Database,
    typed: ChangeSet,
    role: str,
    today: dt.date | None = None,
    lang: str = "zh",
    person_id: int | None = None,
) -> list[Problem]:
    """What is wrong with the orders ``typed`` would leave: refused moves (on the stage
    column, with the reason of :func:`kam.rules.moves.move_refusals`), renewals that do not
    point at a won order of the same customer (on ``renew_of``) and reviews recorded in
    someone else's name (on ``reviewer_id``, :func:`_reviews`).

    :param person_id: the signed-in user's person (None: an account without one)."""
    today = today or dt.date.today()
    keys = [k for k in typed.updates]
    stored = read_orders(db, [int(k) for k in keys]).set_index("id")
    rules = load_rules(db)
    out = _reviews(typed, stored, role, person_id, today)
    out += _moves(db, typed, stored, rules, role, today, lang)
    out += _renewals(db, typed, stored)
    return out


def _reviews(typed: ChangeSet, stored: pd.DataFrame, role: str, person_id: int | None, today: dt.date) -> list[Problem]:
    """A lock review is recorded by the reviewer, as the signed-in user (issue 13): whoever
    sets or changes an order's reviewer or review date must be that reviewer, the date not
    after today nor before the lock (the card's "review it as me" dates it today).

    Choice: an admin may record anyone's review (entering the history of orders reviewed
    before the tool, an import); clearing a review is a change of its own and allowed to
    whoever may write the order."""
    if role == "admin":
        return []
    out: list[Problem] = []
    rows = [(k, ch, stored.loc[k] if k in stored.index else None) for k, ch in typed.updates.items()]
    rows += [(k, ch, None) for k, ch in typed.inserts.items()]
    for k, ch, before in rows:
        if "reviewer_id" not in ch and "review_date" not in ch:
            continue
        reviewer, day = _value(ch, before, "reviewer_id"), _iso(_value(ch, before, "review_date"))
        if reviewer is None or (isinstance(reviewer, float) and pd.isna(reviewer)):
            continue  # a review cleared
        if person_id is None or int(reviewer) != int(person_id):
            out.append(Problem(k, "reviewer_id", "board.review_not_yours", ()))
            continue
        lock = _iso(_value(ch, before, "lock_date"))
        if day is not None and (day > today.isoformat() or (lock is not None and day < lock)):
            out.append(Problem(k, "review_date", "board.review_date_bad", (("today", today.isoformat()),)))
    return out


def _moves(
    db: sqlite_utils.Database,
    typed: ChangeSet,
    stored: pd.DataFrame,
    rules: Rules,
    role: str,
    today: dt.date,
    lang: str,
) -> list[Problem]:
    moved: list[RowKey] = [
        k
        for k, ch in typed.updates.items()
        if "stage" in ch and k in stored.index and str(ch["stage"]) != str(stored.at[k, "stage"])
    ]
    if not moved:
        return []
    after = []
    for k in moved:
        row = {"id": int(k), **{c: _value(typed.updates[k], stored.loc[k], c) for c in _MOVE_COLUMNS}}
        after.append(row)
    frame = pd.DataFrame(after)
    valid = lock_validity(
        frame.assign(stage=[stored.at[k, "stage"] for k in moved]),
        read_key_messages(db, [int(k) for k in moved]),
        read_org(db).people,
        rules,
        today,
    )
    request = pd.DataFrame(
        {
            "from_stage": [stored.at[k, "stage"] for k in moved],
            "to_stage": frame["stage"].astype(str).to_numpy(),
            "lock_valid": valid["valid"].to_numpy(),
            "lock_date": [_iso(v) for v in frame["lock_date"]],
            "close_date": [_iso(v) for v in frame["close_date"]],
            "reason": frame["lost_reason"].to_numpy(),
            "by_manager": role in MANAGES,
        }
    )
    why = move_refusals(request, rules)
    out = []
    for i, k in enumerate(moved):
        reason = why.iloc[i]
        if reason is None:
            continue
        frm, to = str(request.at[i, "from_stage"]), str(request.at[i, "to_stage"])
        out.append(Problem(k, "stage", reason, move_params(frm, to, valid.iloc[i], rules, lang)))
    return out


def _renewals(db: sqlite_utils.Database, typed: ChangeSet, stored: pd.DataFrame) -> list[Problem]:
    rows: list[tuple[RowKey, object, object]] = []
    for k, ch in typed.updates.items():
        if ("renew_of" in ch or "customer_id" in ch) and k in stored.index:
            rows.append((k, _value(ch, stored.loc[k], "renew_of"), _value(ch, stored.loc[k], "customer_id")))
    for k, ch in typed.inserts.items():
        rows.append((k, ch.get("renew_of"), ch.get("customer_id")))
    rows = [(k, r, c) for k, r, c in rows if r is not None and not (isinstance(r, float) and pd.isna(r))]
    if not rows:
        return []
    targets = sorted({int(r) for _, r, _ in rows})
    found = read_orders(db, targets, "id, customer_id, stage").set_index("id")
    out = []
    for k, r, customer in rows:
        r = int(r)
        if r == k:
            out.append(Problem(k, "renew_of", "board.renew_self", ()))
        elif r not in found.index or found.at[r, "stage"] != WON:
            out.append(Problem(k, "renew_of", "board.renew_not_won", (("order", r),)))
        elif customer is not None and int(found.at[r, "customer_id"]) != int(customer):
            out.append(Problem(k, "renew_of", "board.renew_other_customer", (("order", r),)))
    return out


def derive_moves(today: dt.date | None = None):
    """A ``derive`` for the orders grid: a stage changed in a cell writes what the same
    move writes on the board (the day it entered the stage, the stuck date, the close date
    of won and lost, default today), without overriding values the user typed."""

    def derive(loaded: pd.DataFrame, typed: ChangeSet) -> ChangeSet:
        day = today or dt.date.today()
        updates = {}
        for k, ch in typed.updates.items():
            if "stage" in ch and k in loaded.index and str(ch["stage"]) != str(loaded.at[k, "stage"]):
                to = str(ch["stage"])
                close = ch.get("close_date")
                close_d = dt.date.fromisoformat(_iso(close)) if close not in (None, "") and _iso(close) else None
                values = move_values(to, day, close_date=close_d, reason=ch.get("lost_reason"))
                updates[k] = {**values, **ch}
            else:
                updates[k] = ch
        return ChangeSet(updates=updates, versions=typed.versions, inserts=typed.inserts, deletes=typed.deletes)

    return derive
