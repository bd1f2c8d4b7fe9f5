"""R7 moves of the order board (issue 13): which moves between stages the rules allow and
what each needs, from the rules table ``r7_transitions``; what a move writes.

A move is refused with the first reason that applies, in this order: the move is not in
the table (or the order is in that stage already); a manager's move made by someone else;
a valid lock missing; a close date missing, or before the lock date; a reason missing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from kam.rules.params import Rules, table
from kam.rules.periods import to_dates

LOST, STUCK, WON = "lost", "stuck", "won"


def move_refusals(moves: pd.DataFrame, rules: Rules) -> pd.Series:
    """Why each requested move is refused (a translation key of ``move.*``), None when allowed.

    :param moves: one row per move: ``from_stage``, ``to_stage``, ``lock_valid`` (bool: key
      messages all filled and a review that counts, :func:`kam.rules.orders.lock_validity`),
      ``lock_date``, ``close_date`` (ISO text or None: the date the move would record),
      ``reason`` (text or None), ``by_manager`` (bool: the signed-in user is a manager).
    :returns: by the index of ``moves``.
    """
    rules_frame = table(rules, "r7_transitions")
    key = pd.MultiIndex.from_arrays([moves["from_stage"].astype(str), moves["to_stage"].astype(str)])
    allowed = rules_frame.set_index(["from_stage", "to_stage"])
    found = allowed.reindex(key)

    def flag(column: str) -> np.ndarray:
        return pd.to_numeric(found[column], errors="coerce").fillna(0).to_numpy() == 1

    known = key.isin(allowed.index)
    same = (moves["from_stage"].astype(str) == moves["to_stage"].astype(str)).to_numpy()
    lock_date, close_date = to_dates(moves["lock_date"]), to_dates(moves["close_date"])
    reason = moves["reason"].astype("string").str.strip().fillna("")
    checks = [
        (same, "move.same_stage"),
        (~known, "move.not_allowed"),
        (flag("manager_only") & ~moves["by_manager"].astype(bool).to_numpy(), "move.manager_only"),
        (flag("needs_valid_lock") & ~moves["lock_valid"].astype(bool).to_numpy(), "move.needs_valid_lock"),
        (flag("needs_close_date") & close_date.isna().to_numpy(), "move.needs_close_date"),
        ((close_date < lock_date).fillna(False).to_numpy(), "move.close_before_lock"),
        (flag("needs_reason") & (reason == "").to_numpy(), "move.needs_reason"),
    ]
    out = pd.Series([None] * len(moves), index=moves.index, dtype="object")
    for hit, why in reversed(checks):  # the first reason that applies wins
        out = out.mask(pd.Series(hit, index=moves.index), why)
    return out


def move_values(
    to_stage: str, as_of: dt.date, *, close_date: dt.date | None = None, reason: str | None = None
) -> dict[str, object]:
    """What a move writes on the order: its stage and the day it entered it; a move to
    stuck sets the stuck date; won records the close date (default the as-of date); lost
    its reason and the day; a reopen clears the close date and the reason."""
    day = as_of.isoformat()
    values: dict[str, object] = {"stage": to_stage, "stage_since": day}
    if to_stage == STUCK:
        values["stuck_since"] = day
    if to_stage == WON:
        values["close_date"] = (close_date or as_of).isoformat()
    elif to_stage == LOST:
        values["close_date"] = (close_date or as_of).isoformat()
        values["lost_reason"] = (reason or "").strip() or None
    else:
        values["close_date"] = None
        values["lost_reason"] = None
    return values
