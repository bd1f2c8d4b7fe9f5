"""Where a person or a team was on a day (R10: "a person's branch and team are those at the
period's end"): today's team and branch, taken back through the moves the audit trail
recorded after that day.

A move is an audited update of ``people.team_id``, ``people.branch_id`` or
``teams.branch_id`` (kam.store.people.read_moves): its day and the value it replaced. On a
day D a row held the value the first move after D replaced, or today's value when it has not
moved since. Choices:
- a move belongs to the day it was saved on (the server's local day): a person moved on the
  last day of a month is in the new team for that month's honors;
- a change written to the database by hand, outside the tool, leaves no audit row: the
  history then starts at that change (the row is where it is now for every earlier day too).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

# The columns of a moves frame (kam.store.people.read_moves).
MOVE_COLUMNS = ("table_name", "row_id", "column_name", "day", "old_value")

_SHIFT = 2**20  # days per key in the combined (row, day) sort key: dates within ±1,400 years of 1970


def _empty_moves() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table_name": pd.Series(dtype="string"),
            "row_id": pd.Series(dtype="int64"),
            "column_name": pd.Series(dtype="string"),
            "day": pd.Series(dtype="datetime64[s]"),
            "old_value": pd.Series(dtype="float64"),
        }
    )


def _days(values: object) -> np.ndarray:
    return np.asarray(pd.to_datetime(pd.Series(values)).to_numpy(), dtype="datetime64[D]").astype("int64")


def values_at(
    current: pd.Series, moves: pd.DataFrame, table: str, column: str, rows: np.ndarray, days: np.ndarray
) -> np.ndarray:
    """``column`` of ``table`` for each (row id, day) at the end of that day.

    :param current: today's values by row id (NaN: none).
    :param moves: a moves frame (:data:`MOVE_COLUMNS`) in the order the moves were made.
    :param rows: row ids; ``days``: one day each (dates or ``datetime64``).
    :returns: float values (NaN where the row had none, or is unknown).
    """
    rows = np.asarray(rows, dtype="int64")
    now = pd.to_numeric(current, errors="coerce").astype("float64")
    now = now[~now.index.duplicated()]
    out = np.array(now.reindex(rows).to_numpy(dtype="float64", na_value=np.nan))  # a copy to write into
    if moves is None or moves.empty or not len(rows):
        return out
    m = moves.loc[(moves["table_name"] == table) & (moves["column_name"] == column)]
    m = m.loc[m["row_id"].notna() & m["day"].notna()]
    if m.empty:
        return out
    m_rows = m["row_id"].to_numpy(dtype="int64")
    key = m_rows * _SHIFT + (_days(m["day"]) + _SHIFT // 2)
    order = np.argsort(key, kind="stable")  # stable: the moves of one day stay in the order made
    key, old, m_rows = key[order], m["old_value"].to_numpy(dtype="float64")[order], m_rows[order]
    ask = rows * _SHIFT + (_days(days) + _SHIFT // 2)
    at = np.searchsorted(key, ask, side="right")  # the first move after the day
    hit = at < len(key)
    hit[hit] = m_rows[at[hit]] == rows[hit]
    out[hit] = old[at[hit]]
    return out


def people_at(people: pd.DataFrame, moves: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """``people`` with their ``team_id`` and ``branch_id`` as they were at the end of ``day``."""
    if moves is None or moves.empty or people.empty:
        return people
    ids = pd.to_numeric(people["id"], errors="coerce").fillna(-1).to_numpy(dtype="int64")
    days = np.full(len(ids), np.datetime64(day, "D"))
    now = people.set_index(ids)
    return people.assign(
        **{
            c: pd.array(values_at(now[c], moves, "people", c, ids, days), dtype="float64")
            for c in ("team_id", "branch_id")
        }
    ).astype({"team_id": "Int64", "branch_id": "Int64"})
