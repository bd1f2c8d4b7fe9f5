"""Closing and reopening a period as the signed-in user (kam.closing): the one action the
honor rolls and the talent page's star history share. Who may: kam.store.access.PERIOD_CLOSERS
by the period's kind."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlite_utils

from kam.closing import close_period, reopen_period
from kam.rules.periods import period_kind
from kam.store.access import Access
from kam.store.names import acting_name
from kam.store.talent import read_close_history
from kam.types import Problem
from kam.views import reads
from kam.views.memo import memo

__all__ = ["close", "reopen", "may_close", "history"]


@reads("closed_periods")
def _closes(db: sqlite_utils.Database) -> pd.DataFrame:
    return read_close_history(db)


def history(db: sqlite_utils.Database, period: str) -> pd.DataFrame:
    """Every close of ``period``, newest first, with its reopen: closed_at, closed_by,
    reopened_at, reopened_by, reopen_reason (people by name, times to the minute). Empty
    when it was never closed."""
    c = memo(_closes, db)
    c = c.loc[c["period"].astype(str) == period] if len(c) else c
    cols = ["closed_at", "closed_by", "reopened_at", "reopened_by", "reopen_reason"]
    if c.empty:
        return pd.DataFrame(columns=cols)
    name = lambda v: acting_name(v) if isinstance(v, str) else ""  # noqa: E731
    minute = lambda v: str(v)[:16].replace("T", " ") if isinstance(v, str) else ""  # noqa: E731
    return pd.DataFrame(
        {
            "closed_at": c["closed_at"].map(minute),
            "closed_by": c["closed_by"].map(name),
            "reopened_at": c["reopened_at"].map(minute),
            "reopened_by": c["reopened_by"].map(name),
            "reopen_reason": c["reopen_reason"].fillna("").astype(str),
        }
    ).reset_index(drop=True)


def may_close(access: Access, period: str) -> bool:
    """Whether the user closes and reopens ``period`` (by its kind)."""
    return access.closes(period_kind(period))


def close(
    db: sqlite_utils.Database, access: Access, period: str, today: dt.date, now: dt.datetime | None = None
) -> list[Problem]:
    """Close ``period`` on the business date ``today`` (``now``: the audit's UTC time)."""
    if not may_close(access, period):
        return [Problem(None, None, "access.no_write", (("table", "closed_periods"),))]
    return close_period(db, access.user, period, today, now)


def reopen(
    db: sqlite_utils.Database, access: Access, period: str, reason: str, now: dt.datetime | None = None
) -> list[Problem]:
    """Reopen ``period`` for ``reason`` (required: the audit keeps why)."""
    if not may_close(access, period):
        return [Problem(None, None, "access.no_write", (("table", "closed_periods"),))]
    return reopen_period(db, access.user, period, reason, now)
