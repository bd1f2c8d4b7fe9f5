"""Closing and reopening a period as the signed-in user (kam.closing): the one action the
honor rolls and the talent page's star history share. Who may: kam.store.access.PERIOD_CLOSERS
by the period's kind."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from kam.closing import close_period, reopen_period
from kam.rules.periods import period_kind
from kam.store.access import Access
from kam.types import Problem

__all__ = ["close", "reopen", "may_close"]


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
